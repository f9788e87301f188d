import { rawCosmosFloorFactory } from "./floors/raw-cosmos-floor.js";
import type { RawFloorFactory } from "./floors/raw-floor.js";
import { rawPostgresFloorFactory } from "./floors/raw-postgres-floor.js";
import { rawRedisFloorFactory } from "./floors/raw-redis-floor.js";
import type { BenchServers } from "./servers/bench-servers.js";

/** One raw floor per backend that has a server. */
export function prepareFloors(servers: BenchServers): RawFloorFactory[] {
  const floors: RawFloorFactory[] = [];
  if (servers.redisUrl !== undefined) floors.push(rawRedisFloorFactory(servers.redisUrl));
  if (servers.postgresUrl !== undefined) floors.push(rawPostgresFloorFactory(servers.postgresUrl));
  if (servers.cosmos !== undefined) floors.push(rawCosmosFloorFactory(servers.cosmos));
  return floors;
}
