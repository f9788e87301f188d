import type { SchemaName } from "../schema-name.js";
import { BOUNDED_KEY_FUNCTION } from "./002-bounded-keys.js";
import type { Migration } from "./migration.js";

/**
 * The same bounded keys, computed by a PL/pgSQL function instead of a SQL one.
 *
 * Every `put`, `putWrites` and the lookups compute `bounded_key` (the key columns are
 * generated from it). PostgreSQL tries to inline a SQL-language function wherever it plans
 * an expression that calls it, and for generated columns that happens on every execution of
 * every INSERT: the function's body is parsed and analysed again for each key column, only to
 * find that migration 2's STRICT function with its STABLE `convert_to` cannot be inlined, and
 * then each call runs through the SQL-function executor. Measured with callgrind on
 * PostgreSQL 18, one graph step (put + putWrites + getTuple, 5 KB state) cost the server
 * 4.46 M instructions, 1.67 M of them this; a function that can be inlined still parses its
 * body per execution (4.21 M). PL/pgSQL is never an inlining candidate and compiles its body
 * once per connection: 2.79 M.
 *
 * The body is migration 2's expression unchanged and the function keeps its identity (the
 * generated columns reference it), its volatility and strictness, so every id gets the key it
 * got before: stored key columns stay valid, and instances still running the previous
 * release compute the same keys.
 */
function plpgsqlBoundedKeysSql(schema: SchemaName): string {
  return `
CREATE OR REPLACE FUNCTION ${schema.qualify(BOUNDED_KEY_FUNCTION)}(id text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $body$
BEGIN
  RETURN CASE WHEN octet_length(id) <= 400 THEN id
    ELSE left(id, 100) || chr(1) || chr(3) || encode(sha256(convert_to(id, 'UTF8')), 'hex')
  END;
END
$body$;
`;
}

export const plpgsqlBoundedKeys: Migration = {
  version: 5,
  description: "bounded keys computed by PL/pgSQL",
  sql: plpgsqlBoundedKeysSql,
};
