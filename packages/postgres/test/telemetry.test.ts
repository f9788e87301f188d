import {
  captureTelemetry,
  compileOperationsGraph,
  spansNamed,
  type TelemetryCapture,
  useTelemetryCapture,
} from "@checkpointkit/conformance/telemetry";
import { END, START, StateGraph } from "@langchain/langgraph";
import { PostgresSaver } from "../src/index.js";
import { closedPort } from "./support/faults.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/** A billing-then-respond graph: one run gives every common saver operation. */
const buildGraph = (saver: PostgresSaver) =>
  compileOperationsGraph({ StateGraph, START, END }, saver);

let context: SchemaSaver;
let capture: TelemetryCapture;
useTelemetryCapture((registered) => {
  capture = registered;
});

beforeAll(async () => {
  context = await createSchemaSaver();
});
afterAll(async () => {
  await context.dispose();
});

describe("PostgresSaver telemetry (OpenTelemetry SDK, in-memory exporters)", () => {
  it("a graph run gives one span per saver operation, with backend, thread, bytes and round trips", async () => {
    const threadId = `telemetry-${Date.now()}`;
    await buildGraph(context.saver).invoke({ steps: [] }, threadConfig(threadId));
    const spans = capture.spans();
    const puts = spansNamed(spans, "put", "postgres");
    expect(puts.length).toBeGreaterThanOrEqual(3);
    expect(spansNamed(spans, "putWrites", "postgres").length).toBeGreaterThanOrEqual(2);
    for (const span of puts) {
      expect(span.attributes).toMatchObject({
        "db.system": "postgresql",
        "db.system.name": "postgresql",
        "db.operation.name": "put",
        "checkpointkit.backend": "postgres",
        "checkpointkit.thread_id": threadId,
        "checkpointkit.checkpoint_ns": "",
        "checkpointkit.round_trips": 1,
      });
      expect(span.attributes["checkpointkit.bytes_written"]).toBeGreaterThan(0);
    }
    const metrics = await capture.collectMetrics();
    const duration = metrics.find((metric) => metric.name === "db.client.operation.duration");
    const points = duration?.dataPoints.map((point) => point.attributes) ?? [];
    expect(points).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ "db.operation.name": "put", "db.system": "postgresql" }),
      ]),
    );
  });

  it("the span's round trips are the statements the pool sent, per operation", async () => {
    const { saver } = context;
    const threadId = `telemetry-rt-${Date.now()}`;
    const config = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: "x".repeat(1000) }),
      loopMetadata(0),
      { a: 1 },
    );
    const operations: [string, () => Promise<unknown>][] = [
      ["putWrites", () => saver.putWrites(config, [["a", 2]], "task-1")],
      ["getTuple", () => saver.getTuple(config)],
      ["getDeltaChannelHistory", () => saver.getDeltaChannelHistory({ config, channels: ["a"] })],
      ["list", () => collect(saver.list(threadConfig(threadId)))],
      ["copyThread", () => saver.copyThread(threadId, `${threadId}-copy`)],
      ["prune", () => saver.prune({ threadId, keepLatest: 1 })],
      ["deleteThread", () => saver.deleteThread(`${threadId}-copy`)],
    ];
    for (const [operation, run] of operations) {
      capture.reset();
      const before = context.queryCount();
      await run();
      const statements = context.queryCount() - before;
      const [span, ...more] = spansNamed(capture.spans(), operation, "postgres");
      expect(more).toHaveLength(0);
      expect({ operation, roundTrips: span?.attributes["checkpointkit.round_trips"] }).toEqual({
        operation,
        roundTrips: statements,
      });
    }
    capture.reset();
    await saver.getTuple(config);
    const [read] = spansNamed(capture.spans(), "getTuple", "postgres");
    expect(read?.attributes["checkpointkit.bytes_read"]).toBeGreaterThan(1000);
  });

  it("a failed operation gives an error span with the error's type and no secret", async () => {
    const secret = "s3cret-telemetry-password";
    const failing = PostgresSaver.fromConnString(
      `postgresql://checkpointer:${secret}@127.0.0.1:${await closedPort()}/nowhere`,
      { connectionTimeoutMs: 300 },
    );
    try {
      await expect(failing.setup()).rejects.toThrow();
    } finally {
      await failing.close();
    }
    const [span] = spansNamed(capture.spans(), "setup", "postgres");
    expect(span?.status.code).toBe(2);
    expect(span?.attributes["error.type"]).toBe("BackendUnavailableError");
    const recorded = JSON.stringify({ a: span?.attributes, s: span?.status, e: span?.events });
    expect(recorded).not.toContain(secret);
  });

  it("with no SDK registered nothing is recorded", async () => {
    await capture.stop();
    const threadId = `telemetry-off-${Date.now()}`;
    await buildGraph(context.saver).invoke({ steps: [] }, threadConfig(threadId));
    expect(capture.spans()).toHaveLength(0);
    capture = captureTelemetry();
    const tuple = await context.saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.channel_values.steps).toEqual(["billing", "respond"]);
  });
});
