import { CheckpointConflictError } from "@checkpointkit/core";
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import { Command } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { Redis } from "ioredis";
import type pg from "pg";
import {
  type MigrationSummary,
  migrateThreads,
  OfficialPostgresSource,
  readThreadTuples,
} from "../src/index.js";
import { compileCaseGraph } from "./support/approval-graph.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import { expectConformingReads } from "./support/read-behaviour.js";
import { createPool, dropSchema, redisUrl, uniqueName } from "./support/servers.js";
import { redisEntries, schemaRows } from "./support/stored-state.js";
import { threadDifferences } from "./support/thread-differences.js";

let pool: pg.Pool;
let redis: Redis;
let official: OfficialThreads;
let source: OfficialPostgresSource;
const schemasToDrop: string[] = [];

beforeAll(async () => {
  pool = createPool();
  redis = new Redis(redisUrl());
  official = await writeOfficialThreads(pool, uniqueName("official"), 6);
  schemasToDrop.push(official.schema);
  source = new OfficialPostgresSource({ pool, schema: official.schema });
});

afterAll(async () => {
  for (const schema of schemasToDrop) await dropSchema(pool, schema);
  await pool.end();
  redis.disconnect();
});

interface Target {
  saver: BaseCheckpointSaver & { close(): Promise<void> };
  /** Everything the target stores, byte for byte. */
  storedState(): Promise<string[]>;
}

async function postgresTarget(): Promise<Target> {
  const schema = uniqueName("ck_target");
  schemasToDrop.push(schema);
  const saver = new PostgresSaver({ pool, schema });
  await saver.setup();
  return { saver, storedState: () => schemaRows(pool, schema) };
}

async function redisTarget(): Promise<Target> {
  const keyPrefix = `${uniqueName("ck-target")}:`;
  const saver = RedisSaver.fromUrl(redisUrl(), { keyPrefix });
  return { saver, storedState: () => redisEntries(redis, keyPrefix) };
}

async function expectSameThreads(target: BaseCheckpointSaver): Promise<void> {
  for (const threadId of official.threadIds) {
    const differences = await threadDifferences(source, target, threadId);
    expect({ threadId, differences }).toEqual({ threadId, differences: [] });
    await expectConformingReads(target, threadId);
  }
}

describe.each([
  ["checkpointkit PostgresSaver", postgresTarget],
  ["RedisSaver", redisTarget],
])("into %s", (_name, openTarget) => {
  let target: Target;
  let firstRun: MigrationSummary;

  beforeAll(async () => {
    target = await openTarget();
    firstRun = await migrateThreads({ source, target: target.saver });
  });

  afterAll(async () => {
    await target.saver.close();
  });

  it("copies every thread, namespace and pending write, and reads back like the source", async () => {
    expect(firstRun).toMatchObject({
      threadsTotal: official.threadIds.length,
      threadsCopied: official.threadIds.length,
      threadsUnchanged: 0,
      dryRun: false,
    });
    expect(firstRun.writesCopied).toBeGreaterThan(0);
    const paused = await readThreadTuples(target.saver, official.pausedThreadIds[0]!);
    expect(new Set(paused.map((tuple) => tuple.config.configurable?.checkpoint_ns)).size).toBe(2);
    await expectSameThreads(target.saver);
  });

  it("a second run writes nothing and leaves the stored data exactly as it was", async () => {
    const before = await target.storedState();
    const secondRun = await migrateThreads({ source, target: target.saver });
    expect(secondRun).toMatchObject({
      threadsCopied: 0,
      threadsUnchanged: official.threadIds.length,
      checkpointsCopied: 0,
      writesCopied: 0,
    });
    expect(await target.storedState()).toEqual(before);
  });

  it("a paused thread resumes on the target and finishes", async () => {
    const threadId = official.pausedThreadIds[0]!;
    const graph = compileCaseGraph(target.saver);
    const config = { configurable: { thread_id: threadId } };
    expect((await graph.getState(config)).next).toEqual(["approval"]);
    const finished = await graph.invoke(new Command({ resume: "supervisor-7" }), config);
    expect(finished.reply).toBe("refund charge 0 approved by supervisor-7 (2 notes)");
  });

  it("a thread that moved on in the target is reported by name and not touched", async () => {
    const movedOn = official.pausedThreadIds[0]!;
    const before = await target.storedState();
    const run = migrateThreads({ source, target: target.saver });
    await expect(run).rejects.toThrow(CheckpointConflictError);
    await expect(run).rejects.toThrow(`thread "${movedOn}" differs between source and target`);
    expect(await target.storedState()).toEqual(before);
  });
});

it("without the version rewrite a resumed graph stops early: why integer versions are rewritten", async () => {
  const target = await postgresTarget();
  try {
    const threadId = official.pausedThreadIds[1]!;
    await migrateThreads({ source, target: target.saver, rewriteIntegerVersions: false });
    const graph = compileCaseGraph(target.saver);
    const finished = await graph.invoke(new Command({ resume: "supervisor-7" }), {
      configurable: { thread_id: threadId },
    });
    expect(finished.reply).toBeUndefined();
  } finally {
    await target.saver.close();
  }
});

it("a dry run counts what it would copy and writes nothing", async () => {
  const target = await postgresTarget();
  const before = await target.storedState();
  const summary = await migrateThreads({ source, target: target.saver, dryRun: true });
  expect(summary).toMatchObject({
    dryRun: true,
    threadsTotal: official.threadIds.length,
    threadsCopied: official.threadIds.length,
  });
  expect(summary.checkpointsCopied).toBeGreaterThan(official.threadIds.length);
  expect(await target.storedState()).toEqual(before);
});
