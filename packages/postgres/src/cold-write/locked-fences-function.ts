import type { SchemaName } from "../schema-name.js";
import type { ColdQuery } from "./cold-transaction.js";
import { FENCE_LOCK_CLASS } from "./fence-locks.js";

/**
 * The server-side function that lets ONE statement check the delete fences: it takes the
 * shared advisory lock of each thread (in key order, as `lockThreadsShared` does), then
 * reads the fences. It must be VOLATILE: a volatile function takes a fresh snapshot for each
 * query it runs, so the read sees a fence that a delete committed while this statement waited
 * for the lock. A plain CTE would read with the statement's own snapshot, taken before the
 * wait, and miss that fence. The locks are transaction-scoped: they end with the statement's
 * implicit transaction. PL/pgSQL caches its plans per connection.
 */
export class LockedFencesFunction {
  readonly qualified: string;
  readonly #fenceTable: string;

  constructor(schema: SchemaName, fenceTable: string) {
    this.qualified = schema.qualify("ck_cold_locked_fences");
    this.#fenceTable = fenceTable;
  }

  /** Creates or replaces the function; called inside the fence table's serialized setup. */
  async create(query: ColdQuery): Promise<void> {
    await query({
      text: `CREATE OR REPLACE FUNCTION ${this.qualified}(thread_keys text[])
  RETURNS TABLE (locked_thread_key text, locked_fence_ms bigint, locked_fence_seq numeric)
  LANGUAGE plpgsql VOLATILE AS $body$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(${FENCE_LOCK_CLASS}, hashtext(ordered.thread_key))
    FROM (SELECT unnest(thread_keys) AS thread_key ORDER BY 1) AS ordered;
  RETURN QUERY SELECT fences.thread_key, fences.fence_ms, fences.fence_seq
    FROM ${this.#fenceTable} AS fences WHERE fences.thread_key = ANY(thread_keys);
END
$body$`,
    });
  }
}
