import {
  describeFaultMatrix,
  type FaultEndpoint,
  type FaultHarness,
  startPostgresServer,
} from "@checkpointkit/conformance";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

const CONNECTION_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_000;

/** Login URLs of the servers the matrix started, by port (each has its own password). */
const ownedServerUrls = new Map<number, string>();
/** Where each saver's schema lives, to drop it afterwards (undefined: it has none). */
const schemaHomes = new Map<PostgresSaver, string | undefined>();

/** The login URL of `storageOn` (user, password, database) with `connectTo`'s host and port. */
function urlAt(connectTo: FaultEndpoint, storageOn: FaultEndpoint = connectTo): string {
  const url = new URL(ownedServerUrls.get(storageOn.port) ?? postgresUrl());
  url.hostname = connectTo.host;
  url.port = String(connectTo.port);
  return url.toString();
}

function saverAt(url: string, schema: string): PostgresSaver {
  return PostgresSaver.fromConnString(url, {
    schema,
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {});
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await pool.end();
  }
}

const harness: FaultHarness<PostgresSaver> = {
  name: "PostgresSaver",
  async server() {
    const url = new URL(postgresUrl());
    return { host: url.hostname, port: Number(url.port) };
  },
  async createAt(connectTo, storageOn) {
    const schema = uniqueSchemaName("ck_fault");
    // The schema is created on the real server directly: connectTo may be broken already.
    const setupSaver = saverAt(urlAt(storageOn), schema);
    try {
      await setupSaver.setup();
    } finally {
      await setupSaver.close();
    }
    const saver = saverAt(urlAt(connectTo, storageOn), schema);
    schemaHomes.set(saver, urlAt(storageOn));
    return saver;
  },
  async destroy(saver) {
    await saver.close();
    const home = schemaHomes.get(saver);
    schemaHomes.delete(saver);
    if (home !== undefined) await dropSchema(home, saver.schema.name);
  },
  deadlineMs: CONNECTION_TIMEOUT_MS + QUERY_TIMEOUT_MS,
  async startOwnedServer() {
    const server = await startPostgresServer();
    ownedServerUrls.set(server.port, server.url);
    return server;
  },
  async createWithWrongCredentials() {
    const url = new URL(postgresUrl());
    url.password = "not-the-password";
    return saverAt(url.toString(), uniqueSchemaName("ck_fault"));
  },
  async createWithWrongDatabase() {
    const url = new URL(postgresUrl());
    url.pathname = "/checkpointkit_no_such_database";
    return saverAt(url.toString(), uniqueSchemaName("ck_fault"));
  },
};

describeFaultMatrix(harness);
