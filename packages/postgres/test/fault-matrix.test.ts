import {
  describeFaultMatrix,
  dropPostgresSchema,
  type FaultHarness,
  PostgresFaultUrls,
  startPostgresServer,
} from "@checkpointkit/conformance";
import { PostgresSaver } from "../src/index.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

const WRONG_PASSWORD = "not-the-password";
const CONNECTION_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_000;

const urls = new PostgresFaultUrls(postgresUrl);
/** Where each saver's schema lives, to drop it afterwards (undefined: it has none). */
const schemaHomes = new Map<PostgresSaver, string | undefined>();

function saverAt(url: string, schema = uniqueSchemaName("ck_fault")): PostgresSaver {
  return PostgresSaver.fromConnString(url, {
    schema,
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
}

const harness: FaultHarness<PostgresSaver> = {
  name: "PostgresSaver",
  server: async () => urls.shared(),
  async createAt(connectTo, storageOn) {
    const schema = uniqueSchemaName("ck_fault");
    // The schema is created on the real server directly: connectTo may be broken already.
    const setupSaver = saverAt(urls.at(storageOn), schema);
    try {
      await setupSaver.setup();
    } finally {
      await setupSaver.close();
    }
    const saver = saverAt(urls.at(connectTo, storageOn), schema);
    schemaHomes.set(saver, urls.at(storageOn));
    return saver;
  },
  async destroy(saver) {
    await saver.close();
    const home = schemaHomes.get(saver);
    schemaHomes.delete(saver);
    if (home !== undefined) await dropPostgresSchema(home, saver.schema.name);
  },
  deadlineMs: CONNECTION_TIMEOUT_MS + QUERY_TIMEOUT_MS,
  startOwnedServer: async () => urls.remember(await startPostgresServer()),
  createWithWrongCredentials: async () =>
    saverAt(
      urls.sharedWith((url) => {
        url.password = WRONG_PASSWORD;
      }),
    ),
  createWithWrongDatabase: async () =>
    saverAt(
      urls.sharedWith((url) => {
        url.pathname = "/checkpointkit_no_such_database";
      }),
    ),
  secrets: () => [...urls.passwords(), WRONG_PASSWORD],
};

describeFaultMatrix(harness);
