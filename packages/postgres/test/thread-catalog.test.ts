import { encodeListingCursor, InvalidConfigError, type ThreadListing } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { PostgresSaver } from "../src/index.js";
import { PREFIX_SCAN_ROWS } from "../src/postgres-thread-catalog.js";
import { loopMetadata, makeCheckpoint, putChain, threadConfig } from "./support/fixtures.js";
import { roundTripsOf } from "./support/round-trips.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/** The postgres saver's cursor tag (src/thread-list-cursor.ts). */
const TAG = "postgres-threads-1";

/**
 * `listThreads` (issue 17) reads `thread_summaries`, which every statement that adds or
 * removes checkpoints keeps: newest write first, counts and stored bytes that match the
 * records, one statement per page, any id safe.
 */
let context: SchemaSaver;

beforeEach(async () => {
  context = await createSchemaSaver();
});

afterEach(async () => {
  await context.dispose();
});

const roundTrips = (action: () => Promise<unknown>) => roundTripsOf(context, action);

async function allThreads(
  saver: PostgresSaver,
  options: { limit?: number; threadIdPrefix?: string } = {},
): Promise<ThreadListing[]> {
  const threads: ThreadListing[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const result = await saver.listThreads({ ...options, cursor });
    threads.push(...result.threads);
    if (result.nextCursor === null) return threads;
    cursor = result.nextCursor;
  }
  throw new Error("listThreads did not end");
}

/** The sum of the thread's records, read one by one. */
async function recordedBytes(saver: PostgresSaver, threadId: string): Promise<number> {
  const summary = await saver.threadSizeSummary(threadId, { lastN: 1_000 });
  return summary.recentCheckpoints.reduce((sum, size) => sum + size.storedBytes, 0);
}

async function listing(saver: PostgresSaver, threadId: string): Promise<ThreadListing | undefined> {
  return (await allThreads(saver)).find((thread) => thread.threadId === threadId);
}

it("lists threads newest write first with their count and recorded bytes, a page per statement", async () => {
  const { saver } = context;
  for (const threadId of ["first", "second", "third"]) await putChain(saver, threadId, 2);
  await putChain(saver, "first", 1, "sub"); // written last: first in the list
  let page: Awaited<ReturnType<PostgresSaver["listThreads"]>> | undefined;
  expect(
    await roundTrips(async () => {
      page = await saver.listThreads({ limit: 2 });
    }),
  ).toBe(1);
  expect(page?.threads.map((thread) => thread.threadId)).toEqual(["first", "third"]);
  expect(page?.threads[0]?.checkpointCount).toBe(3);
  expect(page?.threads[0]?.storedBytes).toBe(await recordedBytes(saver, "first"));
  expect(Date.parse(page?.threads[0]?.updatedAt ?? "")).toBeGreaterThanOrEqual(
    Date.parse(page?.threads[1]?.updatedAt ?? ""),
  );
  const next = await saver.listThreads({ limit: 2, cursor: page?.nextCursor ?? undefined });
  expect(next.threads.map((thread) => thread.threadId)).toEqual(["second"]);
  expect(next.nextCursor).toBeNull();
});

it("pages through threads written at the same instant in thread id order, none twice", async () => {
  const { saver } = context;
  const ids = Array.from({ length: 7 }, (_unused, index) => `same-${index}`);
  const createdAt = new Date("2026-01-02T03:04:05.678Z");
  await saver.putMany({
    checkpoints: await Promise.all(
      ids.map(async (threadId) => {
        const { serializeCheckpointRecord } = await import("../src/record-serialization.js");
        const checkpoint = makeCheckpoint({ v: threadId });
        const record = await serializeCheckpointRecord(
          saver.serde,
          { threadId, checkpointNs: "", parentCheckpointId: undefined },
          checkpoint,
          loopMetadata(0),
          checkpoint.channel_versions,
        );
        return { ...record, createdAt };
      }),
    ),
  });
  const listed = await allThreads(saver, { limit: 3 });
  expect(listed.map((thread) => thread.threadId)).toEqual(ids);
  expect(listed.every((thread) => thread.updatedAt === createdAt.toISOString())).toBe(true);
});

