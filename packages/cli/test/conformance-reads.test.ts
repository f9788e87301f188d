import { randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import { describeStoredHistory, readSpecs, readSpecViolations } from "@checkpointkit/conformance";
import { cosmos, createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { runCli } from "../src/cli/run-cli.js";
import { type MigrationSource, migrateThreads, OfficialPostgresSource } from "../src/index.js";
import { captureStreams } from "./support/captured-streams.js";
import { runCliProcess } from "./support/cli-process.js";
import { expectedMigratedHistory } from "./support/expected-history.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import {
  createPool,
  dropSchema,
  migrateFromOfficial,
  postgresUrl,
  redisUrl,
  uniqueName,
} from "./support/servers.js";

// The official PostgresSaver writes the source; `checkpointkit migrate` moves it; the
// conformance read specs then check each target against the official saver's own reads.
const COSMOS_DATABASE = "checkpointkit-cli-tests";
let pool: pg.Pool;
let official: OfficialThreads;
let source: OfficialPostgresSource;
let expected: CheckpointTuple[];
const schemasToDrop: string[] = [];

beforeAll(async () => {
  pool = createPool();
  official = await writeOfficialThreads(pool, uniqueName("official"), 6);
  schemasToDrop.push(official.schema);
  source = new OfficialPostgresSource({ pool, schema: official.schema });
  expected = await expectedMigratedHistory(source, official.threadIds);
}, 60_000);

afterAll(async () => {
  for (const schema of schemasToDrop) await dropSchema(pool, schema);
  await pool.end();
});

/** `checkpointkit migrate` in this process; fails the suite with its output if it fails. */
async function migrateInProcess(...target: string[]): Promise<void> {
  const streams = captureStreams();
  const exitCode = await runCli(migrateFromOfficial(official.schema, ...target), streams);
  if (exitCode !== 0) throw new Error(`migrate exited ${exitCode}: ${streams.output()}`);
}

/** A stored-history harness around a target the CLI fills in `fill`. */
function migratedTarget<T extends BaseCheckpointSaver>(
  name: string,
  fill: () => Promise<T>,
  release: (saver: T) => Promise<void>,
) {
  let saver: T | undefined;
  return {
    name: `official PostgresSaver migrated into ${name}`,
    beforeAllTimeoutMs: 120_000,
    beforeAll: async () => {
      saver = await fill();
    },
    afterAll: async () => {
      if (saver !== undefined) await release(saver);
    },
    saver: () => saver!,
    expected: () => expected,
  };
}

describeStoredHistory(
  migratedTarget(
    "checkpointkit PostgresSaver",
    async () => {
      const schema = uniqueName("ck_target");
      schemasToDrop.push(schema);
      await migrateInProcess("--to", postgresUrl(), "--to-schema", schema);
      return new PostgresSaver({ pool, schema });
    },
    (saver) => saver.close(),
  ),
);

describeStoredHistory(
  migratedTarget(
    "RedisSaver",
    async () => {
      const keyPrefix = `${uniqueName("ck-target")}:`;
      await migrateInProcess("--to", redisUrl(), "--to-key-prefix", keyPrefix);
      return RedisSaver.fromUrl(redisUrl(), { keyPrefix });
    },
    (saver) => saver.close(),
  ),
);

let cosmosClient: CosmosClient | undefined;
describeStoredHistory(
  migratedTarget(
    "CosmosSaver",
    async () => {
      const server = await cosmos();
      const containerId = `checkpoints-${randomUUID()}`;
      // A child process: the test server's self-signed certificate is accepted only there.
      const run = await runCliProcess(
        migrateFromOfficial(official.schema, "--to", "cosmos", "--cosmos-create-container"),
        undefined,
        {
          COSMOS_ENDPOINT: server.endpoint,
          COSMOS_KEY: server.key,
          COSMOS_DATABASE: COSMOS_DATABASE,
          COSMOS_CONTAINER: containerId,
          NODE_TLS_REJECT_UNAUTHORIZED: "0",
        },
      );
      if (run.exitCode !== 0) throw new Error(`migrate exited ${run.exitCode}: ${run.stderr}`);
      cosmosClient = createCosmosTestClient(server);
      return new CosmosSaver({
        container: cosmosClient.database(COSMOS_DATABASE).container(containerId),
      });
    },
    async (saver) => {
      await saver.container.delete();
      cosmosClient?.dispose();
    },
  ),
);

/** The source without some checkpoints: what a migration that lost them would have written. */
function sourceWithout(dropped: ReadonlySet<string>): MigrationSource {
  return {
    countThreads: () => source.countThreads(),
    threadIds: () => source.threadIds(),
    readThread: async (threadId) =>
      (await source.readThread(threadId)).filter((tuple) => !dropped.has(tuple.checkpoint.id)),
  };
}

it("the read specs fail on a target that lacks one checkpoint of a namespace", async () => {
  // One thread loses a checkpoint in the middle of its root namespace (invisible to a
  // latest-only read), another the newest of its root namespace (invisible to `before`).
  const [first, second] = official.threadIds;
  const rootOf = (threadId: string | undefined) =>
    expected.filter(
      (tuple) =>
        tuple.config.configurable?.thread_id === threadId &&
        tuple.config.configurable?.checkpoint_ns === "",
    );
  const middle = rootOf(first)[Math.floor(rootOf(first).length / 2)]!.checkpoint.id;
  const newest = rootOf(second)[0]!.checkpoint.id;
  const schema = uniqueName("ck_damaged");
  schemasToDrop.push(schema);
  const damaged = new PostgresSaver({ pool, schema });
  try {
    await damaged.setup();
    await migrateThreads({ source: sourceWithout(new Set([middle, newest])), target: damaged });
    const violations = await readSpecViolations(damaged, expected);
    for (const spec of readSpecs()) {
      const found = violations[spec.name] ?? [];
      expect({ spec: spec.name, fails: found.length > 0 }).toEqual({
        spec: spec.name,
        fails: true,
      });
      expect(found.join("\n")).toMatch(new RegExp(`${middle}|${newest}`));
    }
  } finally {
    await damaged.close();
  }
}, 120_000);
