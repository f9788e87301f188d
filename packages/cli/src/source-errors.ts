import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";

const UNDEFINED_TABLE = "42P01";
const INVALID_SCHEMA = "3F000";
const REFUSED_CREDENTIALS = new Set(["28P01", "28000"]);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function driverMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failure reading the official tables, as a typed error. The driver's message is kept (the
 * error class redacts anything shaped like a credential, and a `pg` message never carries the
 * password) and the cause is sanitized; the connection string never appears.
 */
export function toSourceError(error: unknown, schema: string): Error {
  const state = sqlState(error);
  if (state === UNDEFINED_TABLE || state === INVALID_SCHEMA) {
    return new InvalidConfigError(
      `no official PostgresSaver tables in schema ${JSON.stringify(schema)} of the source database (pass the schema it was set up with)`,
      { field: "from-schema", cause: error },
    );
  }
  if (state !== undefined && REFUSED_CREDENTIALS.has(state)) {
    return new InvalidConfigError(
      `the source database refused the credentials: ${driverMessage(error)}`,
      { field: "from", cause: error },
    );
  }
  return new BackendUnavailableError(
    `reading the source PostgreSQL database failed: ${driverMessage(error)}`,
    { backend: "postgres", cause: error },
  );
}
