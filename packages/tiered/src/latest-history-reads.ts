import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { HotHeads, namespaceKey } from "./hot-heads.js";
import { listTuples, readTuple, type TieredReadContext } from "./tiered-reads.js";

/**
 * `getTuple`: the latest checkpoint as the tiers answer it (Redis holds the newest); by id,
 * nothing for a checkpoint Redis superseded, which the cold tier may still hold until the
 * flusher ships the newer one (one more Redis read, for reads by id only).
 */
export async function readLatestTuple(
  context: TieredReadContext,
  config: RunnableConfig,
): Promise<CheckpointTuple | undefined> {
  const tuple = await readTuple(context, config);
  const checkpointId = config?.configurable?.checkpoint_id;
  if (tuple === undefined || checkpointId === undefined || checkpointId === "") return tuple;
  return (await new HotHeads(context).supersede(tuple)) ? undefined : tuple;
}

/**
 * `list` of both tiers, each (thread, namespace) at most once, never a checkpoint Redis
 * superseded. `limit` counts what is yielded, so it is applied here, not by the tiers.
 */
export async function* listLatestTuples(
  context: TieredReadContext,
  config: RunnableConfig,
  options: CheckpointListOptions | undefined,
): AsyncGenerator<CheckpointTuple> {
  const { limit, ...unlimited } = options ?? {};
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  const heads = new HotHeads(context);
  const yielded = new Set<string>();
  for await (const tuple of listTuples(context, config, unlimited)) {
    const key = namespaceKey(tuple);
    // A thread's listing is newest first: a second tuple of a namespace is an older one.
    if (yielded.has(key) || (await heads.supersede(tuple))) continue;
    yielded.add(key);
    yield tuple;
    remaining -= 1;
    if (remaining <= 0) return;
  }
}
