import { parseArgs } from "node:util";
import { InvalidConfigError } from "@checkpointkit/core";

/** What `checkpointkit migrate` was asked to do. */
export interface MigrateArguments {
  from: string;
  fromSchema: string | undefined;
  to: string;
  toSchema: string | undefined;
  toKeyPrefix: string | undefined;
  cosmosEndpoint: string | undefined;
  cosmosKey: string | undefined;
  cosmosDatabase: string | undefined;
  cosmosContainer: string | undefined;
  cosmosCreateContainer: boolean;
  stateFile: string | undefined;
  dryRun: boolean;
  help: boolean;
}

const OPTIONS = {
  from: { type: "string" },
  "from-schema": { type: "string" },
  to: { type: "string" },
  "to-schema": { type: "string" },
  "to-key-prefix": { type: "string" },
  "cosmos-endpoint": { type: "string" },
  "cosmos-key": { type: "string" },
  "cosmos-database": { type: "string" },
  "cosmos-container": { type: "string" },
  "cosmos-create-container": { type: "boolean", default: false },
  state: { type: "string" },
  "dry-run": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === "") {
    throw new InvalidConfigError(`--${option} is required (see checkpointkit migrate --help)`, {
      field: option,
    });
  }
  return value;
}

/**
 * Parses the arguments after `migrate`. Cosmos DB settings fall back to the environment
 * (`COSMOS_ENDPOINT`, `COSMOS_KEY`, `COSMOS_DATABASE`, `COSMOS_CONTAINER`) so the key need
 * not appear on a command line, where other users of the machine can read it.
 */
export function parseMigrateArguments(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): MigrateArguments {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true }));
  } catch (error) {
    // parseArgs names the offending option, never an option's value.
    throw new InvalidConfigError(`${(error as Error).message} (see checkpointkit migrate --help)`);
  }
  const help = values.help ?? false;
  return {
    from: help ? "" : required(values.from, "from"),
    fromSchema: values["from-schema"],
    to: help ? "" : required(values.to, "to"),
    toSchema: values["to-schema"],
    toKeyPrefix: values["to-key-prefix"],
    cosmosEndpoint: values["cosmos-endpoint"] ?? env.COSMOS_ENDPOINT,
    cosmosKey: values["cosmos-key"] ?? env.COSMOS_KEY,
    cosmosDatabase: values["cosmos-database"] ?? env.COSMOS_DATABASE,
    cosmosContainer: values["cosmos-container"] ?? env.COSMOS_CONTAINER,
    cosmosCreateContainer: values["cosmos-create-container"] ?? false,
    stateFile: values.state,
    dryRun: values["dry-run"] ?? false,
    help,
  };
}
