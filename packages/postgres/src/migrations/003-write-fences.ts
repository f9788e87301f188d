import type { SchemaName } from "../schema-name.js";
import { BOUNDED_KEY_FUNCTION } from "./002-bounded-keys.js";
import type { Migration } from "./migration.js";

/**
 * Tables of thread leases and of optimistic concurrency (issue 15). `thread_leases`: one row
 * per leased thread, its current token and when it ends (the server's clock decides).
 * `checkpoint_heads`: the latest checkpoint of each (thread, namespace) as optimistic puts see
 * it; a conditional UPDATE of that row is what serializes two puts from the same parent.
 */
function writeFencesSql(schema: SchemaName): string {
  const key = schema.qualify(BOUNDED_KEY_FUNCTION);
  const generatedKey = (column: string) =>
    `text COLLATE "C" GENERATED ALWAYS AS (${key}(${column})) STORED`;
  return `
CREATE TABLE ${schema.qualify("thread_leases")} (
  thread_id text NOT NULL,
  thread_key ${generatedKey("thread_id")},
  token text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (thread_key)
);

CREATE TABLE ${schema.qualify("checkpoint_heads")} (
  thread_id text NOT NULL,
  checkpoint_ns text NOT NULL,
  thread_key ${generatedKey("thread_id")},
  ns_key ${generatedKey("checkpoint_ns")},
  checkpoint_id text NOT NULL,
  PRIMARY KEY (thread_key, ns_key)
);
`;
}

export const writeFences: Migration = {
  version: 3,
  description: "thread leases and optimistic-concurrency heads",
  sql: writeFencesSql,
};