it("threadIdPrefix matches literally: LIKE metacharacters, U+0000 and U+0001 are plain text", async () => {
  const { saver } = context;
  const ids = ["a%b", "a%bc", "axb", "a_b", "a\\b", "a\u0000b", "a\u0001b", "a\u0001\u0002"];
  for (const threadId of ids) await putChain(saver, threadId, 1);
  const only = async (prefix: string) =>
    (await allThreads(saver, { threadIdPrefix: prefix })).map((thread) => thread.threadId).sort();
  expect(await only("a%")).toEqual(["a%b", "a%bc"]);
  expect(await only("a_")).toEqual(["a_b"]);
  expect(await only("a\\")).toEqual(["a\\b"]);
  expect(await only("a\u0000")).toEqual(["a\u0000b"]);
  expect(await only("a\u0001")).toEqual(["a\u0001\u0002", "a\u0001b"]);
  expect(await only("")).toEqual([...ids].sort());
});

it("a prefix matching few threads examines a bounded window per page and still finds them all", async () => {
  const { saver } = context;
  await putChain(saver, "wanted-old", 1);
  await putChain(saver, "wanted-new", 1);
  // Summaries of many other threads written between the two, without their checkpoints.
  const summaries = saver.schema.qualify("thread_summaries");
  await context.pool.query(
    `INSERT INTO ${summaries} (thread_id, checkpoint_count, stored_bytes, updated_at)
     SELECT 'other-' || n, 1, 0, now() - interval '1 hour' + n * interval '1 ms'
     FROM generate_series(1, $1::int) AS n`,
    [PREFIX_SCAN_ROWS + 10],
  );
  await context.pool.query(
    `UPDATE ${summaries} SET updated_at = now() - interval '2 hours' WHERE thread_id = 'wanted-old'`,
  );
  const first = await saver.listThreads({ threadIdPrefix: "wanted", limit: 5 });
  expect(first.threads.map((thread) => thread.threadId)).toEqual(["wanted-new"]);
  expect(first.nextCursor).not.toBeNull();
  const listed = await allThreads(saver, { threadIdPrefix: "wanted", limit: 5 });
  expect(listed.map((thread) => thread.threadId)).toEqual(["wanted-new", "wanted-old"]);
});

it("refuses bad options and forged cursors before sending anything", async () => {
  const { saver } = context;
  await putChain(saver, "cursor-thread", 1);
  await putChain(saver, "cursor-thread-2", 1);
  const { nextCursor } = await saver.listThreads({ limit: 1 });
  expect(nextCursor).not.toBeNull();
  const forged = [
    "not a cursor",
    `${nextCursor}x`,
    nextCursor!.slice(0, -2),
    Buffer.from("[1,1,2]").toString("base64url"),
    encodeListingCursor(TAG, [1, "k"]),
    encodeListingCursor(TAG, ["2026-02-30T00:00:00.000000Z", "k"]),
    encodeListingCursor("redis-threads-1", ["2026-01-01T00:00:00.000000Z", "k"]),
    encodeListingCursor(TAG, ["2026-01-01T00:00:00.000000Z", "k\u0000"]),
    Buffer.from("{}").toString("base64url"),
  ];
  for (const cursor of forged) {
    const sent = await roundTrips(() =>
      expect(saver.listThreads({ cursor })).rejects.toThrow(InvalidConfigError),
    );
    expect(sent).toBe(0);
  }
  for (const options of [{ limit: 0 }, { limit: 1.5 }, { threadIdPrefix: 3 }, "x"]) {
    await expect(saver.listThreads(options as never)).rejects.toThrow(InvalidConfigError);
  }
  // A well-formed cursor naming no thread just positions the page.
  const elsewhere = encodeListingCursor(TAG, ["2000-01-01T00:00:00.000000Z", "zzz"]);
  expect(await saver.listThreads({ cursor: elsewhere })).toEqual({ threads: [], nextCursor: null });
});

