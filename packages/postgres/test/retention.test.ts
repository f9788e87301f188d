import { InvalidConfigError } from "@checkpointkit/core";
import {
  collect,
  loopMetadata,
  makeCheckpoint,
  putChain,
  threadConfig,
} from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver({ pruneBatchSize: 3, ttlSeconds: 3600 });
});

afterAll(async () => {
  await context.dispose();
});

async function countRows(table: string, threadId: string): Promise<number> {
  const { rows } = await context.pool.query(
    `SELECT count(*)::int AS count FROM ${context.saver.schema.qualify(table)} WHERE thread_id = $1`,
    [threadId],
  );
  return rows[0].count;
}

async function listedIds(threadId: string, checkpointNs = ""): Promise<unknown[]> {
  const tuples = await collect(context.saver.list(threadConfig(threadId, checkpointNs)));
  return tuples.map((tuple) => tuple.config.configurable?.checkpoint_id);
}

it("prune works in batches, keeps the newest n per namespace, and removes writes and orphaned blobs", async () => {
  const { saver } = context;
  const threadId = "prune-batches";
  const configs = await putChain(saver, threadId, 10);
  await putChain(saver, threadId, 4, "child");
  for (const config of configs) await saver.putWrites(config, [["counter", "w"]], "task");
  expect(await countRows("checkpoint_blobs", threadId)).toBe(14);

  const queriesBefore = context.queryCount();
  const result = await saver.prune({ threadId, keepLatest: 2 });
  // 14 checkpoints in batches of 3 take 5 batch statements, then the blob sweep.
  expect(context.queryCount() - queriesBefore).toBeGreaterThanOrEqual(5);
  expect(result.deletedCheckpoints).toBe(8 + 2);
  const newestRoot = configs.map((config) => config.configurable?.checkpoint_id).reverse();
  expect(await listedIds(threadId)).toEqual(newestRoot.slice(0, 2));
  expect(await listedIds(threadId, "child")).toHaveLength(2);
  expect(await countRows("checkpoint_writes", threadId)).toBe(2);
  // Each kept checkpoint references one counter version; the other blobs were orphaned.
  expect(await countRows("checkpoint_blobs", threadId)).toBe(4);
  const latest = await saver.getTuple(threadConfig(threadId));
  expect(latest?.checkpoint.channel_values).toEqual({ counter: 9 });
});

it("prune never deletes a blob a kept checkpoint still references", async () => {
  const { saver } = context;
  const threadId = "prune-shared-blob";
  let config = threadConfig(threadId);
  const first = makeCheckpoint({ big: "written once", small: 0 });
  config = await saver.put(config, first, loopMetadata(0), first.channel_versions);
  for (let step = 1; step <= 4; step++) {
    const next = makeCheckpoint({ big: "written once", small: step });
    next.channel_versions = { big: 1, small: step + 1 };
    config = await saver.put(config, next, loopMetadata(step), { small: step + 1 });
  }
  await saver.prune({ threadId, keepLatest: 1 });
  const latest = await saver.getTuple(threadConfig(threadId));
  expect(latest?.checkpoint.channel_values).toEqual({ big: "written once", small: 4 });
});

it("prune without criteria uses ttlSeconds, and refuses to run without any", async () => {
  const { saver } = context;
  await putChain(saver, "prune-ttl", 3);
  // Nothing is older than an hour yet.
  expect((await saver.prune({ threadId: "prune-ttl" })).deletedCheckpoints).toBe(0);
  await context.pool.query(
    `UPDATE ${saver.schema.qualify("checkpoints")} SET created_at = now() - interval '2 hours' WHERE thread_id = 'prune-ttl'`,
  );
  expect((await saver.prune({ threadId: "prune-ttl" })).deletedCheckpoints).toBe(2);
  expect(await listedIds("prune-ttl")).toHaveLength(1);

  const { PostgresSaver } = await import("../src/index.js");
  const withoutTtl = new PostgresSaver({ pool: context.pool, schema: saver.schema.name });
  const refusal = await withoutTtl.prune({}).catch((error: unknown) => error);
  expect(InvalidConfigError.isInstance(refusal)).toBe(true);
});

it("deleteExpiredThreads removes whole threads idle for longer than the TTL, and only those", async () => {
  const { saver } = context;
  await saver.deleteThread("prune-ttl");
  for (const threadId of ["idle-1", "idle-2", "idle-3", "idle-4", "active"]) {
    await putChain(saver, threadId, 2);
  }
  await context.pool.query(
    `UPDATE ${saver.schema.qualify("checkpoints")} SET created_at = now() - interval '2 hours'
     WHERE thread_id LIKE 'idle-%' OR thread_id = 'active'`,
  );
  // `active` wrote a pending write recently: it is not idle.
  const active = await saver.getTuple(threadConfig("active"));
  await saver.putWrites(active!.config, [["counter", "recent"]], "task");

  const result = await saver.deleteExpiredThreads();
  expect(result.deletedThreads).toBe(4);
  for (const threadId of ["idle-1", "idle-2", "idle-3", "idle-4"]) {
    expect(await countRows("checkpoints", threadId)).toBe(0);
    expect(await countRows("checkpoint_blobs", threadId)).toBe(0);
  }
  expect(await countRows("checkpoints", "active")).toBe(2);
});
