import { randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import { cosmos, createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { Command } from "@langchain/langgraph";
import type pg from "pg";
import { OfficialPostgresSource } from "../src/index.js";
import { compileCaseGraph } from "./support/approval-graph.js";
import { runCliProcess } from "./support/cli-process.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import { createPool, dropSchema, migrateFromOfficial, uniqueName } from "./support/servers.js";
import { threadDifferences } from "./support/thread-differences.js";

const DATABASE_ID = "checkpointkit-cli-tests";
let pool: pg.Pool;
let official: OfficialThreads;
let client: CosmosClient;

beforeAll(async () => {
  pool = createPool();
  official = await writeOfficialThreads(pool, uniqueName("official"), 3);
  client = createCosmosTestClient(await cosmos());
});

afterAll(async () => {
  await dropSchema(pool, official.schema);
  await pool.end();
  client.dispose();
});

it("migrates into a CosmosSaver with the key from the environment, and a paused thread resumes there", async () => {
  const server = await cosmos();
  const containerId = `checkpoints-${randomUUID()}`;
  const run = await runCliProcess(
    migrateFromOfficial(
      official.schema,
      ...["--to", "cosmos", "--cosmos-database", DATABASE_ID, "--cosmos-container", containerId],
      "--cosmos-create-container",
    ),
    undefined,
    {
      COSMOS_ENDPOINT: server.endpoint,
      COSMOS_KEY: server.key,
      // The in-process test server's certificate is self-signed; only the child skips the check.
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
    },
  );
  expect(run.stderr).not.toContain(server.key);
  expect(run).toMatchObject({ exitCode: 0 });
  expect(run.stdout).toContain("migrated 3 threads: 3 copied");

  const container = client.database(DATABASE_ID).container(containerId);
  const target = new CosmosSaver({ container });
  const source = new OfficialPostgresSource({ pool, schema: official.schema });
  try {
    for (const threadId of official.threadIds) {
      expect(await threadDifferences(source, target, threadId)).toEqual([]);
    }
    const config = { configurable: { thread_id: official.pausedThreadIds[0]! } };
    const finished = await compileCaseGraph(target).invoke(
      new Command({ resume: "lead-2" }),
      config,
    );
    expect(finished.reply).toBe("refund charge 0 approved by lead-2 (2 notes)");
  } finally {
    await container.delete();
  }
}, 60_000);
