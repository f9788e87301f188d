import type { StoredCheckpointSize } from "@checkpointkit/core";
import { readThreadConfig } from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import { assertRedisConnected } from "./redis-availability.js";
import { servedByColdTier, type TieredReadContext } from "./tiered-reads.js";

/**
 * `getCheckpointSize` by `getTuple`'s rule: the record Redis holds; the cold tier's when Redis
 * holds none (the thread left Redis, or the checkpoint is older than what a read brought
 * back) or is down. A Redis misconfiguration is thrown, never answered from the cold tier.
 * A cold tier that is down is thrown too: "no record" would be a wrong answer.
 */
export async function readCheckpointSize(
  context: TieredReadContext,
  config: RunnableConfig,
): Promise<StoredCheckpointSize | undefined> {
  // Refused before any request.
  const { threadId, checkpointId } = readThreadConfig(config);
  let fromHot: StoredCheckpointSize | undefined;
  try {
    assertRedisConnected(context.hotRedis, "getCheckpointSize");
    fromHot = await context.hot.getCheckpointSize(config);
  } catch (error) {
    if (servedByColdTier(context, error, "getCheckpointSize")) {
      return context.cold.getCheckpointSize(config);
    }
    throw error;
  }
  const latest = checkpointId === undefined || checkpointId === "";
  if (fromHot !== undefined && !(latest && context.coldMayBeNewer)) return fromHot;
  if (
    fromHot === undefined &&
    !context.coldMayBeNewer &&
    (await context.coldRecord.provesAbsentFromCold(threadId))
  ) {
    return undefined;
  }
  const fromCold = await context.cold.getCheckpointSize(config);
  if (fromHot === undefined) return fromCold;
  // Written through while Redis was down: the cold tier's latest may be newer.
  return fromCold !== undefined && fromCold.checkpointId > fromHot.checkpointId
    ? fromCold
    : fromHot;
}
