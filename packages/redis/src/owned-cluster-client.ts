import { InvalidConfigError } from "@checkpointkit/core";
import { Cluster, type ClusterNode, type ClusterOptions } from "ioredis";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  type RedisClusterNode,
  type RedisSaverFromClusterOptions,
} from "./redis-saver-options.js";

/** Longest pause between two attempts to reach the cluster again, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** What a `{ url }` startup node adds to the node connections' options. */
interface UrlNodeSettings {
  node: ClusterNode;
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * The ioredis `Cluster` that `RedisSaver.fromCluster` owns. Its node connections get the same
 * bounds as the client of `fromUrl`: the connect timeout, one retry per command (ioredis's
 * default of 20 makes a call wait through 20 reconnects) and no resending of commands that
 * were in flight on a connection that dropped. The saver's deadline still bounds every call.
 */
export function createOwnedClusterClient(
  nodes: readonly RedisClusterNode[],
  options: RedisSaverFromClusterOptions,
): Cluster {
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new InvalidConfigError("fromCluster needs at least one startup node", {
      field: "nodes",
    });
  }
  const settings = nodes.map(readNode);
  const credentials = settings.find(
    (setting) => setting.username !== undefined || setting.password !== undefined,
  );
  const clusterOptions: ClusterOptions = options.clusterOptions ?? {};
  return new Cluster(
    settings.map((setting) => setting.node),
    {
      clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      ...clusterOptions,
      redisOptions: {
        ...(credentials?.username === undefined ? {} : { username: credentials.username }),
        ...(credentials?.password === undefined ? {} : { password: credentials.password }),
        ...(settings.some((setting) => setting.tls) ? { tls: {} } : {}),
        ...clusterOptions.redisOptions,
        connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        maxRetriesPerRequest: 1,
        autoResendUnfulfilledCommands: false,
      },
    },
  );
}

/**
 * An ioredis startup node as it is, or the official saver's `{ url }` form read into host,
 * port and the credentials and TLS of its URL (the URL itself never appears in an error: it
 * may hold a password).
 */
function readNode(node: RedisClusterNode, index: number): UrlNodeSettings {
  if (typeof node !== "object" || node === null || !("url" in node)) {
    return { node: node as ClusterNode, tls: false };
  }
  const field = `nodes[${index}].url`;
  let parsed: URL;
  try {
    parsed = new URL(node.url);
  } catch (error) {
    throw new InvalidConfigError(`${field} must be a redis:// or rediss:// URL`, {
      field,
      cause: error,
    });
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new InvalidConfigError(
      `${field} must be a redis:// or rediss:// URL, got ${parsed.protocol}//`,
      { field },
    );
  }
  return {
    node: { host: parsed.hostname, port: parsed.port === "" ? 6379 : Number(parsed.port) },
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
    tls: parsed.protocol === "rediss:",
  };
}
