import { parseArgs } from "node:util";
import { InvalidConfigError } from "@checkpointkit/core";

/** The saver `checkpointkit-browse` reads, as named on the command line. */
export type SaverSelection =
  | { kind: "redis"; url: string; keyPrefix: string | undefined }
  | { kind: "postgres"; url: string; schema: string | undefined }
  | { kind: "cosmos"; endpoint: string; key: string; databaseId: string; containerId: string };

export interface BrowseArguments {
  help: boolean;
  saver: SaverSelection | undefined;
  host: string;
  port: number;
}

function setting(value: string | undefined, option: string, env: string | undefined): string {
  if (value === undefined || value === "") {
    const from = env === undefined ? "" : ` (or ${env})`;
    throw new InvalidConfigError(`--cosmos-endpoint needs --${option}${from}`, { field: option });
  }
  return value;
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidConfigError("--port must be an integer from 0 to 65535", { field: "port" });
  }
  return port;
}

/** Parses the command line; exactly one of --redis, --postgres, --cosmos-endpoint. */
export function parseBrowseArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): BrowseArguments {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs names the unknown option, never a value given to a known one.
    const message = error instanceof Error ? error.message : "invalid arguments";
    throw new InvalidConfigError(message, { field: "argv" });
  }
  const host = values.host ?? "127.0.0.1";
  const port = portOf(values.port);
  if (values.help === true) return { help: true, saver: undefined, host, port };
  const cosmosEndpoint = values["cosmos-endpoint"] ?? env.COSMOS_ENDPOINT;
  const chosen = [values.redis, values.postgres, values["cosmos-endpoint"]].filter(
    (value) => value !== undefined,
  );
  if (chosen.length > 1) {
    throw new InvalidConfigError("name one saver: --redis, --postgres or --cosmos-endpoint", {
      field: "saver",
    });
  }
  let saver: SaverSelection;
  if (values.redis !== undefined) {
    saver = { kind: "redis", url: values.redis, keyPrefix: values["key-prefix"] };
  } else if (values.postgres !== undefined) {
    saver = { kind: "postgres", url: values.postgres, schema: values.schema };
  } else if (cosmosEndpoint !== undefined && cosmosEndpoint !== "") {
    saver = {
      kind: "cosmos",
      endpoint: cosmosEndpoint,
      key: setting(values["cosmos-key"] ?? env.COSMOS_KEY, "cosmos-key", "COSMOS_KEY"),
      databaseId: setting(values.database, "database", undefined),
      containerId: setting(values.container, "container", undefined),
    };
  } else {
    throw new InvalidConfigError("name a saver: --redis, --postgres or --cosmos-endpoint", {
      field: "saver",
    });
  }
  return { help: false, saver, host, port };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      redis: { type: "string" },
      "key-prefix": { type: "string" },
      postgres: { type: "string" },
      schema: { type: "string" },
      "cosmos-endpoint": { type: "string" },
      "cosmos-key": { type: "string" },
      database: { type: "string" },
      container: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
