import { ConnectionSupervisor } from "./connection-supervisor.js";
import { createOwnedClusterClient } from "./owned-cluster-client.js";
import { createOwnedClient } from "./redis-connection.js";
import { RedisKeyLayout } from "./redis-keys.js";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  type RedisClient,
  type RedisClusterNode,
  type RedisSaverCommonOptions,
  type RedisSaverFromClusterOptions,
  type RedisSaverFromUrlOptions,
  validateRedisSaverOptions,
} from "./redis-saver-options.js";

/**
 * The supervisors of the clients the saver's factories created. A saver constructed with one
 * of these clients owns it: `close()` closes it. A client you create is never in here.
 */
const ownedSupervisors = new WeakMap<RedisClient, ConnectionSupervisor>();

/** The supervisor of a client a factory created; undefined for your own client. */
export function ownedSupervisorOf(client: RedisClient): ConnectionSupervisor | undefined {
  return ownedSupervisors.get(client);
}

/** A client for `fromUrl`, after the options passed their checks (no socket before that). */
export function openOwnedUrlClient(url: string, options: RedisSaverFromUrlOptions): RedisClient {
  validateBeforeConnecting(options);
  const { client, database } = createOwnedClient(url, options);
  ownedSupervisors.set(
    client,
    new ConnectionSupervisor(client, {
      owned: true,
      database,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    }),
  );
  return client;
}

/** A Cluster client for `fromCluster`, after the options passed their checks. */
export function openOwnedClusterClient(
  nodes: readonly RedisClusterNode[],
  options: RedisSaverFromClusterOptions,
): RedisClient {
  validateBeforeConnecting(options);
  const client = createOwnedClusterClient(nodes, options);
  // The supervisor listens to the Cluster's 'error' events and replaces silent node connections.
  ownedSupervisors.set(
    client,
    new ConnectionSupervisor(client, {
      owned: true,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    }),
  );
  return client;
}

function validateBeforeConnecting(
  options: RedisSaverCommonOptions & { connectTimeoutMs?: number },
): void {
  validateRedisSaverOptions(options);
  // The key layout checks its own options (the constructor repeats it once the client exists).
  new RedisKeyLayout({
    keyPrefix: options.keyPrefix,
    shardCount: options.shardCount,
    outboxStreamName: options.outbox?.streamName,
  });
}
