import { randomUUID } from "node:crypto";
import { compileSupportGraph } from "@checkpointkit/example-support-graph/src/graph";
import {
  caseInput,
  threadConfig,
} from "@checkpointkit/example-support-graph/src/scenarios/support-run";
import { createSupportServices } from "@checkpointkit/example-support-graph/src/services/support-services";
import { CASE_8842 } from "@checkpointkit/example-support-graph/src/support-cases";
import { PostgresSaver } from "@checkpointkit/postgres";
import { TieredSaver } from "@checkpointkit/tiered";
import { PostgresColdTier } from "@checkpointkit/tiered/postgres";
import { Redis } from "ioredis";
import pg from "pg";
import {
  type CheckpointDetail,
  type RunningBrowser,
  runBrowseCli,
  startBrowser,
  type ThreadCatalogPage,
  type ThreadIndex,
  type TimelinePage,
} from "../src/index.js";
import { getJson, httpGet } from "./support/http-get.js";
import { servedByCli } from "./support/served-by-cli.js";

/**
 * A real TieredSaver (Redis + PostgreSQL): one thread flushed by the saver's own flusher, then
 * one written by a saver without a flusher, so its checkpoints wait in Redis's outbox.
 */
describe("the tier view over a TieredSaver", () => {
  const run = randomUUID().slice(0, 8);
  const keyPrefix = `browser-tiered-${run}:`;
  const schema = `browser_tiered_${run}`;
  const flushedThread = `case_8842-flushed-${run}`;
  const waitingThread = `case_8842-waiting-${run}`;
  let redis: Redis;
  let pool: pg.Pool;
  let reader: TieredSaver;
  let browser: RunningBrowser;

  const tieredSaver = (flusher: false | { mode: "in-process" }) =>
    new TieredSaver({
      redis,
      keyPrefix,
      cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema }) }),
      flusher,
      // Nothing is written through, so the waiting thread really waits.
      durableWhen: () => false,
    });

  const runCase = (saver: TieredSaver, threadId: string) =>
    compileSupportGraph({ checkpointer: saver, services: createSupportServices() }).invoke(
      caseInput(CASE_8842),
      threadConfig(threadId),
    );

  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    redis.on("error", () => {});
    pool = new pg.Pool({ connectionString: process.env.POSTGRES_URL });
    pool.on("error", () => {});
    const flushing = tieredSaver({ mode: "in-process" });
    await flushing.setup();
    await runCase(flushing, flushedThread);
    await flushing.flush();
    await flushing.close();
    reader = tieredSaver(false);
    await reader.setup();
    await runCase(reader, waitingThread);
    browser = await startBrowser({ saver: reader });
  });

  afterAll(async () => {
    await browser?.close();
    await reader?.close().catch(() => {});
    await pool?.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await pool?.end();
    redis?.disconnect();
  });

  it("says which tier holds each checkpoint: flushed ones in both, waiting ones in Redis only", async () => {
    const flushed = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: flushedThread,
    });
    expect(flushed.entries).toHaveLength(5);
    expect(flushed.entries.map((entry) => entry.tiers)).toEqual(
      Array(5).fill(["redis", "postgres"]),
    );
    const waiting = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: waitingThread,
    });
    expect(waiting.entries.map((entry) => entry.tiers)).toEqual(Array(5).fill(["redis"]));
  });

  it("shows the flush backlog and lag on the thread list and the timeline", async () => {
    const index = await getJson<ThreadIndex>(browser.url, "/api/threads");
    expect(index.tierMetrics?.coldBackend).toBe("postgres");
    // The waiting thread's 5 checkpoints (and their writes) are outbox entries.
    expect(index.tierMetrics?.backlog).toBeGreaterThanOrEqual(5);
    expect(index.tierMetrics?.lagMs).toBeGreaterThan(0);
    const timeline = await httpGet(
      `${browser.url}thread?thread=${encodeURIComponent(waitingThread)}`,
    );
    expect(timeline.body).toContain('<p class="tier-metrics">tiered: redis → postgres:');
    expect(timeline.body).toContain('<span class="tag tier-redis">redis</span>');
    expect(timeline.body).not.toContain("tier-postgres");
  });

  it("lists both threads from the TieredSaver's listThreads, the waiting one first, with the backlog", async () => {
    const page = await getJson<ThreadCatalogPage>(browser.url, "/api/threads");
    expect(page.source).toBe("listThreads");
    expect(page.threads.map((thread) => [thread.threadId, thread.checkpointCount])).toEqual([
      [waitingThread, 5],
      [flushedThread, 5],
    ]);
    for (const thread of page.threads) expect(thread.storedBytes).toBeGreaterThan(0);
    expect(page.tierMetrics?.coldBackend).toBe("postgres");
    const html = await httpGet(browser.url);
    expect(html.body).toContain('<p class="tier-metrics">tiered: redis → postgres:');
    expect(html.body).toContain('<td class="count">5</td>');
    // A checkpoint's recorded size, from whichever tier holds it.
    for (const threadId of [waitingThread, flushedThread]) {
      const timeline = await getJson<TimelinePage>(browser.url, "/api/thread", {
        thread: threadId,
      });
      const detail = await getJson<CheckpointDetail>(browser.url, "/api/checkpoint", {
        thread: threadId,
        id: timeline.entries[0]!.checkpointId,
      });
      expect(detail.storedSize).toMatchObject({
        state: "recorded",
        storedBytes: expect.any(Number),
      });
    }
  });

  it("shows nothing of tiers for a saver that is not tiered", async () => {
    const plain = await startBrowser({ saver: reader.hot });
    try {
      const page = await getJson<TimelinePage>(plain.url, "/api/thread", { thread: waitingThread });
      expect(page.tierMetrics).toBeNull();
      expect(page.entries.map((entry) => entry.tiers)).toEqual(Array(5).fill(null));
    } finally {
      await plain.close();
    }
  });

  it("checkpointkit-browse --tiered-redis --tiered-postgres shows the same tiers and backlog, and flushes nothing", async () => {
    const before = await reader.metrics();
    const cli = await servedByCli(runBrowseCli, [
      "--tiered-redis",
      process.env.REDIS_URL!,
      "--tiered-postgres",
      process.env.POSTGRES_URL!,
      "--schema",
      schema,
      "--key-prefix",
      keyPrefix,
    ]);
    try {
      const waiting = await getJson<TimelinePage>(cli.url, "/api/thread", {
        thread: waitingThread,
      });
      expect(waiting.entries.map((entry) => entry.tiers)).toEqual(Array(5).fill(["redis"]));
      const flushed = await getJson<TimelinePage>(cli.url, "/api/thread", {
        thread: flushedThread,
      });
      expect(flushed.entries.map((entry) => entry.tiers)).toEqual(
        Array(5).fill(["redis", "postgres"]),
      );
      const index = await getJson<ThreadIndex>(cli.url, "/api/threads");
      expect(index.tierMetrics?.coldBackend).toBe("postgres");
      expect(index.tierMetrics?.backlog).toBe(before.backlog);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
    expect(cli.stderr()).toContain("flusher none (read-only)");
    // Nothing moved to the cold tier: the CLI's saver ran no flusher, not even on close().
    expect((await reader.metrics()).backlog).toBe(before.backlog);
    const cold = new PostgresSaver({ pool, schema });
    const coldTuples = [];
    for await (const tuple of cold.list({ configurable: { thread_id: waitingThread } })) {
      coldTuples.push(tuple);
    }
    expect(coldTuples).toHaveLength(0);
  });
});
