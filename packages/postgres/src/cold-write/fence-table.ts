import type { FencePosition } from "@checkpointkit/core";
import type { SchemaName } from "../schema-name.js";
import type { ColdQuery } from "./cold-transaction.js";
import { FENCE_LOCK_CLASS } from "./fence-locks.js";
import { LockedFencesFunction } from "./locked-fences-function.js";

/** Kept from the tiered package's first version, so existing fences stay in force. */
const FENCE_TABLE = "tiered_delete_fences";

/** The delete fences of one schema: one row per deleted thread, the position of its last delete. */
export class FenceTable {
  readonly qualified: string;
  /** Takes the threads' shared locks and reads their fences inside one statement. */
  readonly lockedFences: LockedFencesFunction;

  constructor(schema: SchemaName) {
    this.qualified = schema.qualify(FENCE_TABLE);
    this.lockedFences = new LockedFencesFunction(schema, this.qualified);
  }

  /**
   * Creates the table unless it exists, and (re)creates `lockedFences`; serialized, so many
   * processes may call it at once.
   */
  async create(query: ColdQuery): Promise<void> {
    await query({
      text: "SELECT pg_advisory_xact_lock($1, hashtext($2))",
      values: [FENCE_LOCK_CLASS, this.qualified],
    });
    await query({
      text: `CREATE TABLE IF NOT EXISTS ${this.qualified} (
        thread_key text PRIMARY KEY,
        fence_ms bigint NOT NULL,
        fence_seq numeric(20) NOT NULL,
        deleted_at timestamptz NOT NULL DEFAULT now())`,
    });
    await this.lockedFences.create(query);
  }

  /** The fences of the given thread keys (absent: never deleted). */
  async read(query: ColdQuery, keys: string[]): Promise<Map<string, FencePosition>> {
    const result = await query<{ thread_key: string; fence_ms: string; fence_seq: string }>({
      text: `SELECT thread_key, fence_ms::text AS fence_ms, fence_seq::text AS fence_seq
       FROM ${this.qualified} WHERE thread_key = ANY($1::text[])`,
      values: [keys],
    });
    return new Map(result.rows.map((row) => [row.thread_key, `${row.fence_ms}-${row.fence_seq}`]));
  }

  /** Moves the thread's fence forward to `ms-seq`; false when it already was there or past it. */
  async advance(query: ColdQuery, key: string, ms: bigint, seq: bigint): Promise<boolean> {
    const moved = await query({
      text: `INSERT INTO ${this.qualified} AS f (thread_key, fence_ms, fence_seq)
       VALUES ($1, $2, $3)
       ON CONFLICT (thread_key) DO UPDATE
         SET fence_ms = EXCLUDED.fence_ms, fence_seq = EXCLUDED.fence_seq, deleted_at = now()
         WHERE (f.fence_ms, f.fence_seq) < (EXCLUDED.fence_ms, EXCLUDED.fence_seq)`,
      values: [key, ms.toString(), seq.toString()],
    });
    return (moved.rowCount ?? 0) > 0;
  }
}
