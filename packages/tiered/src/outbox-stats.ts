import type { RedisKeyLayout } from "@checkpointkit/redis";
import { entryIdTimeMs } from "./entry-id.js";
import type { OutboxStreams } from "./outbox.js";

/** How far the cold tier is behind the hot tier. */
export interface OutboxStats {
  /** Entries not yet in the cold tier, over all shards. */
  backlog: number;
  /** Age of the oldest of them in milliseconds (0 when there is none). */
  lagMs: number;
}

/** Two commands per shard, sent together. */
export async function readOutboxStats(
  outbox: OutboxStreams,
  keyLayout: RedisKeyLayout,
): Promise<OutboxStats> {
  const perShard = await Promise.all(
    keyLayout.shards().map(async (shard) => {
      const [length, oldest] = await Promise.all([
        outbox.length(shard),
        outbox.oldestEntryId(shard),
      ]);
      return { length, oldestMs: oldest === undefined ? undefined : entryIdTimeMs(oldest) };
    }),
  );
  const backlog = perShard.reduce((sum, shard) => sum + shard.length, 0);
  const oldest = Math.min(
    ...perShard.flatMap((shard) => (shard.oldestMs === undefined ? [] : [shard.oldestMs])),
  );
  return { backlog, lagMs: Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : 0 };
}
