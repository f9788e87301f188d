import type { CosmosTestServer, TestServer } from "@checkpointkit/conformance";
import { COSMOS_AUDIT_TRAIL_QUERY, readCosmosAuditTrail } from "./cosmos-audit-trail.js";
import { COSMOS_DEMO_DATABASE } from "./cosmos-saver-factory.js";
import { postgresAuditTrailSql, readPostgresAuditTrail } from "./postgres-audit-trail.js";
import type { ColdTierName, SaverEnvironment, SaverFactory } from "./saver-factory.js";
import { startCosmos, startPostgres, startRedis, stopServers } from "./server-startup.js";
import { describeTieredCheckpointLocation } from "./tiered-checkpoint-location.js";
import {
  isTieredConnection,
  type OpenedTieredSaver,
  openTieredSaver,
  type TieredConnection,
} from "./tiered-connection.js";

/** Schema of the PostgreSQL cold tier (apart from the PostgresSaver demo's). */
export const TIERED_POSTGRES_SCHEMA = "support_graph_tiered";
/**
 * Few shards: the demo's threads fit in any number, and each shard is an outbox stream
 * the flusher polls.
 */
const TIERED_DEMO_SHARD_COUNT = 8;

const COLD_TIER_LABELS: Record<ColdTierName, string> = {
  postgres: "PostgreSQL",
  cosmos: "Cosmos DB",
};

async function startColdServer(
  coldTier: ColdTierName,
  progress: (message: string) => void,
): Promise<{ server: TestServer | CosmosTestServer; connection: Partial<TieredConnection> }> {
  if (coldTier === "postgres") {
    const server = await startPostgres(progress);
    return {
      server,
      connection: { postgres: { url: server.url, schema: TIERED_POSTGRES_SCHEMA } },
    };
  }
  const server = await startCosmos(progress);
  return {
    server,
    connection: {
      cosmos: {
        endpoint: server.endpoint,
        key: server.key,
        databaseId: COSMOS_DEMO_DATABASE,
        containerId: "tiered-checkpoints",
      },
    },
  };
}

function readColdAuditTrail(control: OpenedTieredSaver, threadId: string) {
  const cold = control.cold;
  if (cold.kind === "postgres") return readPostgresAuditTrail(cold.saver, threadId);
  return readCosmosAuditTrail(cold.opened.saver.container, cold.opened.saver.serde, threadId);
}

/** `@checkpointkit/tiered`: Redis hot tier, PostgreSQL (or Cosmos DB) cold tier. */
export const tieredSaverFactory: SaverFactory = {
  name: "tiered",
  summary:
    "TieredSaver: Redis hot + PostgreSQL cold (--cold cosmos); timeline shows tier, flush lag",
  needsRedis: true,
  async start(options): Promise<SaverEnvironment> {
    const started: Array<TestServer | CosmosTestServer> = [];
    try {
      const redis = await startRedis(options.progress);
      started.push(redis);
      const cold = await startColdServer(options.coldTier, options.progress);
      started.push(cold.server);
      const connection: TieredConnection = {
        redisUrl: redis.url,
        keyPrefix: `support-graph-tiered-${options.coldTier}:`,
        shardCount: TIERED_DEMO_SHARD_COUNT,
        coldTier: options.coldTier,
        ...cold.connection,
      };
      // The run's flusher lives here; it also flushes what the crash child left behind.
      const control = await openTieredSaver(connection, { runFlusher: true });
      options.progress(`flusher running: Redis → ${COLD_TIER_LABELS[options.coldTier]}`);
      const coldQuery =
        control.cold.kind === "postgres"
          ? postgresAuditTrailSql(control.cold.saver.schema.quoted)
          : `${COSMOS_AUDIT_TRAIL_QUERY}\n(partition key: the thread)`;
      return {
        label: `TieredSaver (Redis hot, ${COLD_TIER_LABELS[options.coldTier]} cold)`,
        async open() {
          const opened = await openTieredSaver(connection, { runFlusher: false });
          return { checkpointer: opened.saver, close: opened.close };
        },
        childConnection: { ...connection },
        async readAuditTrail(threadId) {
          await control.saver.flush(threadId);
          return readColdAuditTrail(control, threadId);
        },
        auditTrailSource: `TieredSaver.flush(thread), then on the cold tier:\n${coldQuery}`,
        describeCheckpointLocation: (config) => describeTieredCheckpointLocation(control, config),
        async stop() {
          try {
            await control.close();
          } finally {
            await stopServers(started);
          }
        },
      };
    } catch (error) {
      await stopServers(started);
      throw error;
    }
  },
  async openInChildProcess(connection) {
    if (!isTieredConnection(connection))
      throw new Error("no tiered saver connection for the child");
    const opened = await openTieredSaver(connection, { runFlusher: false });
    return { checkpointer: opened.saver, close: opened.close };
  },
};
