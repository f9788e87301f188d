import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import { Command } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import {
  compareThread,
  type MigrationSummary,
  migrateThreads,
  OfficialPostgresSource,
  readThreadTuples,
  withMigratedVersions,
} from "../src/index.js";
import { compileCaseGraph } from "./support/approval-graph.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import { expectConformingReads } from "./support/read-behaviour.js";
import { createPool, dropSchema, redisUrl, uniqueName } from "./support/servers.js";

let pool: pg.Pool;
let official: OfficialThreads;
let source: OfficialPostgresSource;
const schemasToDrop: string[] = [];

beforeAll(async () => {
  pool = createPool();
  official = await writeOfficialThreads(pool, uniqueName("official"), 6);
  schemasToDrop.push(official.schema);
  source = new OfficialPostgresSource({ pool, schema: official.schema });
});

afterAll(async () => {
  for (const schema of schemasToDrop) await dropSchema(pool, schema);
  await pool.end();
});

async function postgresTarget(): Promise<PostgresSaver> {
  const schema = uniqueName("ck_target");
  schemasToDrop.push(schema);
  const saver = new PostgresSaver({ pool, schema });
  await saver.setup();
  return saver;
}

function redisTarget(): RedisSaver {
  return RedisSaver.fromUrl(redisUrl(), { keyPrefix: `${uniqueName("ck-target")}:` });
}

async function expectSameThreads(target: BaseCheckpointSaver): Promise<void> {
  for (const threadId of official.threadIds) {
    const differences = compareThread(
      (await source.readThread(threadId)).map(withMigratedVersions),
      await readThreadTuples(target, threadId),
    );
    expect({ threadId, differences }).toEqual({ threadId, differences: [] });
    await expectConformingReads(target, threadId);
  }
}

const targets: Array<[string, () => Promise<BaseCheckpointSaver & { close(): Promise<void> }>]> = [
  ["checkpointkit PostgresSaver", postgresTarget],
  ["RedisSaver", async () => redisTarget()],
];

describe.each(targets)("into %s", (_name, openTarget) => {
  let target: BaseCheckpointSaver & { close(): Promise<void> };
  let firstRun: MigrationSummary;

  beforeAll(async () => {
    target = await openTarget();
    firstRun = await migrateThreads({ source, target });
  });

  afterAll(async () => {
    await target.close();
  });

  it("copies every thread, namespace and pending write, and reads back like the source", async () => {
    expect(firstRun).toMatchObject({
      threadsTotal: official.threadIds.length,
      threadsCopied: official.threadIds.length,
      threadsUnchanged: 0,
      dryRun: false,
    });
    expect(firstRun.writesCopied).toBeGreaterThan(0);
    const paused = await readThreadTuples(target, official.pausedThreadIds[0]!);
    expect(new Set(paused.map((tuple) => tuple.config.configurable?.checkpoint_ns)).size).toBe(2);
    await expectSameThreads(target);
  });

  it("a second run writes nothing", async () => {
    const secondRun = await migrateThreads({ source, target });
    expect(secondRun).toMatchObject({
      threadsCopied: 0,
      threadsUnchanged: official.threadIds.length,
      checkpointsCopied: 0,
      writesCopied: 0,
    });
    await expectSameThreads(target);
  });

  it("a paused thread resumes on the target and finishes", async () => {
    const threadId = official.pausedThreadIds[0]!;
    const graph = compileCaseGraph(target);
    const config = { configurable: { thread_id: threadId } };
    const paused = await graph.getState(config);
    expect(paused.next).toEqual(["approval"]);
    const finished = await graph.invoke(new Command({ resume: "supervisor-7" }), config);
    expect(finished.reply).toBe(`refund charge 0 approved by supervisor-7 (2 notes)`);
  });
});
