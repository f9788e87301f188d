import { compareStoredWrites } from "@checkpointkit/core/internal";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/**
 * Code point order, never locale or UTF-16 order: core's write comparator (LangGraph's, which
 * every saver sorts by) with the string as the whole sort key.
 */
export function compareCodePoints(left: string, right: string): number {
  return compareStoredWrites(
    { taskPath: left, taskId: "", idx: 0 },
    { taskPath: right, taskId: "", idx: 0 },
  );
}

function tupleKey(tuple: CheckpointTuple): string {
  const configurable = tuple.config.configurable ?? {};
  return JSON.stringify([
    configurable.thread_id,
    configurable.checkpoint_ns ?? "",
    configurable.checkpoint_id,
  ]);
}

/** Newest checkpoint id first; namespaces break ties so the order is total. */
function newerFirst(a: CheckpointTuple, b: CheckpointTuple): number {
  const byId = compareCodePoints(b.checkpoint.id, a.checkpoint.id);
  if (byId !== 0) return byId;
  return compareCodePoints(
    String(a.config.configurable?.checkpoint_ns ?? ""),
    String(b.config.configurable?.checkpoint_ns ?? ""),
  );
}

/**
 * One thread's listing from both tiers, each newest first: merged newest first, every
 * checkpoint once (the hot copy wins: it may have writes the cold tier does not have yet).
 */
export async function* mergeNewestFirst(
  hot: AsyncGenerator<CheckpointTuple>,
  cold: AsyncGenerator<CheckpointTuple>,
  limit: number | undefined,
): AsyncGenerator<CheckpointTuple> {
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  let nextHot = await hot.next();
  let nextCold = await cold.next();
  try {
    while (remaining > 0 && !(nextHot.done && nextCold.done)) {
      const takeHot =
        !nextHot.done && (nextCold.done || newerFirst(nextHot.value, nextCold.value) <= 0);
      const tuple = (takeHot ? nextHot.value : nextCold.value) as CheckpointTuple;
      if (takeHot) nextHot = await hot.next();
      else nextCold = await cold.next();
      const key = tupleKey(tuple);
      if (seen.has(key)) continue;
      seen.add(key);
      yield tuple;
      remaining -= 1;
    }
  } finally {
    await Promise.all([hot.return(undefined), cold.return(undefined)]);
  }
}

/**
 * A listing over every thread: the hot tier's, then the cold tier's checkpoints the hot
 * tier did not list. Within a thread each tier lists newest first.
 */
export async function* concatDeduplicated(
  hot: AsyncGenerator<CheckpointTuple>,
  cold: AsyncGenerator<CheckpointTuple>,
  limit: number | undefined,
): AsyncGenerator<CheckpointTuple> {
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  const seen = new Set<string>();
  for (const source of [hot, cold]) {
    for await (const tuple of source) {
      const key = tupleKey(tuple);
      if (seen.has(key)) continue;
      seen.add(key);
      yield tuple;
      remaining -= 1;
      if (remaining <= 0) return;
    }
  }
}
