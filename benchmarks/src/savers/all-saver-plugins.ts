import { checkpointkitCosmosSaverPlugin } from "./checkpointkit-cosmos-saver.js";
import { checkpointkitPostgresSaverPlugin } from "./checkpointkit-postgres-saver.js";
import { checkpointkitRedisSaverPlugin } from "./checkpointkit-redis-saver.js";
import { checkpointkitTieredSaverPlugin } from "./checkpointkit-tiered-saver.js";
import { memorySaverPlugin } from "./memory-saver.js";
import { officialPostgresSaverPlugin } from "./official-postgres-saver.js";
import type { SaverPlugin } from "./saver-plugin.js";

/** Every saver in the comparison, in the order the report lists them. A new saver is one file plus one line here. */
export const ALL_SAVER_PLUGINS: readonly SaverPlugin[] = [
  memorySaverPlugin,
  officialPostgresSaverPlugin,
  checkpointkitPostgresSaverPlugin,
  checkpointkitRedisSaverPlugin,
  checkpointkitCosmosSaverPlugin,
  checkpointkitTieredSaverPlugin,
];
