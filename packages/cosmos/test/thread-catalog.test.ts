import { randomUUID } from "node:crypto";
import {
  checkpointConfig,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { encodeListingCursor, InvalidConfigError, type ThreadListing } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { threadPartition } from "../src/cosmos-items.js";
import { CosmosSaver } from "../src/index.js";
import { CosmosColdWriter } from "../src/internal.js";
import { coldWriteRecords } from "./cold-write-records.js";
import { TEST_DATABASE_ID } from "./cosmos-test-saver.js";
import { errorOf } from "./error-of.js";
import { rewriteAsPreSizeLayout } from "./pre-size-layout.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * `listThreads` reads the per-thread items that every write keeps in step with the thread's
 * checkpoints (count, summed size records, last write). Every test lists under its own id
 * prefix, so the threads of other tests in the container do not show.
 */
const cosmos = useCosmosSaver();
const { checkpointRecord } = coldWriteRecords(() => cosmos.saver);

function freshPrefix(): string {
  return `catalog-${randomUUID()}/`;
}

async function putSteps(
  saver: CosmosSaver,
  threadId: string,
  steps: number,
  checkpointNs = "",
  from: RunnableConfig = threadConfig(threadId, checkpointNs),
): Promise<RunnableConfig[]> {
  const configs: RunnableConfig[] = [];
  let config = from;
  for (let step = 0; step < steps; step += 1) {
    const checkpoint = makeCheckpoint(
      { step, text: `value ${step} `.repeat(20) },
      { step: `${step + 1}`, text: `${step + 1}` },
    );
    config = await saver.put(config, checkpoint, makeMetadata({ step }), {
      step: `${step + 1}`,
      text: `${step + 1}`,
    });
    configs.push(config);
  }
  return configs;
}

/** The thread's checkpoints' recorded bytes, summed through `getCheckpointSize`. */
async function recordedBytes(saver: CosmosSaver, configs: RunnableConfig[]): Promise<number> {
  let total = 0;
  for (const config of configs) {
    const size = await saver.getCheckpointSize(config);
    if (size === undefined) throw new Error("a checkpoint of this version has no size record");
    total += size.storedBytes;
  }
  return total;
}

async function listAll(saver: CosmosSaver, threadIdPrefix: string, limit = 1000) {
  const threads: ThreadListing[] = [];
  let cursor: string | undefined;
  do {
    const page = await saver.listThreads({ threadIdPrefix, limit, cursor });
    threads.push(...page.threads);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return threads;
}

async function listingOf(saver: CosmosSaver, threadId: string): Promise<ThreadListing | undefined> {
  const [listing] = (await saver.listThreads({ threadIdPrefix: threadId })).threads.filter(
    (thread) => thread.threadId === threadId,
  );
  return listing;
}

describe("CosmosSaver.listThreads", () => {
  it("lists threads most recently written first, counting every namespace's checkpoints and summing their size records", async () => {
    const prefix = freshPrefix();
    const older = `${prefix}older`;
    const newer = `${prefix}newer`;
    const olderConfigs = [
      ...(await putSteps(cosmos.saver, older, 2)),
      ...(await putSteps(cosmos.saver, older, 1, "inner")),
    ];
    const newerConfigs = await putSteps(cosmos.saver, newer, 1);
    let listed = await listAll(cosmos.saver, prefix);
    expect(listed.map((thread) => thread.threadId)).toEqual([newer, older]);
    expect(listed[1]).toMatchObject({
      checkpointCount: 3,
      storedBytes: await recordedBytes(cosmos.saver, olderConfigs),
    });
    expect(listed[0]).toMatchObject({
      checkpointCount: 1,
      storedBytes: await recordedBytes(cosmos.saver, newerConfigs),
    });
    // Writing the older thread again puts it first.
    olderConfigs.push(
      ...(await putSteps(cosmos.saver, older, 1, "", olderConfigs[1] as RunnableConfig)),
    );
    listed = await listAll(cosmos.saver, prefix);
    expect(listed.map((thread) => thread.threadId)).toEqual([older, newer]);
    expect(listed[0]?.checkpointCount).toBe(4);
    expect(listed[0]?.storedBytes).toBe(await recordedBytes(cosmos.saver, olderConfigs));
    const [first, second] = listed.map((thread) => Date.parse(thread.updatedAt));
    expect(new Date(first as number).toISOString()).toBe(listed[0]?.updatedAt);
    expect(first).toBeGreaterThanOrEqual(second as number);
  });

  it("pages with a cursor until it is null, each thread once, in order", async () => {
    const prefix = freshPrefix();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const threadId = `${prefix}${index}`;
      await putSteps(cosmos.saver, threadId, 1);
      ids.unshift(threadId);
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await cosmos.saver.listThreads({ threadIdPrefix: prefix, limit: 2, cursor });
      pages.push(page.threads.map((thread) => thread.threadId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
  });

  it("refuses a cursor it did not make, and bad options, with InvalidConfigError", async () => {
    const forged = [
      "not a cursor",
      Buffer.from('{"v":2,"k":"x"}').toString("base64url"),
      Buffer.from('{"v":1}').toString("base64url"),
      Buffer.from('{"v":1,"k":""}').toString("base64url"),
      Buffer.from("[1,2]").toString("base64url"),
      "eyJ2IjoxLCJrIjoi",
      encodeListingCursor("cosmos-threads-1", [""]),
      encodeListingCursor("cosmos-threads-1", [1]),
      encodeListingCursor("redis-threads-1", ["x"]),
    ];
    for (const cursor of forged) {
      const error = await errorOf(() => cosmos.saver.listThreads({ cursor }));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as InvalidConfigError).field).toBe("cursor");
    }
    for (const options of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { threadIdPrefix: 7 }]) {
      const error = await errorOf(() => cosmos.saver.listThreads(options as never));
      expect(InvalidConfigError.isInstance(error)).toBe(true);
    }
  });

  it("matches threadIdPrefix literally, whatever characters the ids hold", async () => {
    const prefix = freshPrefix();
    const hostile = [`${prefix}%_'"\\`, `${prefix}%x`, `${prefix}日本/\u0000`, `${prefix}a`];
    for (const threadId of hostile) await putSteps(cosmos.saver, threadId, 1);
    const found = async (threadIdPrefix: string) =>
      (await listAll(cosmos.saver, threadIdPrefix)).map((thread) => thread.threadId).sort();
    expect(await found(prefix)).toEqual([...hostile].sort());
    expect(await found(`${prefix}%`)).toEqual([hostile[0], hostile[1]].sort());
    expect(await found(`${prefix}%_`)).toEqual([hostile[0]]);
    expect(await found(`${prefix}_`)).toEqual([]);
    expect(await found(`${prefix}日本/\u0000`)).toEqual([hostile[2]]);
  });

  it("counts a replayed put, and a replayed cold write, once", async () => {
    const threadId = freshThreadId(freshPrefix());
    const checkpoint = makeCheckpoint({ a: "x".repeat(100) });
    const config = await cosmos.saver.put(threadConfig(threadId), checkpoint, makeMetadata(), {
      a: 1,
    });
    await cosmos.saver.put(threadConfig(threadId), checkpoint, makeMetadata(), { a: 1 });
    const expected = await recordedBytes(cosmos.saver, [config]);
    expect(await listingOf(cosmos.saver, threadId)).toMatchObject({
      checkpointCount: 1,
      storedBytes: expected,
    });

    const coldThreadId = freshThreadId(freshPrefix());
    const createdAt = new Date("2026-01-02T03:04:05.678Z");
    const record = { ...(await checkpointRecord(coldThreadId, checkpoint, "10-0")), createdAt };
    const writer = new CosmosColdWriter(cosmos.saver);
    await writer.writeBatch({ checkpoints: [record], writes: [] });
    await writer.writeBatch({ checkpoints: [record], writes: [] });
    // The cold tier records the checkpoint's own time, not the flush's.
    expect(await listingOf(cosmos.saver, coldThreadId)).toEqual({
      threadId: coldThreadId,
      checkpointCount: 1,
      storedBytes: expect.any(Number),
      updatedAt: createdAt.toISOString(),
    });
    const coldSize = await cosmos.saver.getCheckpointSize(
      checkpointConfig(coldThreadId, "", checkpoint.id),
    );
    expect(coldSize?.channels.map((channel) => channel.channel)).toEqual(["a"]);
    expect((await listingOf(cosmos.saver, coldThreadId))?.storedBytes).toBe(coldSize?.storedBytes);
  });

  it("history latest keeps one checkpoint per namespace in the count, and the bytes of the one kept", async () => {
    const latest = new CosmosSaver({ container: cosmos.saver.container, history: "latest" });
    const threadId = freshThreadId(freshPrefix());
    const configs = await putSteps(latest, threadId, 3);
    const inner = await putSteps(latest, threadId, 2, "inner");
    expect(await listingOf(latest, threadId)).toMatchObject({
      checkpointCount: 2,
      storedBytes: await recordedBytes(latest, [configs[2], inner[1]] as RunnableConfig[]),
    });
  });

  it("prune, copyThread and deleteThread keep the totals right", async () => {
    const prefix = freshPrefix();
    const source = `${prefix}source`;
    const configs = [
      ...(await putSteps(cosmos.saver, source, 4)),
      ...(await putSteps(cosmos.saver, source, 2, "inner")),
    ];
    expect((await cosmos.saver.prune({ threadId: source, keepLatest: 2 })).deletedCheckpoints).toBe(
      2,
    );
    const kept = [configs[2], configs[3], configs[4], configs[5]] as RunnableConfig[];
    const keptBytes = await recordedBytes(cosmos.saver, kept);
    expect(await listingOf(cosmos.saver, source)).toMatchObject({
      checkpointCount: 4,
      storedBytes: keptBytes,
    });

    // Into a new thread, then into one that holds a checkpoint of its own.
    const copy = `${prefix}copy`;
    await cosmos.saver.copyThread(source, copy);
    expect(await listingOf(cosmos.saver, copy)).toMatchObject({
      checkpointCount: 4,
      storedBytes: keptBytes,
    });
    await cosmos.saver.copyThread(source, copy);
    expect((await listingOf(cosmos.saver, copy))?.checkpointCount).toBe(4);
    const merged = `${prefix}merged`;
    const own = await putSteps(cosmos.saver, merged, 1, "other");
    await cosmos.saver.copyThread(source, merged);
    expect(await listingOf(cosmos.saver, merged)).toMatchObject({
      checkpointCount: 5,
      storedBytes: keptBytes + (await recordedBytes(cosmos.saver, own)),
    });
    expect((await listAll(cosmos.saver, prefix))[0]?.threadId).toBe(merged);

    await cosmos.saver.deleteThread(source);
    expect(await listingOf(cosmos.saver, source)).toBeUndefined();
  });

  it("lists only the saver's own tenant's threads, with the same thread id in two tenants", async () => {
    const container = cosmos.client.database(TEST_DATABASE_ID).container(`tenants-${randomUUID()}`);
    const contoso = new CosmosSaver({ container, tenantId: "contoso" });
    const fabrikam = new CosmosSaver({ container, tenantId: "fabrikam" });
    await contoso.setup({ createIfNotExists: true });
    try {
      const prefix = freshPrefix();
      await putSteps(contoso, `${prefix}shared`, 2);
      await putSteps(fabrikam, `${prefix}shared`, 1);
      await putSteps(fabrikam, `${prefix}fabrikam-only`, 1);
      expect(await listAll(contoso, prefix)).toEqual([
        expect.objectContaining({ threadId: `${prefix}shared`, checkpointCount: 2 }),
      ]);
      expect((await listAll(fabrikam, prefix)).map((thread) => thread.checkpointCount)).toEqual([
        1, 1,
      ]);
    } finally {
      await container.delete();
    }
  });

  it("a thread written before sizes were recorded is listed from its next write on, its old checkpoints counted with 0 bytes", async () => {
    const threadId = freshThreadId(freshPrefix());
    const configs = await putSteps(cosmos.saver, threadId, 3);
    await rewriteAsPreSizeLayout(cosmos.saver, threadId);
    expect(await listingOf(cosmos.saver, threadId)).toBeUndefined();
    expect(await cosmos.saver.getCheckpointSize(configs[2] as RunnableConfig)).toBeUndefined();
    // The summary falls back to measuring the history.
    const summary = await cosmos.saver.threadSizeSummary(threadId, { lastN: 2 });
    expect(summary.checkpointCount).toBe(2);
    expect(summary.totalBytes).toBeGreaterThan(0);

    // Pruning it works without its thread item (none to decrement).
    expect((await cosmos.saver.prune({ threadId, keepLatest: 2 })).deletedCheckpoints).toBe(1);
    const next = await putSteps(cosmos.saver, threadId, 1, "", configs[2]);
    expect(await listingOf(cosmos.saver, threadId)).toMatchObject({
      checkpointCount: 3,
      storedBytes: await recordedBytes(cosmos.saver, next),
    });
    const { resources } = await cosmos.saver.container.items
      .query<{ kind: string }>('SELECT c.kind FROM c WHERE c.kind = "thread"', {
        partitionKey: threadPartition(threadId, undefined).partitionKey,
      })
      .fetchAll();
    expect(resources).toHaveLength(1);
  });
});
