import type { SchemaName } from "../schema-name.js";
import { BOUNDED_KEY_FUNCTION } from "./002-bounded-keys.js";
import type { Migration } from "./migration.js";

/** The table of per-thread totals that `listThreads` pages through (see `threadSummariesSql`). */
export const THREAD_SUMMARIES_TABLE = "thread_summaries";

/**
 * Sizes recorded at write time and the thread catalog (issues 15 and 17).
 *
 * `checkpoints.stored_size`: core's `encodeStoredSize` text of the put that stored the row
 * (the same text every backend stores), NULL for rows written before this migration.
 * `checkpoints.stored_bytes`: that record's total, so sums need no JSON parsing.
 *
 * `thread_summaries`: one row per thread holding checkpoints, kept by the statements that
 * insert or delete checkpoints (in the same statement): how many it holds, the sum of their
 * `stored_bytes` and when the thread was last written. `listThreads` reads a page of it
 * through the `(updated_at DESC, thread_key)` index instead of grouping every checkpoint.
 * Existing threads are counted here once; their rows without a record count 0 bytes.
 * Adding nullable columns without a default rewrites nothing; the backfill reads the
 * checkpoints table once, under the migration's lock.
 */
function storedSizesSql(schema: SchemaName): string {
  const checkpoints = schema.qualify("checkpoints");
  const summaries = schema.qualify(THREAD_SUMMARIES_TABLE);
  const key = schema.qualify(BOUNDED_KEY_FUNCTION);
  return `
ALTER TABLE ${checkpoints} ADD COLUMN stored_size text, ADD COLUMN stored_bytes bigint;

CREATE TABLE ${summaries} (
  thread_id text COLLATE "C" NOT NULL,
  thread_key text COLLATE "C" GENERATED ALWAYS AS (${key}(thread_id)) STORED,
  checkpoint_count bigint NOT NULL,
  stored_bytes bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (thread_key)
);
CREATE INDEX "thread_summaries_recent_idx" ON ${summaries} (updated_at DESC, thread_key);

INSERT INTO ${summaries} (thread_id, checkpoint_count, stored_bytes, updated_at)
SELECT min(thread_id), count(*), 0, max(created_at) FROM ${checkpoints} GROUP BY thread_key;
`;
}

export const storedSizes: Migration = {
  version: 4,
  description: "stored size records and per-thread summaries",
  sql: storedSizesSql,
};
