import { fenceSortKey, parseFencePosition } from "@checkpointkit/core/internal";
import type { SqlParameters } from "../sql/sql-parameters.js";
import { fenceThreadKey } from "./fence-locks.js";
import type { FencedBatch } from "./fenced-records.js";
import type { LockedFencesFunction } from "./locked-fences-function.js";

/** What `buildWriteBatchStatement`'s `precondition` takes. */
export type Precondition = (params: SqlParameters) => { ctes: string; passed: string };

/**
 * The precondition of a one-statement fenced write: the batch is stored only when NO record
 * is at or before its thread's delete fence (compared with each thread's earliest position in
 * the batch), decided after the function took the threads' shared locks and read the fences.
 * Otherwise the statement writes nothing and answers `passed = false`; the caller then takes
 * the transaction path, which leaves out the fenced records one by one. A thread is fenced
 * only after a delete, so that path is the rare one.
 */
export function allAfterFences(
  batch: FencedBatch,
  lockedFences: LockedFencesFunction,
): Precondition {
  const earliest = new Map<string, { sortKey: string; position: string }>();
  for (const record of [...batch.checkpoints, ...batch.writes]) {
    const key = fenceThreadKey(record.threadId);
    const sortKey = fenceSortKey(record.fencePosition, "fencePosition");
    const known = earliest.get(key);
    if (known === undefined || sortKey < known.sortKey) {
      earliest.set(key, { sortKey, position: record.fencePosition });
    }
  }
  const keys = [...earliest.keys()];
  const positions = [...earliest.values()].map(({ position }) =>
    parseFencePosition(position, "fencePosition"),
  );
  return (params) => {
    const threadKeys = params.add(keys, "text[]");
    const firstMs = params.add(
      positions.map(({ ms }) => ms.toString()),
      "numeric[]",
    );
    const firstSeq = params.add(
      positions.map(({ seq }) => seq.toString()),
      "numeric[]",
    );
    return {
      ctes: `cold_fences AS (
  SELECT * FROM ${lockedFences.qualified}(${threadKeys})
), cold_guard AS (
  SELECT NOT EXISTS (
    SELECT 1 FROM unnest(${threadKeys}, ${firstMs}, ${firstSeq}) AS batch(thread_key, first_ms, first_seq)
    JOIN cold_fences ON cold_fences.locked_thread_key = batch.thread_key
    WHERE (batch.first_ms, batch.first_seq) <= (cold_fences.locked_fence_ms, cold_fences.locked_fence_seq)
  ) AS clear
)`,
      passed: "(SELECT clear FROM cold_guard)",
    };
  };
}
