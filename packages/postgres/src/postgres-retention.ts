import { InvalidConfigError, type PruneOptions, type PruneResult } from "@checkpointkit/core";
import { resolvePruneOptions, toEpochMs } from "@checkpointkit/core/internal";
import type { PostgresSaver } from "./postgres-saver.js";
import {
  buildDeleteExpiredThreadsStatement,
  buildOrphanBlobSweepStatement,
  buildPruneBatchStatement,
  type PruneBatchInput,
  type PruneBatchRow,
} from "./sql/prune-statements.js";
import { buildCopyThreadStatement } from "./sql/thread-statements.js";
import { toStoredText } from "./stored-text.js";

/** (thread, namespace) pairs per orphaned-blob sweep statement. */
const SWEEP_PAIRS_PER_STATEMENT = 500;

export async function prune(
  saver: PostgresSaver,
  options: PruneOptions | undefined,
): Promise<PruneResult> {
  // With neither criterion, the TTL is the age; `threadId: null` is refused, not read as "null".
  const resolved = resolvePruneOptions(options, saver.ttlSeconds);
  const threadId = resolved.threadId;
  const batch: PruneBatchInput = {
    threadId: threadId === undefined ? undefined : toStoredText(threadId),
    keepLatest: resolved.keepLatest ?? 1,
    olderThan:
      resolved.olderThan === undefined ? undefined : new Date(toEpochMs(resolved.olderThan)),
    after: undefined,
    batchSize: saver.pruneBatchSize,
  };
  const prunedPairs = new Map<string, [string, string]>();
  let deletedCheckpoints = 0;
  for (;;) {
    const [row] = await saver.runner.run<PruneBatchRow>(
      "prune",
      buildPruneBatchStatement(saver.schema, batch),
    );
    if (row === undefined) break;
    deletedCheckpoints += Number(row.deleted);
    (row.pruned_thread_ids ?? []).forEach((threadId, index) => {
      const checkpointNs = row.pruned_checkpoint_ns?.[index] ?? "";
      prunedPairs.set(JSON.stringify([threadId, checkpointNs]), [threadId, checkpointNs]);
    });
    if (Number(row.examined) < batch.batchSize || row.last_thread_key === null) break;
    batch.after = {
      threadKey: row.last_thread_key,
      nsKey: row.last_ns_key ?? "",
      checkpointOrder: row.last_checkpoint_order ?? "",
      checkpointKey: row.last_checkpoint_key ?? "",
    };
  }
  await sweepOrphanedBlobs(saver, [...prunedPairs.values()]);
  return { deletedCheckpoints };
}

/**
 * Deletes blobs no checkpoint of their (thread, namespace) references any more: one statement
 * per `SWEEP_PAIRS_PER_STATEMENT` pairs, each reading its pairs' checkpoints and blobs once.
 */
async function sweepOrphanedBlobs(
  saver: PostgresSaver,
  pairs: readonly [string, string][],
): Promise<void> {
  for (let start = 0; start < pairs.length; start += SWEEP_PAIRS_PER_STATEMENT) {
    const chunk = pairs.slice(start, start + SWEEP_PAIRS_PER_STATEMENT);
    await saver.runner.run(
      "prune",
      buildOrphanBlobSweepStatement(
        saver.schema,
        chunk.map(([threadId]) => threadId),
        chunk.map(([, checkpointNs]) => checkpointNs),
      ),
    );
  }
}

export async function deleteExpiredThreads(
  saver: PostgresSaver,
): Promise<{ deletedThreads: number }> {
  const ttlSeconds = saver.ttlSeconds;
  if (ttlSeconds === undefined) {
    throw new InvalidConfigError("deleteExpiredThreads needs the ttlSeconds option", {
      field: "ttlSeconds",
    });
  }
  return { deletedThreads: await deleteThreadsIdleFor(saver, ttlSeconds) };
}

/**
 * Deletes, batch by batch, whole threads with no checkpoint or write newer than `ttlSeconds`
 * (by `created_at`). Resolves with the number of threads deleted.
 */
export async function deleteThreadsIdleFor(
  saver: PostgresSaver,
  ttlSeconds: number,
): Promise<number> {
  let deletedThreads = 0;
  for (;;) {
    const [row] = await saver.runner.run<{ deleted: string }>(
      "deleteExpiredThreads",
      buildDeleteExpiredThreadsStatement(saver.schema, ttlSeconds, saver.pruneBatchSize),
    );
    const deleted = Number(row?.deleted ?? 0);
    deletedThreads += deleted;
    if (deleted < saver.pruneBatchSize) return deletedThreads;
  }
}

export async function copyThread(
  saver: PostgresSaver,
  fromThreadId: string,
  toThreadId: string,
): Promise<void> {
  await saver.runner.run(
    "copyThread",
    buildCopyThreadStatement(saver.schema, toStoredText(fromThreadId), toStoredText(toThreadId)),
  );
}
