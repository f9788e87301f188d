import { collect } from "@checkpointkit/conformance";
import {
  captureTelemetry,
  compileOperationsGraph,
  spanAttributes,
  spansNamed,
  type TelemetryCapture,
  useTelemetryCapture,
} from "@checkpointkit/conformance/telemetry";
import { configureTelemetry } from "@checkpointkit/core";
import { END, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { closedPort } from "./ports.js";
import { newClient, saverOnSharedServer } from "./redis-test-saver.js";

/** A billing-then-respond graph: one run gives every common saver operation. */
const buildGraph = (saver: RedisSaver) => compileOperationsGraph({ StateGraph, START, END }, saver);

describe("RedisSaver telemetry (OpenTelemetry SDK, in-memory exporters)", () => {
  let client: Redis;
  let saver: RedisSaver;
  let capture: TelemetryCapture;
  useTelemetryCapture((registered) => {
    capture = registered;
  });

  beforeAll(async () => {
    client = newClient();
    saver = saverOnSharedServer(client);
    // Scripts loaded once (a first EVALSHA answered NOSCRIPT costs an EVAL: two round trips).
    await buildGraph(saver).invoke({ steps: [] }, { configurable: { thread_id: "warm-up" } });
    await saver.getDeltaChannelHistory({
      config: { configurable: { thread_id: "warm-up" } },
      channels: ["steps"],
    });
    await saver.copyThread("warm-up", "warm-up-copy");
    await saver.deleteThread("warm-up-copy");
    const warmLease = await saver.acquireThreadLease("warm-up", { ttlMs: 5_000 });
    await saver.renewThreadLease(warmLease);
    await saver.releaseThreadLease(warmLease);
  });
  afterEach(() => {
    configureTelemetry({ recordThreadIds: true });
  });
  afterAll(async () => {
    await client.quit();
  });

  it("a graph run gives one span per saver operation, with backend, thread, bytes and round trips", async () => {
    const threadId = `telemetry-${Date.now()}`;
    await buildGraph(saver).invoke({ steps: [] }, { configurable: { thread_id: threadId } });
    const spans = capture.spans();
    const puts = spansNamed(spans, "put", "redis");
    // input, billing, respond: three checkpoints (LangGraph also writes the loop's first one).
    expect(puts.length).toBeGreaterThanOrEqual(3);
    expect(spansNamed(spans, "putWrites", "redis").length).toBeGreaterThanOrEqual(2);
    expect(spansNamed(spans, "getTuple", "redis")).toHaveLength(1);
    for (const span of puts) {
      expect(spanAttributes(span)).toMatchObject({
        "db.system": "redis",
        "db.system.name": "redis",
        "db.operation.name": "put",
        "checkpointkit.backend": "redis",
        "checkpointkit.thread_id": threadId,
        "checkpointkit.checkpoint_ns": "",
        "checkpointkit.round_trips": 1,
      });
      expect(span.attributes["checkpointkit.bytes_written"]).toBeGreaterThan(0);
      expect(span.status.code).not.toBe(2);
    }
    const [read] = spansNamed(spans, "getTuple", "redis");
    expect(read?.attributes["checkpointkit.bytes_read"]).toBe(0);
    const metrics = await capture.collectMetrics();
    const duration = metrics.find((metric) => metric.name === "db.client.operation.duration");
    expect(duration?.unit).toBe("s");
    const operations = duration?.dataPoints.map((point) => point.attributes["db.operation.name"]);
    expect(operations).toEqual(expect.arrayContaining(["put", "putWrites", "getTuple"]));
  });

  it("the span's round trips are the commands Redis saw (MONITOR), per operation", async () => {
    const counter = await CommandCounter.watch(client);
    try {
      const threadId = `telemetry-rt-${Date.now()}`;
      const config = await saver.put(
        { configurable: { thread_id: threadId, checkpoint_ns: "" } },
        {
          v: 4,
          id: "1f0a0000-0000-6000-8000-000000000001",
          ts: new Date().toISOString(),
          channel_values: { a: "x".repeat(1000) },
          channel_versions: { a: 1 },
          versions_seen: {},
        },
        { source: "loop", step: 0, parents: {} },
        { a: 1 },
      );
      const operations: [string, () => Promise<unknown>][] = [
        ["putWrites", () => saver.putWrites(config, [["a", 2]], "task-1")],
        ["getTuple", () => saver.getTuple(config)],
        ["getDeltaChannelHistory", () => saver.getDeltaChannelHistory({ config, channels: ["a"] })],
        ["list", () => collect(saver.list({ configurable: { thread_id: threadId } }))],
        ["copyThread", () => saver.copyThread(threadId, `${threadId}-copy`)],
        ["deleteThread", () => saver.deleteThread(`${threadId}-copy`)],
      ];
      for (const [operation, run] of operations) {
        capture.reset();
        const commands = await counter.count(run);
        const [span, ...more] = spansNamed(capture.spans(), operation, "redis");
        expect(more).toHaveLength(0);
        expect({ operation, roundTrips: span?.attributes["checkpointkit.round_trips"] }).toEqual({
          operation,
          roundTrips: commands.length,
        });
      }
      capture.reset();
      await saver.getTuple(config);
      const [read] = spansNamed(capture.spans(), "getTuple", "redis");
      expect(read?.attributes["checkpointkit.bytes_read"]).toBeGreaterThan(1000);
    } finally {
      await counter.stop();
    }
  });

  it("a failed operation gives an error span with the error's type and no secret", async () => {
    const secret = "s3cret-telemetry-password";
    const failing = RedisSaver.fromUrl(`redis://:${secret}@127.0.0.1:${await closedPort()}`, {
      commandTimeoutMs: 300,
      connectTimeoutMs: 200,
    });
    try {
      await expect(failing.setup()).rejects.toThrow();
    } finally {
      await failing.close();
    }
    const [span] = spansNamed(capture.spans(), "setup", "redis");
    expect(span?.status).toEqual({ code: 2, message: "BackendUnavailableError" });
    expect(span?.attributes["error.type"]).toBe("BackendUnavailableError");
    const recorded = JSON.stringify({
      attributes: span?.attributes,
      status: span?.status,
      events: span?.events,
    });
    expect(recorded).not.toContain(secret);
    expect(span?.events).toHaveLength(0);
  });

  it("thread leases: acquire, renew and release are spans of the lease's thread, one round trip each", async () => {
    const threadId = `telemetry-lease-${Date.now()}`;
    const lease = await saver.acquireThreadLease(threadId, { ttlMs: 5_000 });
    await saver.renewThreadLease(lease);
    await saver.releaseThreadLease(lease);
    const spans = capture.spans();
    for (const operation of ["acquireThreadLease", "renewThreadLease", "releaseThreadLease"]) {
      const [span] = spansNamed(spans, operation, "redis");
      expect(span?.attributes).toMatchObject({
        "db.operation.name": operation,
        "checkpointkit.thread_id": threadId,
        "checkpointkit.round_trips": 1,
      });
    }
  });

  it("recordThreadIds: false leaves the thread id off the spans", async () => {
    configureTelemetry({ recordThreadIds: false });
    await saver.getTuple({ configurable: { thread_id: "private-thread" } });
    const [span] = spansNamed(capture.spans(), "getTuple", "redis");
    expect(span?.attributes["db.operation.name"]).toBe("getTuple");
    expect(span?.attributes).not.toHaveProperty(["checkpointkit.thread_id"]);
  });

  it("with no SDK registered nothing is recorded", async () => {
    await capture.stop();
    const threadId = `telemetry-off-${Date.now()}`;
    await buildGraph(saver).invoke({ steps: [] }, { configurable: { thread_id: threadId } });
    expect(capture.spans()).toHaveLength(0);
    capture = captureTelemetry();
    expect(capture.spans()).toHaveLength(0);
    // The state is there: the run itself was not affected.
    const tuple = await saver.getTuple({ configurable: { thread_id: threadId } });
    expect(tuple?.checkpoint.channel_values.steps).toEqual(["billing", "respond"]);
  });
});
