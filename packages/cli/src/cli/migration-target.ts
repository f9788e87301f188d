import { InvalidConfigError } from "@checkpointkit/core";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { DEFAULT_SCHEMA, PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { parseConnectionUrl } from "./connection-url.js";
import type { MigrateArguments } from "./migrate-arguments.js";
import type { SecretScrubber } from "./secret-scrubber.js";

/** The saver the CLI writes into, with a description free of secrets. */
export interface MigrationTarget {
  saver: BaseCheckpointSaver;
  /** Where the threads go, without password or key: for messages and the state file. */
  display: string;
  close(): Promise<void>;
}

/** A saver whose setup fails still owns a client: close it, or the process never exits. */
async function setUpOrClose(saver: { close(): Promise<void> }, setup: () => Promise<void>) {
  try {
    await setup();
  } catch (error) {
    await saver.close().catch(() => {});
    throw error;
  }
}

function cosmosSetting(value: string | undefined, option: string, env: string): string {
  if (value === undefined || value === "") {
    throw new InvalidConfigError(`--to cosmos needs --${option} (or ${env})`, { field: option });
  }
  return value;
}

async function openCosmos(args: MigrateArguments, scrubber: SecretScrubber) {
  const endpoint = cosmosSetting(args.cosmosEndpoint, "cosmos-endpoint", "COSMOS_ENDPOINT");
  const key = cosmosSetting(args.cosmosKey, "cosmos-key", "COSMOS_KEY");
  scrubber.add(key);
  const databaseId = cosmosSetting(args.cosmosDatabase, "cosmos-database", "COSMOS_DATABASE");
  const containerId = cosmosSetting(args.cosmosContainer, "cosmos-container", "COSMOS_CONTAINER");
  const saver = CosmosSaver.fromConnectionString(`AccountEndpoint=${endpoint};AccountKey=${key};`, {
    databaseId,
    containerId,
  });
  await setUpOrClose(saver, () => saver.setup({ createIfNotExists: args.cosmosCreateContainer }));
  return { saver, display: `cosmos ${endpoint} ${databaseId}/${containerId}` };
}

async function openPostgres(args: MigrateArguments) {
  const url = parseConnectionUrl(args.to, "to", ["postgres:", "postgresql:"]);
  const schema = args.toSchema ?? url.schema;
  const saver = PostgresSaver.fromConnString(url.driverUrl, schema === undefined ? {} : { schema });
  await setUpOrClose(saver, () => saver.setup());
  return { saver, display: `${url.display} schema ${schema ?? DEFAULT_SCHEMA}` };
}

async function openRedis(args: MigrateArguments) {
  const url = parseConnectionUrl(args.to, "to", ["redis:", "rediss:"]);
  const saver = RedisSaver.fromUrl(
    url.driverUrl,
    args.toKeyPrefix === undefined ? {} : { keyPrefix: args.toKeyPrefix },
  );
  await setUpOrClose(saver, () => saver.setup());
  const prefix = args.toKeyPrefix === undefined ? "" : ` prefix ${args.toKeyPrefix}`;
  return { saver, display: `${url.display}${prefix}` };
}

/** Opens (and sets up) the saver `--to` names; its owned client is released by `close`. */
export async function openMigrationTarget(
  args: MigrateArguments,
  scrubber: SecretScrubber,
): Promise<MigrationTarget> {
  scrubber.addUrlPassword(args.to);
  const scheme = args.to.split(":")[0]?.toLowerCase();
  const open =
    args.to === "cosmos"
      ? () => openCosmos(args, scrubber)
      : scheme === "postgres" || scheme === "postgresql"
        ? () => openPostgres(args)
        : scheme === "redis" || scheme === "rediss"
          ? () => openRedis(args)
          : undefined;
  if (open === undefined) {
    throw new InvalidConfigError("--to must be a postgres:// or redis:// URL, or cosmos", {
      field: "to",
    });
  }
  const { saver, display } = await open();
  return { saver, display, close: () => saver.close() };
}
