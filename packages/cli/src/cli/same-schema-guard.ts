import { InvalidConfigError } from "@checkpointkit/core";
import { DEFAULT_SCHEMA } from "@checkpointkit/postgres";
import { parseConnectionUrl } from "./connection-url.js";
import type { MigrateArguments } from "./migrate-arguments.js";

const POSTGRES_PROTOCOLS = ["postgres:", "postgresql:"];
const DEFAULT_PORT = "5432";

function databaseOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname.toLowerCase()}:${parsed.port || DEFAULT_PORT}${parsed.pathname}`;
}

/**
 * Refuses a PostgreSQL target in the official saver's own schema: both savers name a table
 * `checkpoints`, so the target's setup would meet the official tables and the copy would write
 * into the data it reads. The same server under two host names is not recognised.
 */
export function refuseOfficialSchemaAsTarget(args: MigrateArguments): void {
  const scheme = args.to.split(":")[0]?.toLowerCase();
  if (scheme !== "postgres" && scheme !== "postgresql") return;
  const from = parseConnectionUrl(args.from, "from", POSTGRES_PROTOCOLS);
  const to = parseConnectionUrl(args.to, "to", POSTGRES_PROTOCOLS);
  const fromSchema = args.fromSchema ?? from.schema ?? "public";
  const toSchema = args.toSchema ?? to.schema ?? DEFAULT_SCHEMA;
  if (fromSchema === toSchema && databaseOf(from.driverUrl) === databaseOf(to.driverUrl)) {
    throw new InvalidConfigError(
      `--to names the source's own schema ${JSON.stringify(fromSchema)}: pick another --to-schema`,
      { field: "to-schema" },
    );
  }
}
