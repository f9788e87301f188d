import type { TestServer } from "@checkpointkit/conformance";
import { postgresAuditTrailSql, readPostgresAuditTrail } from "./postgres-audit-trail.js";
import {
  isPostgresConnection,
  openPostgresSaver,
  type PostgresConnection,
} from "./postgres-connection.js";
import type { SaverEnvironment, SaverFactory } from "./saver-factory.js";
import { startPostgres, stopServers } from "./server-startup.js";

/** Schema of the demo's PostgresSaver tables. Thread ids are unique per run, so runs share it. */
export const POSTGRES_DEMO_SCHEMA = "support_graph";

/** `@checkpointkit/postgres` on embedded PostgreSQL (or POSTGRES_URL). */
export const postgresSaverFactory: SaverFactory = {
  name: "postgres",
  summary: "PostgresSaver on embedded PostgreSQL (or POSTGRES_URL); audit trail from SQL",
  needsRedis: false,
  async start(options): Promise<SaverEnvironment> {
    let server: TestServer | undefined;
    try {
      server = await startPostgres(options.progress);
      const connection: PostgresConnection = { url: server.url, schema: POSTGRES_DEMO_SCHEMA };
      // This saver runs setup() (the migrations) and answers the audit queries.
      const auditSaver = await openPostgresSaver(connection);
      const startedServer = server;
      return {
        label: "PostgresSaver (PostgreSQL)",
        async open() {
          const saver = await openPostgresSaver(connection);
          return { checkpointer: saver, close: () => saver.close() };
        },
        childConnection: { ...connection },
        readAuditTrail: (threadId) => readPostgresAuditTrail(auditSaver, threadId),
        auditTrailSource: postgresAuditTrailSql(auditSaver.schema.quoted),
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
    if (!isPostgresConnection(connection))
      throw new Error("no PostgreSQL connection for the child");
    const saver = await openPostgresSaver(connection);
    return { checkpointer: saver, close: () => saver.close() };
  },
};
