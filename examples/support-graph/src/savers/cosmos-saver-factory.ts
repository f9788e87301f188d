import type { CosmosTestServer } from "@checkpointkit/conformance";
import { COSMOS_AUDIT_TRAIL_QUERY, readCosmosAuditTrail } from "./cosmos-audit-trail.js";
import { type CosmosConnection, isCosmosConnection, openCosmosSaver } from "./cosmos-connection.js";
import type { SaverEnvironment, SaverFactory } from "./saver-factory.js";
import { startCosmos, stopServers } from "./server-startup.js";

/** Database of the demo's containers; thread ids are unique per run, so runs share it. */
export const COSMOS_DEMO_DATABASE = "support-graph";

/** `@checkpointkit/cosmos` on the in-process Cosmos DB server (or COSMOS_ENDPOINT + COSMOS_KEY). */
export const cosmosSaverFactory: SaverFactory = {
  name: "cosmos",
  summary: "CosmosSaver on the in-process Cosmos DB server (or COSMOS_ENDPOINT/COSMOS_KEY)",
  needsRedis: false,
  async start(options): Promise<SaverEnvironment> {
    let server: CosmosTestServer | undefined;
    try {
      server = await startCosmos(options.progress);
      const connection: CosmosConnection = {
        endpoint: server.endpoint,
        key: server.key,
        databaseId: COSMOS_DEMO_DATABASE,
        containerId: "checkpoints",
      };
      // Creates the container once, then answers the audit queries.
      const auditSaver = await openCosmosSaver(connection);
      const startedServer = server;
      return {
        label: "CosmosSaver (Azure Cosmos DB for NoSQL)",
        async open() {
          const opened = await openCosmosSaver(connection);
          return { checkpointer: opened.saver, close: opened.close };
        },
        childConnection: { ...connection },
        readAuditTrail: (threadId) =>
          readCosmosAuditTrail(auditSaver.saver.container, auditSaver.saver.serde, threadId),
        auditTrailSource: `${COSMOS_AUDIT_TRAIL_QUERY}\n(partition key: the thread)`,
        async stop() {
          await auditSaver.close();
          await stopServers([startedServer]);
        },
      };
    } catch (error) {
      await stopServers([server]);
      throw error;
    }
  },
  async openInChildProcess(connection) {
    if (!isCosmosConnection(connection)) throw new Error("no Cosmos DB connection for the child");
    const opened = await openCosmosSaver(connection);
    return { checkpointer: opened.saver, close: opened.close };
  },
};
