import {
  captureTelemetry,
  spanAttributes,
  spansNamed,
  type TelemetryCapture,
} from "@checkpointkit/conformance/telemetry";
import { encodeListingCursor, InvalidConfigError, type ThreadListing } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver, type RedisSaverCommonOptions } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/** Every page of the listing, following `nextCursor` to the end. */
async function allPages(
  saver: RedisSaver,
  options: { limit?: number; threadIdPrefix?: string } = {},
): Promise<ThreadListing[][]> {
  const pages: ThreadListing[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await saver.listThreads({ ...options, cursor });
    pages.push(page.threads);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
}

describe("RedisSaver.listThreads", () => {
  let client: Redis;

  beforeAll(async () => {
    client = newClient();
    // Load the scripts once, so the counts below are the steady state.
    const warm = saverFor();
    await putCheckpoints(warm, "warm-up", 1);
    await warm.listThreads();
  });

  afterAll(async () => {
    await client.quit();
  });

  function saverFor(options: RedisSaverCommonOptions = {}): RedisSaver {
    return new RedisSaver({ client, keyPrefix: freshKeyPrefix("catalog"), ...options });
  }

  /** `count` checkpoints on the thread, `parallel` puts at a time (order does not matter here). */
  async function putCheckpoints(saver: RedisSaver, threadId: string, count: number, ns = "") {
    const parallel = 200;
    for (let start = 0; start < count; start += parallel) {
      await Promise.all(
        Array.from({ length: Math.min(parallel, count - start) }, () => {
          const checkpoint = makeCheckpoint({ value: threadId });
          return saver.put(
            threadConfig(threadId, ns),
            checkpoint,
            LOOP_METADATA,
            versionsOf(checkpoint),
          );
        }),
      );
    }
  }

  /** Waits (polling the server's clock) until Redis' millisecond clock has moved on. */
  async function nextServerMillisecond(): Promise<void> {
    const serverMs = async () => {
      const [seconds, micros] = await client.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    };
    const start = await serverMs();
    while ((await serverMs()) <= start) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The listing order the shard indexes hold: score descending, then id in byte order. */
  async function indexOrder(saver: RedisSaver, ids: readonly string[]): Promise<string[]> {
    const scores = new Map<string, number>();
    for (const threadId of ids) {
      const threadsKey = saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).threads;
      scores.set(threadId, Number(await client.zscore(threadsKey, threadId)));
    }
    return [...ids].sort(
      (left, right) =>
        scores.get(right)! - scores.get(left)! ||
        Buffer.compare(Buffer.from(left), Buffer.from(right)),
    );
  }

  async function recordedBytes(saver: RedisSaver, threadId: string): Promise<number> {
    let total = 0;
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
      total += (await saver.getCheckpointSize(tuple.config))?.storedBytes ?? 0;
    }
    return total;
  }

  it("lists threads most recently written first, with their checkpoint count (all namespaces) and stored bytes", async () => {
    const saver = saverFor();
    await putCheckpoints(saver, "older", 2);
    await nextServerMillisecond();
    await putCheckpoints(saver, "middle", 1);
    await putCheckpoints(saver, "middle", 2, "child");
    await nextServerMillisecond();
    await putCheckpoints(saver, "newest", 1);
    const page = await saver.listThreads();
    expect(page.nextCursor).toBeNull();
    expect(
      page.threads.map(({ threadId, checkpointCount }) => [threadId, checkpointCount]),
    ).toEqual([
      ["newest", 1],
      ["middle", 3],
      ["older", 2],
    ]);
    for (const listing of page.threads) {
      expect(listing.storedBytes).toBe(await recordedBytes(saver, listing.threadId));
      expect(listing.storedBytes).toBeGreaterThan(0);
    }
    const score = await client.zscore(
      saver.keyLayout.shardKeys(saver.keyLayout.shardOf("newest")).threads,
      "newest",
    );
    expect(page.threads[0]!.updatedAt).toBe(new Date(Number(score)).toISOString());
  });

  it("a thread of 6,000 checkpoints does not hide the others, and costs its page what any thread costs (issue 17)", async () => {
    const saver = saverFor({ shardCount: 4 });
    await putCheckpoints(saver, "before", 1);
    await nextServerMillisecond();
    await putCheckpoints(saver, "huge", 6_000);
    await nextServerMillisecond();
    await putCheckpoints(saver, "after", 1);
    const counter = await CommandCounter.watch(client);
    let threads: ThreadListing[] = [];
    let commands: { name: string }[];
    try {
      commands = await counter.count(async () => {
        threads = (await saver.listThreads({ limit: 10 })).threads;
      });
    } finally {
      await counter.stop();
    }
    expect(threads.map(({ threadId, checkpointCount }) => [threadId, checkpointCount])).toEqual([
      ["after", 1],
      ["huge", 6_000],
      ["before", 1],
    ]);
    expect(threads[1]!.storedBytes).toBe(await recordedBytes(saver, "huge"));
    // One script per shard, then one per listed thread: nothing per checkpoint.
    expect(commands.map(({ name }) => name)).toEqual(Array(4 + 3).fill("evalsha"));
  });

  it("storedBytes stays the sum of the thread's size records through a re-put, prune, copyThread merges and history latest", async () => {
    const saver = saverFor();
    const storedBytesOf = async (lister: RedisSaver, threadId: string) =>
      (await allPages(lister)).flat().find((listing) => listing.threadId === threadId)?.storedBytes;
    await putCheckpoints(saver, "kept", 5);
    await putCheckpoints(saver, "kept", 2, "child");
    // The same id put again with another record (other metadata, another value) replaces its share.
    const checkpoint = makeCheckpoint({ value: "first" });
    await saver.put(threadConfig("reput"), checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    const bigger = { ...checkpoint, channel_values: { value: "x".repeat(2_000) } };
    await saver.put(threadConfig("reput"), bigger, { ...LOOP_METADATA, step: 1 }, { value: 1 });
    expect(await storedBytesOf(saver, "reput")).toBe(await recordedBytes(saver, "reput"));
    expect(await saver.prune({ threadId: "kept", keepLatest: 2 })).toEqual({
      deletedCheckpoints: 3,
    });
    expect(await storedBytesOf(saver, "kept")).toBe(await recordedBytes(saver, "kept"));
    await putCheckpoints(saver, "source", 3);
    await saver.copyThread("source", "kept");
    const merged = await recordedBytes(saver, "kept");
    expect(await storedBytesOf(saver, "kept")).toBe(merged);
    // A repeated copy changes nothing; a copy into an empty thread brings the source's total.
    await saver.copyThread("source", "kept");
    expect(await storedBytesOf(saver, "kept")).toBe(merged);
    await saver.copyThread("source", "copy");
    expect(await storedBytesOf(saver, "copy")).toBe(await recordedBytes(saver, "source"));

    const shallow = saverFor({ history: "latest" });
    await putCheckpoints(shallow, "latest", 5);
    await putCheckpoints(shallow, "latest", 3, "child");
    expect(await storedBytesOf(shallow, "latest")).toBe(await recordedBytes(shallow, "latest"));
    await shallow.copyThread("latest", "latest-copy");
    expect(await storedBytesOf(shallow, "latest-copy")).toBe(
      await recordedBytes(shallow, "latest-copy"),
    );
  });

  it("two round trips per page on a standalone server (the operation's span counts them)", async () => {
    const saver = saverFor();
    for (let index = 0; index < 12; index++) await putCheckpoints(saver, `rt-${index}`, 2);
    let capture: TelemetryCapture | undefined;
    try {
      capture = captureTelemetry();
      const first = await saver.listThreads({ limit: 5 });
      await saver.listThreads({ limit: 5, cursor: first.nextCursor ?? undefined });
      const spans = spansNamed(capture.spans(), "listThreads", "redis");
      expect(spans.map((span) => spanAttributes(span)["checkpointkit.round_trips"])).toEqual([
        2, 2,
      ]);
    } finally {
      await capture?.stop();
    }
  });

  it("pages through every thread once, in order, across shards", async () => {
    const saver = saverFor({ shardCount: 4 });
    const ids = Array.from({ length: 23 }, (_unused, index) => `paged-${index}`);
    for (const threadId of ids) await putCheckpoints(saver, threadId, 1);
    const pages = await allPages(saver, { limit: 5 });
    const listed = pages.flat();
    expect(pages.slice(0, -1).every((page) => page.length === 5)).toBe(true);
    expect(listed.map(({ threadId }) => threadId)).toEqual(await indexOrder(saver, ids));
    const times = listed.map(({ updatedAt }) => Date.parse(updatedAt));
    expect(times).toEqual([...times].sort((left, right) => right - left));
  });

  it("equal times are ordered by thread id, and a cursor between them resumes after the right one", async () => {
    const saver = saverFor({ shardCount: 1 });
    const ids = ["tie-b", "tie-a", "tie-\u00e9", "tie-c", "tie-A"];
    for (const threadId of ids) await putCheckpoints(saver, threadId, 1);
    const threadsKey = saver.keyLayout.shardKeys(0).threads;
    for (const threadId of ids) await client.zadd(threadsKey, 1_700_000_000_000, threadId);
    const pages = await allPages(saver, { limit: 2 });
    expect(pages.flat().map(({ threadId }) => threadId)).toEqual([
      "tie-A",
      "tie-a",
      "tie-b",
      "tie-c",
      "tie-\u00e9",
    ]);
  });

  it("threadIdPrefix filters while paging, with ids that look like patterns or keys", async () => {
    const saver = saverFor({ shardCount: 4 });
    const hostile = ["a*", "a*{x}", "a*:b", "a*\u0000z", "a*%3A", "a?", "b*", "*", "a"];
    for (const threadId of hostile) await putCheckpoints(saver, threadId, 1);
    const listedIds = async (threadIdPrefix: string) =>
      (await allPages(saver, { limit: 2, threadIdPrefix }))
        .flat()
        .map(({ threadId }) => threadId)
        .sort();
    expect(await listedIds("a*")).toEqual(["a*", "a*%3A", "a*:b", "a*\u0000z", "a*{x}"].sort());
    expect(await listedIds("*")).toEqual(["*"]);
    expect(await listedIds("a*{")).toEqual(["a*{x}"]);
    expect(await listedIds("zzz")).toEqual([]);
    expect(await listedIds("")).toEqual([...hostile].sort());
  });

  it("a prefix few threads match bounds each page's work: a short page with a cursor, and no thread lost", async () => {
    const saver = saverFor({ shardCount: 1 });
    await putCheckpoints(saver, "needle", 1);
    const others = Array.from({ length: 1_500 }, (_unused, index) => `hay-${index}`);
    for (let start = 0; start < others.length; start += 300) {
      await Promise.all(
        others.slice(start, start + 300).map((threadId) => putCheckpoints(saver, threadId, 1)),
      );
    }
    const first = await saver.listThreads({ threadIdPrefix: "needle" });
    expect(first.threads).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const pages = await allPages(saver, { threadIdPrefix: "needle" });
    expect(pages.flat().map(({ threadId }) => threadId)).toEqual(["needle"]);
  });

  it("refuses a cursor it did not make, or bad options, before sending anything", async () => {
    const saver = saverFor();
    await putCheckpoints(saver, "one", 1);
    await nextServerMillisecond();
    await putCheckpoints(saver, "two", 1);
    const real = (await saver.listThreads({ limit: 1 })).nextCursor!;
    const forged = [
      "garbage",
      "%%%",
      Buffer.from("[1,2,3]").toString("base64url"),
      encodeListingCursor("redis-threads-1", [-1, "x"]),
      encodeListingCursor("redis-threads-1", [1.5, "x"]),
      encodeListingCursor("redis-threads-1", [1, 2]),
      encodeListingCursor("postgres-threads-1", [1, "x"]),
      Buffer.from(JSON.stringify({ score: 1, threadId: "x" })).toString("base64url"),
      `${real}=`,
      `${real.slice(0, -2)}`,
      Buffer.from(real, "base64url").toString("base64"),
    ];
    const counter = await CommandCounter.watch(client);
    try {
      for (const cursor of forged) {
        const commands = await counter.count(async () => {
          await expect(saver.listThreads({ cursor })).rejects.toThrow(InvalidConfigError);
        });
        expect(commands).toEqual([]);
      }
      for (const options of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { cursor: "" }]) {
        await expect(saver.listThreads(options)).rejects.toThrow(InvalidConfigError);
      }
    } finally {
      await counter.stop();
    }
    const rest = await saver.listThreads({ cursor: real });
    expect(rest.threads.map(({ threadId }) => threadId)).toEqual(["one"]);
  });

  it("updatedAt is the last write; with refreshTtlOnRead a read counts too", async () => {
    const saver = saverFor({ ttlSeconds: 3_600, refreshTtlOnRead: true });
    await putCheckpoints(saver, "read-later", 1);
    await nextServerMillisecond();
    await putCheckpoints(saver, "written-last", 1);
    expect((await saver.listThreads()).threads.map(({ threadId }) => threadId)).toEqual([
      "written-last",
      "read-later",
    ]);
    const before = (await saver.listThreads()).threads[0]!.updatedAt;
    await nextServerMillisecond();
    await saver.getTuple(threadConfig("read-later"));
    const after = await saver.listThreads();
    expect(after.threads.map(({ threadId }) => threadId)).toEqual(["read-later", "written-last"]);
    expect(Date.parse(after.threads[0]!.updatedAt)).toBeGreaterThan(Date.parse(before));
  });

  it("a thread whose keys expired or were deleted is not listed", async () => {
    const saver = saverFor({ shardCount: 1 });
    await putCheckpoints(saver, "kept", 1);
    await putCheckpoints(saver, "expired", 1);
    // As a TTL expiry leaves it: the thread's keys gone, its index entry not yet trimmed.
    await client.del(...Object.values(saver.keyLayout.threadKeys("expired")));
    await putCheckpoints(saver, "deleted", 1);
    await saver.deleteThread("deleted");
    expect((await saver.listThreads()).threads.map(({ threadId }) => threadId)).toEqual(["kept"]);
  });

  it("an empty store lists nothing, with no cursor", async () => {
    expect(await saverFor().listThreads()).toEqual({ threads: [], nextCursor: null });
  });
});
