import type { SchemaName } from "../schema-name.js";
import { boundedKey } from "./bounded-keys.js";
import type { BuiltStatement } from "./write-statements.js";

/** Milliseconds from now on the server's clock, as SQL ($n is the milliseconds). */
function fromNow(placeholder: string): string {
  return `clock_timestamp() + ${placeholder}::bigint * interval '1 millisecond'`;
}

/** Takes the lease unless an unexpired one is held: one row back when taken. */
export function buildAcquireLeaseStatement(
  schema: SchemaName,
  threadId: string,
  token: string,
  ttlMs: number,
): BuiltStatement {
  const leases = schema.qualify("thread_leases");
  return {
    text: `INSERT INTO ${leases} AS held (thread_id, token, expires_at)
VALUES ($1, $2, ${fromNow("$3")})
ON CONFLICT (thread_key) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
  WHERE held.expires_at <= clock_timestamp()
RETURNING 1`,
    values: [threadId, token, ttlMs],
  };
}

/** Extends the lease while `token` still holds it unexpired: one row back when renewed. */
export function buildRenewLeaseStatement(
  schema: SchemaName,
  threadId: string,
  token: string,
  ttlMs: number,
): BuiltStatement {
  return {
    text: `UPDATE ${schema.qualify("thread_leases")} SET expires_at = ${fromNow("$3")}
WHERE thread_key = ${boundedKey(schema, "$1::text")} AND token = $2
  AND expires_at > clock_timestamp()
RETURNING 1`,
    values: [threadId, token, ttlMs],
  };
}

/** Ends the lease if `token` still holds it. */
export function buildReleaseLeaseStatement(
  schema: SchemaName,
  threadId: string,
  token: string,
): BuiltStatement {
  return {
    text: `DELETE FROM ${schema.qualify("thread_leases")}
WHERE thread_key = ${boundedKey(schema, "$1::text")} AND token = $2`,
    values: [threadId, token],
  };
}
