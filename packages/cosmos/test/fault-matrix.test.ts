import { randomBytes, randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  createCosmosTestClient,
  describeFaultMatrix,
  type FaultEndpoint,
  type FaultHarness,
  startCosmosServer,
} from "@checkpointkit/conformance";
import { CosmosSaver } from "../src/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "./cosmos-test-saver.js";

const OPERATION_TIMEOUT_MS = 2_000;
const WRONG_KEY = randomBytes(32).toString("base64");

let server: CosmosTestServer | undefined;
/** A server that checks request signatures, for the wrong-credentials fault; started on use. */
let keyCheckingServer: CosmosTestServer | undefined;
/** Talks to the real endpoint: creates and drops the savers' containers. */
let setupClient: CosmosClient | undefined;
/** Each saver's own client (pointed at the fault) and the container to drop. */
const resources = new Map<CosmosSaver, { client: CosmosClient; containerId?: string }>();

function testServer(): CosmosTestServer {
  if (server === undefined) throw new Error("CosmosSaver fault harness: beforeAll did not run");
  return server;
}

/** A client of the test server's account that connects to `endpoint` instead. */
function clientAt(endpoint: FaultEndpoint): CosmosClient {
  return createCosmosTestClient({
    ...testServer(),
    endpoint: `https://${endpoint.host}:${endpoint.port}/`,
  });
}

function saverIn(client: CosmosClient, databaseId: string, containerId: string): CosmosSaver {
  const container = client.database(databaseId).container(containerId);
  const saver = new CosmosSaver({ container, operationTimeoutMs: OPERATION_TIMEOUT_MS });
  resources.set(saver, { client, containerId });
  return saver;
}

const harness: FaultHarness<CosmosSaver> = {
  name: "CosmosSaver",
  async beforeAll() {
    server = await sharedServer();
    setupClient = newClient(server);
  },
  async afterAll() {
    setupClient?.dispose();
    await keyCheckingServer?.stop();
  },
  async server() {
    const url = new URL(testServer().endpoint);
    return { host: url.hostname, port: Number(url.port) };
  },
  // The in-process server is the only Cosmos DB endpoint here, so storageOn is always it.
  async createAt(connectTo) {
    const containerId = `fault-${randomUUID()}`;
    await new CosmosSaver({
      container: setupClient!.database(TEST_DATABASE_ID).container(containerId),
    }).setup({ createIfNotExists: true });
    return saverIn(clientAt(connectTo), TEST_DATABASE_ID, containerId);
  },
  async destroy(saver) {
    const owned = resources.get(saver);
    resources.delete(saver);
    owned?.client.dispose();
    if (owned?.containerId === undefined) return;
    await setupClient!
      .database(TEST_DATABASE_ID)
      .container(owned.containerId)
      .delete()
      .catch(() => undefined);
  },
  deadlineMs: OPERATION_TIMEOUT_MS,
  async createWithWrongDatabase() {
    const client = clientAt(await harness.server());
    const saver = saverIn(client, "checkpointkit-no-such-database", "checkpoints");
    resources.set(saver, { client });
    return saver;
  },
  async createWithWrongCredentials() {
    keyCheckingServer ??= await startCosmosServer({ checkKeys: true });
    const client = createCosmosTestClient({ ...keyCheckingServer, key: WRONG_KEY });
    const saver = saverIn(client, TEST_DATABASE_ID, "checkpoints");
    resources.set(saver, { client });
    return saver;
  },
  secrets: () => [testServer().key, WRONG_KEY],
  unsupported: {
    "sigkill-restart":
      "the Cosmos DB test server runs inside the test process: there is no process to SIGKILL",
  },
};

describeFaultMatrix(harness);
