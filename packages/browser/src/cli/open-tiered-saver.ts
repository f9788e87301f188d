import { TieredSaver } from "@checkpointkit/tiered";
import { CosmosColdTier } from "@checkpointkit/tiered/cosmos";
import { PostgresColdTier } from "@checkpointkit/tiered/postgres";
import { openCosmosSaver, openPostgresSaver, openRedisSaver } from "./open-backend-savers.js";
import type { TieredSelection } from "./saver-selection.js";

function openColdTier(selection: TieredSelection["cold"]) {
  if (selection.kind === "postgres") {
    const opened = openPostgresSaver(selection);
    return { ...opened, tier: new PostgresColdTier({ saver: opened.saver }) };
  }
  const opened = openCosmosSaver(selection);
  return { ...opened, tier: new CosmosColdTier({ saver: opened.saver }) };
}

/**
 * A TieredSaver that only reads: `flusher: false` (by default it would start a flusher in a
 * worker thread, which moves the outbox to the cold tier), and no `setup()` (which checks
 * Redis, sets up the cold tier and starts that flusher). Its Redis client is the one a
 * `RedisSaver.fromUrl` opens, so connection deadlines and error listeners are the Redis
 * package's own; closing releases it after the tiered saver.
 */
export function openTieredSaver(selection: TieredSelection) {
  const hot = openRedisSaver(selection.redis);
  const cold = openColdTier(selection.cold);
  const { keyPrefix, shardCount } = selection.redis;
  let saver: TieredSaver;
  try {
    saver = new TieredSaver({
      redis: hot.saver.client,
      cold: cold.tier,
      flusher: false,
      ...(keyPrefix === undefined ? {} : { keyPrefix }),
      ...(shardCount === undefined ? {} : { shardCount }),
    });
  } catch (error) {
    void Promise.all([hot.close(), cold.close()]).catch(() => {});
    throw error;
  }
  return {
    saver,
    // Says, from the saver itself, that no flusher was set up (mode "none").
    display: `tiered: hot ${hot.display}, cold ${cold.display}, flusher ${saver.flusherMode}`,
    async close() {
      await saver.close().catch(() => {});
      await Promise.all([hot.close(), cold.close()]);
    },
  };
}
