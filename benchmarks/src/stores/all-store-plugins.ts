import { checkpointkitCosmosStorePlugin } from "./checkpointkit-cosmos-store.js";
import { checkpointkitPostgresStorePlugin } from "./checkpointkit-postgres-store.js";
import { checkpointkitRedisStorePlugin } from "./checkpointkit-redis-store.js";
import { officialPostgresStorePlugin } from "./official-postgres-store.js";
import type { StorePlugin } from "./store-plugin.js";

/** The stores of the store section, the official reference first. A new store is one line. */
export const ALL_STORE_PLUGINS: readonly StorePlugin[] = [
  officialPostgresStorePlugin,
  checkpointkitPostgresStorePlugin,
  checkpointkitRedisStorePlugin,
  checkpointkitCosmosStorePlugin,
];
