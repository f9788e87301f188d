import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointLocation } from "./saver-factory.js";
import type { OpenedTieredSaver } from "./tiered-connection.js";

function exactCheckpoint(config: RunnableConfig): RunnableConfig | undefined {
  const threadId = config.configurable?.thread_id;
  const checkpointId = config.configurable?.checkpoint_id;
  if (typeof threadId !== "string" || typeof checkpointId !== "string") return undefined;
  return {
    configurable: {
      thread_id: threadId,
      checkpoint_ns: config.configurable?.checkpoint_ns ?? "",
      checkpoint_id: checkpointId,
    },
  };
}

/** When PostgreSQL committed the checkpoint: `created_at` is set by the flush's statement. */
async function postgresCommitTime(
  tiered: OpenedTieredSaver,
  config: RunnableConfig,
): Promise<Date | undefined> {
  if (tiered.cold.kind !== "postgres") return undefined;
  const saver = tiered.cold.saver;
  const result = await saver.pool.query<{ created_at: Date }>(
    `SELECT created_at FROM ${saver.schema.qualify("checkpoints")}
     WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3`,
    [
      config.configurable?.thread_id,
      config.configurable?.checkpoint_ns,
      config.configurable?.checkpoint_id,
    ],
  );
  return result.rows[0]?.created_at;
}

/**
 * Which tiers hold a checkpoint now: Redis (the hot copy) and the cold tier (flushed). The
 * flush lag is the time from the checkpoint's creation (its `ts`) to the cold commit; only
 * PostgreSQL records that commit to the millisecond (Cosmos DB's `_ts` counts seconds).
 */
export async function describeTieredCheckpointLocation(
  tiered: OpenedTieredSaver,
  config: RunnableConfig,
): Promise<CheckpointLocation | undefined> {
  const exact = exactCheckpoint(config);
  if (exact === undefined) return undefined;
  const [hot, cold] = await Promise.all([
    tiered.saver.hot.getTuple(exact),
    tiered.saver.cold.getTuple(exact),
  ]);
  const tiers = [
    ...(hot === undefined ? [] : ["redis"]),
    ...(cold === undefined ? [] : [tiered.saver.cold.backend]),
  ];
  if (cold === undefined) return { tiers };
  const committedAt = await postgresCommitTime(tiered, exact);
  const createdAtMs = Date.parse(cold.checkpoint.ts);
  if (committedAt === undefined || Number.isNaN(createdAtMs)) return { tiers };
  return { tiers, flushLagMs: Math.max(0, committedAt.getTime() - createdAtMs) };
}
