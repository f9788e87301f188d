import pg from "pg";
import { OfficialPostgresSource } from "../official-postgres-source.js";
import { parseConnectionUrl } from "./connection-url.js";
import type { MigrateArguments } from "./migrate-arguments.js";
import type { SecretScrubber } from "./secret-scrubber.js";

/** Milliseconds to wait for a connection to the source database. */
const SOURCE_CONNECTION_TIMEOUT_MS = 10_000;

export interface SourceConnection {
  source: OfficialPostgresSource;
  display: string;
  close(): Promise<void>;
}

/** A pool on `--from` and a reader of the official tables in `--from-schema`. */
export function connectSource(args: MigrateArguments, scrubber: SecretScrubber): SourceConnection {
  scrubber.addUrlPassword(args.from);
  const url = parseConnectionUrl(args.from, "from", ["postgres:", "postgresql:"]);
  const schema = args.fromSchema ?? url.schema ?? "public";
  const pool = new pg.Pool({
    connectionString: url.driverUrl,
    max: 2,
    connectionTimeoutMillis: SOURCE_CONNECTION_TIMEOUT_MS,
  });
  // An idle connection the server drops is reported here; the next query reconnects.
  pool.on("error", () => {});
  return {
    source: new OfficialPostgresSource({ pool, schema }),
    display: `${url.display} schema ${schema}`,
    close: () => pool.end(),
  };
}
