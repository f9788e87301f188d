import { parseArgs } from "node:util";
import { InvalidConfigError } from "@checkpointkit/core";
import type { BrowseSettings, SettingName } from "./browse-settings.js";

/** The command line of `checkpointkit-browse`, before a config file is read. */
export interface BrowseArguments {
  help: boolean;
  /** `--config <file>`: a .json, .js or .mjs file of settings the flags override. */
  configPath: string | undefined;
  flags: BrowseSettings;
}

/** Each string flag and the setting it fills. */
const FLAG_SETTINGS = {
  redis: "redis",
  postgres: "postgres",
  "cosmos-endpoint": "cosmosEndpoint",
  "tiered-redis": "tieredRedis",
  "tiered-postgres": "tieredPostgres",
  "tiered-cosmos-endpoint": "tieredCosmosEndpoint",
  "key-prefix": "keyPrefix",
  "shard-count": "shardCount",
  schema: "schema",
  "cosmos-key": "cosmosKey",
  database: "database",
  container: "container",
  host: "host",
  port: "port",
} as const satisfies Record<string, SettingName>;

type Flag = keyof typeof FLAG_SETTINGS;

const OPTIONS = {
  ...(Object.fromEntries(
    Object.keys(FLAG_SETTINGS).map((flag) => [flag, { type: "string" }]),
  ) as Record<Flag, { type: "string" }>),
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses the command line; which saver it names is decided once the config file is read. */
export function parseBrowseArguments(argv: readonly string[]): BrowseArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], allowPositionals: false, options: OPTIONS }).values;
  } catch (error) {
    // parseArgs names the unknown option, never a value given to a known one.
    const message = error instanceof Error ? error.message : "invalid arguments";
    throw new InvalidConfigError(message, { field: "argv" });
  }
  const flags: BrowseSettings = {};
  for (const [flag, name] of Object.entries(FLAG_SETTINGS)) {
    const value = values[flag];
    if (typeof value === "string") flags[name] = { value, label: `--${flag}` };
  }
  const configPath = values.config;
  return {
    help: values.help === true,
    configPath: typeof configPath === "string" ? configPath : undefined,
    flags,
  };
}
