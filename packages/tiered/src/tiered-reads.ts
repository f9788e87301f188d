import { BackendUnavailableError } from "@checkpointkit/core";
import { readThreadConfig } from "@checkpointkit/core/internal";
import type { RedisSaver } from "@checkpointkit/redis";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { ColdThreadRecord } from "./cold-thread-record.js";
import type { ColdTier } from "./cold-tier.js";
import type { HotRedis } from "./hot-redis.js";
import { concatDeduplicated, mergeNewestFirst } from "./merge-list.js";
import { assertRedisConnected, misconfigurationBehind } from "./redis-availability.js";
import type { ThreadDeletions } from "./thread-deletions.js";

/** What the read paths need of the saver. */
export interface TieredReadContext {
  hot: RedisSaver;
  /** The hot tier's client, as the tiered saver watches it (connection state, last error). */
  hotRedis: HotRedis;
  cold: ColdTier;
  /** True when writes may have gone straight to the cold tier while Redis was unreachable. */
  coldMayBeNewer: boolean;
  /** Keeps track of background rehydrations so `close()` can wait for them. */
  track(work: Promise<unknown>): void;
  /** Orders rehydrations against this process's deletes of the thread. */
  deletions: ThreadDeletions;
  /** Proves a thread Redis does not hold absent from the cold tier (no cold read needed). */
  coldRecord: ColdThreadRecord;
}

/**
 * True when Redis could not serve a read and the cold tier should. Throws instead when the
 * client last failed to log in: that is a configuration error, not an outage.
 */
export function servedByColdTier(
  context: TieredReadContext,
  error: unknown,
  operation: string,
): boolean {
  if (!BackendUnavailableError.isInstance(error) || error.backend !== "redis") return false;
  const misconfigured = misconfigurationBehind(context.hotRedis, operation);
  if (misconfigured !== undefined) throw misconfigured;
  return true;
}

/** Redis first; on a miss (or with Redis down) the cold tier, rehydrating Redis with the latest. */
export async function readTuple(
  context: TieredReadContext,
  config: RunnableConfig,
): Promise<CheckpointTuple | undefined> {
  if (config?.configurable?.thread_id == null) return undefined;
  const { threadId, checkpointId } = readThreadConfig(config);
  const latest = checkpointId === undefined || checkpointId === "";
  let hotTuple: CheckpointTuple | undefined;
  try {
    assertRedisConnected(context.hotRedis, "getTuple");
    hotTuple = await context.hot.getTuple(config);
  } catch (error) {
    if (servedByColdTier(context, error, "getTuple")) return context.cold.getTuple(config);
    throw error;
  }
  if (hotTuple !== undefined && !(latest && context.coldMayBeNewer)) return hotTuple;
  // A brand-new thread: Redis's record of what only the cold tier holds answers, in one
  // round trip instead of a cold read (see `ColdThreadRecord`).
  if (
    hotTuple === undefined &&
    !context.coldMayBeNewer &&
    (await context.coldRecord.provesAbsentFromCold(threadId))
  ) {
    return undefined;
  }
  const epoch = context.deletions.epoch(threadId);
  let coldTuple: CheckpointTuple | undefined;
  try {
    coldTuple = await context.cold.getTuple(config);
  } catch (error) {
    // The cold tier down: what Redis holds is the answer. A thread Redis does not hold is
    // taken for a new one (see the README: a thread swept from Redis then looks new).
    if (BackendUnavailableError.isInstance(error) && error.backend !== "redis") return hotTuple;
    throw error;
  }
  if (hotTuple !== undefined) {
    return coldTuple !== undefined && coldTuple.checkpoint.id > hotTuple.checkpoint.id
      ? coldTuple
      : hotTuple;
  }
  if (coldTuple !== undefined && latest) {
    context.track(
      // No outbox entries: the data is in the cold tier already.
      context.deletions.rehydrate(threadId, epoch, () => context.hot.restoreTuple(coldTuple)),
    );
  }
  return coldTuple;
}

/** Both tiers, merged newest first without duplicates; the cold tier alone with Redis down. */
export async function* listTuples(
  context: TieredReadContext,
  config: RunnableConfig,
  options: CheckpointListOptions | undefined,
): AsyncGenerator<CheckpointTuple> {
  const hot = context.hot.list(config, options);
  const cold = context.cold.list(config, options);
  let first: IteratorResult<CheckpointTuple>;
  try {
    first = await hot.next();
  } catch (error) {
    if (!servedByColdTier(context, error, "list")) throw error;
    yield* cold;
    return;
  }
  const hotAgain = (async function* () {
    if (!first.done) yield first.value;
    yield* hot;
  })();
  const threadScoped = config?.configurable?.thread_id != null;
  yield* threadScoped
    ? mergeNewestFirst(hotAgain, cold, options?.limit)
    : concatDeduplicated(hotAgain, cold, options?.limit);
}
