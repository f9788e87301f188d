import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";

const UNDEFINED_TABLE = "42P01";
const INVALID_SCHEMA = "3F000";

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A failure reading the official tables, as a typed error. The cause is kept sanitized by
 * the error class; the message names the schema, never the connection.
 */
export function toSourceError(error: unknown, schema: string): Error {
  const state = sqlState(error);
  if (state === UNDEFINED_TABLE || state === INVALID_SCHEMA) {
    return new InvalidConfigError(
      `no official PostgresSaver tables in schema ${JSON.stringify(schema)} of the source database (pass the schema it was set up with)`,
      { field: "from-schema", cause: error },
    );
  }
  return new BackendUnavailableError("reading the source PostgreSQL database failed", {
    backend: "postgres",
    cause: error,
  });
}