describe("the listing follows every change of the checkpoints", () => {
  async function put(
    saver: PostgresSaver,
    threadId: string,
    value: string,
  ): Promise<RunnableConfig> {
    const checkpoint = makeCheckpoint({ value });
    return saver.put(
      threadConfig(threadId),
      checkpoint,
      loopMetadata(0),
      checkpoint.channel_versions,
    );
  }

  it("deleteThread removes the thread; prune subtracts what it deleted", async () => {
    const { saver } = context;
    await putChain(saver, "pruned", 5);
    await putChain(saver, "deleted", 2);
    await saver.deleteThread("deleted");
    expect(await listing(saver, "deleted")).toBeUndefined();
    await saver.prune({ keepLatest: 2 });
    const pruned = await listing(saver, "pruned");
    expect(pruned?.checkpointCount).toBe(2);
    expect(pruned?.storedBytes).toBe(await recordedBytes(saver, "pruned"));
  });

  it("copyThread adds the copied checkpoints once, however often it runs", async () => {
    const { saver } = context;
    await putChain(saver, "copy-source", 3);
    await put(saver, "copy-target", "own");
    await saver.copyThread("copy-source", "copy-target");
    await saver.copyThread("copy-source", "copy-target");
    const target = await listing(saver, "copy-target");
    expect(target?.checkpointCount).toBe(4);
    expect(target?.storedBytes).toBe(await recordedBytes(saver, "copy-target"));
    expect((await saver.listThreads({ limit: 1 })).threads[0]?.threadId).toBe("copy-target");
  });

  it("putMany replayed (at-least-once delivery) counts its checkpoints once", async () => {
    const { saver } = context;
    const { serializeCheckpointRecord } = await import("../src/record-serialization.js");
    const checkpoint = makeCheckpoint({ value: "replayed" });
    const record = await serializeCheckpointRecord(
      saver.serde,
      { threadId: "replayed", checkpointNs: "", parentCheckpointId: undefined },
      checkpoint,
      loopMetadata(0),
      checkpoint.channel_versions,
    );
    await saver.putMany({ checkpoints: [record] });
    await saver.putMany({ checkpoints: [record, record] });
    const replayed = await listing(saver, "replayed");
    expect(replayed?.checkpointCount).toBe(1);
    expect(replayed?.storedBytes).toBe(await recordedBytes(saver, "replayed"));
  });

  it("expired threads leave the listing", async () => {
    const expiring = await createSchemaSaver({ ttlSeconds: 60 });
    try {
      const { saver } = expiring;
      await putChain(saver, "expired", 2);
      await putChain(saver, "fresh", 1);
      for (const table of ["checkpoints", "checkpoint_writes"]) {
        await expiring.pool.query(
          `UPDATE ${saver.schema.qualify(table)} SET created_at = now() - interval '1 hour' WHERE thread_id = 'expired'`,
        );
      }
      await saver.deleteExpiredThreads();
      expect((await allThreads(saver)).map((thread) => thread.threadId)).toEqual(["fresh"]);
    } finally {
      await expiring.dispose();
    }
  });
});

it("history latest: the listing counts the one checkpoint kept and its record", async () => {
  const latest = await createSchemaSaver({ history: "latest" });
  try {
    const { saver } = latest;
    await putChain(saver, "latest-thread", 4);
    const [thread] = (await saver.listThreads()).threads;
    expect(thread?.checkpointCount).toBe(1);
    expect(thread?.storedBytes).toBe(await recordedBytes(saver, "latest-thread"));
  } finally {
    await latest.dispose();
  }
});
