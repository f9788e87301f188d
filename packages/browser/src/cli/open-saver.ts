import { InvalidConfigError } from "@checkpointkit/core";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { DEFAULT_SCHEMA, PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverSelection } from "./browse-arguments.js";

/** The saver the page reads, with a description free of passwords and keys. */
export interface OpenedSaver {
  saver: BaseCheckpointSaver;
  display: string;
  close(): Promise<void>;
}

/** The URL without its password; the message of a refusal never contains the URL. */
function displayUrl(url: string, option: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidConfigError(`--${option} is not a valid URL`, { field: option });
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new InvalidConfigError(`--${option} must start with ${protocols.join("// or ")}//`, {
      field: option,
    });
  }
  parsed.password = "";
  return parsed.toString();
}

/**
 * Opens the saver without `setup()`: setup may create or migrate a schema, and browsing never
 * writes. A store that does not exist yet shows the saver's error on the page instead.
 */
export function openSaver(selection: SaverSelection): OpenedSaver {
  switch (selection.kind) {
    case "redis": {
      const display = displayUrl(selection.url, "redis", ["redis:", "rediss:"]);
      const prefix = selection.keyPrefix;
      const saver = RedisSaver.fromUrl(
        selection.url,
        prefix === undefined ? {} : { keyPrefix: prefix },
      );
      const shownPrefix = prefix === undefined ? "" : ` prefix ${prefix}`;
      return { saver, display: `${display}${shownPrefix}`, close: () => saver.close() };
    }
    case "postgres": {
      const display = displayUrl(selection.url, "postgres", ["postgres:", "postgresql:"]);
      const schema = selection.schema;
      const saver = PostgresSaver.fromConnString(
        selection.url,
        schema === undefined ? {} : { schema },
      );
      return {
        saver,
        display: `${display} schema ${schema ?? DEFAULT_SCHEMA}`,
        close: () => saver.close(),
      };
    }
    case "cosmos": {
      const saver = CosmosSaver.fromConnectionString(
        `AccountEndpoint=${selection.endpoint};AccountKey=${selection.key};`,
        { databaseId: selection.databaseId, containerId: selection.containerId },
      );
      return {
        saver,
        display: `cosmos ${selection.endpoint} ${selection.databaseId}/${selection.containerId}`,
        close: () => saver.close(),
      };
    }
  }
}
