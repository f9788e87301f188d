import {
  type CapturedMetric,
  captureTelemetry,
  compileOperationsGraph,
  type ReadableSpan,
  spansNamed,
  type TelemetryCapture,
} from "@checkpointkit/conformance/telemetry";
import { END, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { putChain, threadConfig } from "./support/checkpoints.js";
import { dropHotThreads } from "./support/redis-keys.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

function buildGraph(saver: TieredSaver) {
  return compileOperationsGraph({ StateGraph, START, END }, saver);
}

function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  const { spanId } = parent.spanContext();
  return spans.filter((span) => span.parentSpanContext?.spanId === spanId);
}

function roundTrips(span: ReadableSpan): number {
  return Number(span.attributes["checkpointkit.round_trips"]);
}

function lastValue(metrics: CapturedMetric[], name: string): unknown {
  return metrics.find((metric) => metric.name === name)?.dataPoints.at(-1)?.value;
}

describe("TieredSaver telemetry (OpenTelemetry SDK, in-memory exporters)", () => {
  let redis: Redis;
  let tier: TestColdTier;
  let saver: TieredSaver;
  let capture: TelemetryCapture;

  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    // Registered before setup(): the saver registers its flusher metrics with it there.
    capture = captureTelemetry();
    tier = await postgresColdTier();
    saver = await tieredSaver(redis, tier.cold);
    // Every script loaded once (a first EVALSHA answered NOSCRIPT costs an EVAL, counted on
    // the tiered span when it is one of the tiered saver's own outbox scripts).
    await buildGraph(saver).invoke({ steps: [] }, threadConfig("warm-up"));
    await saver.flush();
    await saver.deleteThread("warm-up");
    capture.reset();
  });
  afterEach(async () => {
    await saver.close();
    await tier.drop();
    await capture.stop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it("each tiered put has a hot-tier child span, and the tiered span sums the tiers' round trips", async () => {
    const threadId = `telemetry-${Date.now()}`;
    await buildGraph(saver).invoke({ steps: [] }, threadConfig(threadId));
    const spans = capture.spans();
    const puts = spansNamed(spans, "put", "tiered");
    expect(puts.length).toBeGreaterThanOrEqual(3);
    for (const put of puts) {
      expect(put.attributes).toMatchObject({
        "checkpointkit.backend": "tiered",
        "db.operation.name": "put",
        "checkpointkit.thread_id": threadId,
      });
      expect(put.attributes).not.toHaveProperty(["db.system"]);
      const children = childrenOf(spans, put);
      expect(children.map((child) => child.name)).toContain("put redis");
      expect(roundTrips(put)).toBe(children.reduce((sum, child) => sum + roundTrips(child), 0));
      expect(roundTrips(put)).toBeGreaterThanOrEqual(1);
    }
  });

  it("a read that misses Redis has a hot and a cold child span; a delete touches both tiers", async () => {
    const threadId = `telemetry-cold-${Date.now()}`;
    await buildGraph(saver).invoke({ steps: [] }, threadConfig(threadId));
    await saver.flush();
    await dropHotThreads(redis, saver.hot.keyLayout.keyPrefix);
    capture.reset();
    const tuple = await saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.channel_values.steps).toEqual(["billing", "respond"]);
    let spans = capture.spans();
    const [read] = spansNamed(spans, "getTuple", "tiered");
    expect(read).toBeDefined();
    const readChildren = childrenOf(spans, read as ReadableSpan).map((child) => child.name);
    expect(readChildren).toEqual(expect.arrayContaining(["getTuple redis", "getTuple postgres"]));
    const cold = spansNamed(spans, "getTuple", "postgres")[0];
    expect(cold?.attributes).toMatchObject({ "db.system": "postgresql" });
    expect(roundTrips(cold as ReadableSpan)).toBeGreaterThanOrEqual(1);

    capture.reset();
    await saver.deleteThread(threadId);
    spans = capture.spans();
    const [deletion] = spansNamed(spans, "deleteThread", "tiered");
    const deleteChildren = childrenOf(spans, deletion as ReadableSpan).map((child) => child.name);
    expect(deleteChildren).toEqual(
      expect.arrayContaining(["deleteThread redis", "deleteThread postgres"]),
    );
  });

  it("the flusher's backlog, lag, flush rate, retries and dead letters are observable metrics", async () => {
    const threadId = `telemetry-metrics-${Date.now()}`;
    await buildGraph(saver).invoke({ steps: [] }, threadConfig(threadId));
    await saver.flush();
    const metrics = await capture.collectMetrics();
    expect(lastValue(metrics, "checkpointkit.tiered.backlog")).toBe(0);
    expect(lastValue(metrics, "checkpointkit.tiered.lag")).toBe(0);
    expect(lastValue(metrics, "checkpointkit.tiered.flushed_entries")).toBeGreaterThan(0);
    expect(lastValue(metrics, "checkpointkit.tiered.retries")).toBe(0);
    expect(lastValue(metrics, "checkpointkit.tiered.dead_letters")).toBe(0);
    expect(lastValue(metrics, "checkpointkit.tiered.flush_rate")).toBe(0);
    const backlog = metrics.find((metric) => metric.name === "checkpointkit.tiered.backlog");
    expect(backlog?.dataPoints[0]?.attributes).toEqual({
      "checkpointkit.backend": "tiered",
      "checkpointkit.cold_backend": "postgres",
    });
    // A second collection: the rate over the time between the two (0 when the flusher had
    // nothing to do: a durable put may have written its entries through itself).
    await buildGraph(saver).invoke({ steps: [] }, threadConfig(`${threadId}-2`));
    await saver.flush();
    const later = await capture.collectMetrics();
    expect(lastValue(later, "checkpointkit.tiered.flush_rate")).toEqual(expect.any(Number));
    expect(lastValue(later, "checkpointkit.tiered.flushed_entries")).toBeGreaterThanOrEqual(
      lastValue(metrics, "checkpointkit.tiered.flushed_entries") as number,
    );
  });
});

describe("TieredSaver telemetry with the flusher in a worker thread", () => {
  it("the worker's counters reach the observable metrics through metrics()", async () => {
    const redis = newRedisClient();
    const tier = await postgresColdTier();
    const capture = captureTelemetry();
    const saver = await tieredSaver(redis, tier.cold, { flusher: { pollIntervalMs: 20 } });
    try {
      expect(saver.flusherMode).toBe("worker");
      await putChain(saver, `telemetry-worker-${Date.now()}`, 4);
      await saver.flush();
      // The worker posts its counters after each committed batch: they may land just after
      // flush() resolved.
      await waitUntil(
        async () => (await saver.metrics()).flushedEntries >= 4,
        "the worker's counters arrive",
      );
      const metrics = await capture.collectMetrics();
      expect(lastValue(metrics, "checkpointkit.tiered.flushed_entries")).toBeGreaterThanOrEqual(4);
      expect(lastValue(metrics, "checkpointkit.tiered.backlog")).toBe(0);
    } finally {
      await saver.close();
      await tier.drop();
      await capture.stop();
      await redis.quit();
    }
  });
});
