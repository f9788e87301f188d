import { InvalidConfigError } from "@checkpointkit/core";
import { parseOptionUrl } from "@checkpointkit/core/internal";
import { type BrowseSettings, integerSetting, required, type Setting } from "./browse-settings.js";

export interface RedisSelection {
  kind: "redis";
  url: string;
  /** The URL without its password. */
  display: string;
  keyPrefix: string | undefined;
  shardCount: number | undefined;
}
export interface PostgresSelection {
  kind: "postgres";
  url: string;
  display: string;
  schema: string | undefined;
}
export interface CosmosSelection {
  kind: "cosmos";
  endpoint: string;
  key: string;
  databaseId: string;
  containerId: string;
}
/** A TieredSaver over its Redis hot tier and one cold tier, opened read-only. */
export interface TieredSelection {
  kind: "tiered";
  redis: RedisSelection;
  cold: PostgresSelection | CosmosSelection;
}

/** The saver `checkpointkit-browse` reads, checked but not opened. */
export type SaverSelection = RedisSelection | PostgresSelection | CosmosSelection | TieredSelection;

const REDIS_PROTOCOLS = ["redis:", "rediss:"];
const POSTGRES_PROTOCOLS = ["postgres:", "postgresql:"];
const COSMOS_PROTOCOLS = ["https:", "http:"];

/** Checks the URL's scheme; the refusal names where it came from, never the URL. */
function checkedUrl(setting: Setting, field: string, protocols: readonly string[]) {
  const parsed = parseOptionUrl(setting.value, field, protocols, setting.label);
  parsed.password = "";
  return { url: setting.value, display: parsed.toString() };
}

function redisSelection(url: Setting, settings: BrowseSettings, field: string): RedisSelection {
  return {
    kind: "redis",
    ...checkedUrl(url, field, REDIS_PROTOCOLS),
    keyPrefix: settings.keyPrefix?.value,
    shardCount: integerSetting(settings.shardCount, 1, 16_384),
  };
}

function postgresSelection(url: Setting, settings: BrowseSettings, field: string) {
  const checked = checkedUrl(url, field, POSTGRES_PROTOCOLS);
  return { kind: "postgres", ...checked, schema: settings.schema?.value } as const;
}

function cosmosSelection(
  endpoint: Setting,
  settings: BrowseSettings,
  env: NodeJS.ProcessEnv,
): CosmosSelection {
  checkedUrl(endpoint, "cosmos-endpoint", COSMOS_PROTOCOLS);
  const envKey = env.COSMOS_KEY;
  const key =
    settings.cosmosKey?.value ??
    (envKey === undefined || envKey === "" ? undefined : envKey) ??
    required(settings, "cosmosKey", "--cosmos-key (or COSMOS_KEY)", endpoint.label).value;
  return {
    kind: "cosmos",
    endpoint: endpoint.value,
    key,
    databaseId: required(settings, "database", "--database", endpoint.label).value,
    containerId: required(settings, "container", "--container", endpoint.label).value,
  };
}

function labelsOf(settings: BrowseSettings, names: readonly (keyof BrowseSettings)[]): string[] {
  return names.flatMap((name) => {
    const setting = settings[name];
    return setting === undefined ? [] : [setting.label];
  });
}

/**
 * Exactly one saver: `--redis`, `--postgres`, `--cosmos-endpoint` (or COSMOS_ENDPOINT when
 * nothing else is named), or `--tiered-redis` with one of `--tiered-postgres` /
 * `--tiered-cosmos-endpoint`. Every URL is checked here, before anything is opened.
 */
export function selectSaver(settings: BrowseSettings, env: NodeJS.ProcessEnv): SaverSelection {
  const tieredCold = labelsOf(settings, ["tieredPostgres", "tieredCosmosEndpoint"]);
  const plain = labelsOf(settings, ["redis", "postgres", "cosmosEndpoint"]);
  const tiered = settings.tieredRedis !== undefined || tieredCold.length > 0;
  if (plain.length + (tiered ? 1 : 0) > 1) {
    const named = [...plain, ...labelsOf(settings, ["tieredRedis"]), ...tieredCold];
    throw new InvalidConfigError(
      `name one saver: --redis, --postgres, --cosmos-endpoint or --tiered-redis (got ${named.join(", ")})`,
      { field: "saver" },
    );
  }
  if (tiered) {
    const redisUrl = required(settings, "tieredRedis", "--tiered-redis", "a tiered saver");
    if (tieredCold.length !== 1) {
      throw new InvalidConfigError(
        "a tiered saver needs one cold tier: --tiered-postgres or --tiered-cosmos-endpoint",
        { field: "tieredCold" },
      );
    }
    const redis = redisSelection(redisUrl, settings, "tiered-redis");
    const cold =
      settings.tieredPostgres !== undefined
        ? postgresSelection(settings.tieredPostgres, settings, "tiered-postgres")
        : cosmosSelection(settings.tieredCosmosEndpoint as Setting, settings, env);
    return { kind: "tiered", redis, cold };
  }
  if (settings.redis !== undefined) return redisSelection(settings.redis, settings, "redis");
  if (settings.postgres !== undefined) {
    return postgresSelection(settings.postgres, settings, "postgres");
  }
  const endpoint =
    settings.cosmosEndpoint ??
    (env.COSMOS_ENDPOINT ? { value: env.COSMOS_ENDPOINT, label: "COSMOS_ENDPOINT" } : undefined);
  if (endpoint !== undefined) return cosmosSelection(endpoint, settings, env);
  throw new InvalidConfigError(
    "name a saver: --redis, --postgres, --cosmos-endpoint, --tiered-redis, or --config <file>",
    { field: "saver" },
  );
}
