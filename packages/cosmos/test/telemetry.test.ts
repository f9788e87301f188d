import { randomBytes, randomUUID } from "node:crypto";
import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import {
  captureTelemetry,
  compileOperationsGraph,
  spansNamed,
  type TelemetryCapture,
  useTelemetryCapture,
} from "@checkpointkit/conformance/telemetry";
import { END, START, StateGraph } from "@langchain/langgraph";
import { CosmosSaver } from "../src/index.js";
import { TEST_DATABASE_ID } from "./cosmos-test-saver.js";
import { refusedEndpoint } from "./fault-endpoints.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector, prepare: warmCaches });

/** The client's caches warmed, as in a long-running process (see request-counts.test.ts). */
async function warmCaches(saver: CosmosSaver): Promise<void> {
  const thread = freshThreadId("warm");
  const config = await saver.put(threadConfig(thread), makeCheckpoint({ a: 1 }), makeMetadata(), {
    a: 1,
  });
  await saver.putWrites(config, [["a", 2]], "warm-task");
  await saver.getTuple(threadConfig(thread));
  await collect(saver.list(threadConfig(thread)));
}

/** A billing-then-respond graph: one run gives every common saver operation. */
const buildGraph = (saver: CosmosSaver) =>
  compileOperationsGraph({ StateGraph, START, END }, saver);

let capture: TelemetryCapture;
useTelemetryCapture((registered) => {
  capture = registered;
});

describe("CosmosSaver telemetry (OpenTelemetry SDK, in-memory exporters)", () => {
  it("a graph run gives one span per saver operation, with backend, thread and round trips", async () => {
    const threadId = freshThreadId("telemetry");
    await buildGraph(cosmos.saver).invoke({ steps: [] }, threadConfig(threadId));
    const spans = capture.spans();
    const puts = spansNamed(spans, "put", "cosmos");
    expect(puts.length).toBeGreaterThanOrEqual(3);
    expect(spansNamed(spans, "putWrites", "cosmos").length).toBeGreaterThanOrEqual(2);
    for (const span of puts) {
      expect(span.attributes).toMatchObject({
        "db.system": "cosmosdb",
        "db.system.name": "azure.cosmosdb",
        "db.operation.name": "put",
        "checkpointkit.backend": "cosmos",
        "checkpointkit.thread_id": threadId,
        "checkpointkit.checkpoint_ns": "",
        "checkpointkit.round_trips": 1,
      });
      expect(span.attributes["checkpointkit.bytes_written"]).toBeGreaterThan(0);
    }
  });

  it("size and catalog reads have spans of their own", async () => {
    const { saver } = cosmos;
    const threadId = freshThreadId("telemetry-catalog");
    const config = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      {
        a: 1,
      },
    );
    await saver.getCheckpointSize(config);
    await saver.threadSizeSummary(threadId);
    await saver.listThreads({ threadIdPrefix: threadId });
    await saver.threadTotals([threadId]);
    const spans = capture.spans();
    for (const operation of [
      "getCheckpointSize",
      "threadSizeSummary",
      "listThreads",
      "threadTotals",
    ]) {
      expect(spansNamed(spans, operation, "cosmos").length).toBeGreaterThanOrEqual(1);
    }
  });

  it("a span's bytes are the documents the saver sent and received (the SDK shows no wire sizes)", async () => {
    const { saver } = cosmos;
    const threadId = freshThreadId("telemetry-bytes");
    // Random base64 does not compress: the value's characters all travel in the documents.
    const value = randomBytes(30_000).toString("base64");
    await saver.put(threadConfig(threadId), makeCheckpoint({ big: value }), makeMetadata(), {
      big: 1,
    });
    await saver.getTuple(threadConfig(threadId));
    const [put] = spansNamed(await capture.spans(), "put", "cosmos").filter(
      (span) => span.attributes["checkpointkit.thread_id"] === threadId,
    );
    const [read] = spansNamed(await capture.spans(), "getTuple", "cosmos").filter(
      (span) => span.attributes["checkpointkit.thread_id"] === threadId,
    );
    expect(put?.attributes["checkpointkit.bytes_written"]).toBeGreaterThanOrEqual(value.length);
    expect(read?.attributes["checkpointkit.bytes_read"]).toBeGreaterThanOrEqual(value.length);
    // A read sends no documents beyond its query or ids.
    expect(read?.attributes["checkpointkit.bytes_written"]).toBeLessThan(value.length / 10);
  });

  it("the span's round trips are the data requests the server received, per operation", async () => {
    const { saver } = cosmos;
    const threadId = freshThreadId("telemetry-rt");
    const config = await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      {
        a: 1,
      },
    );
    const operations: [string, () => Promise<unknown>][] = [
      ["putWrites", () => saver.putWrites(config, [["a", 2]], "task-1")],
      ["getTuple", () => saver.getTuple(config)],
      ["getDeltaChannelHistory", () => saver.getDeltaChannelHistory({ config, channels: ["a"] })],
      ["list", () => collect(saver.list(threadConfig(threadId)))],
      ["copyThread", () => saver.copyThread(threadId, `${threadId}-copy`)],
      ["deleteThread", () => saver.deleteThread(`${threadId}-copy`)],
    ];
    for (const [operation, run] of operations) {
      capture.reset();
      injector.reset();
      await run();
      const dataRequests = injector.countRequests({ isQueryPlan: false });
      const [span, ...more] = spansNamed(capture.spans(), operation, "cosmos");
      expect(more).toHaveLength(0);
      expect({ operation, roundTrips: span?.attributes["checkpointkit.round_trips"] }).toEqual({
        operation,
        roundTrips: dataRequests,
      });
    }
  });

  it("a failed operation gives an error span with the error's type and no secret", async () => {
    const secret = Buffer.from(`telemetry-key-${randomUUID()}`).toString("base64");
    const failing = CosmosSaver.fromConnectionString(
      `AccountEndpoint=${await refusedEndpoint()};AccountKey=${secret};`,
      {
        databaseId: TEST_DATABASE_ID,
        containerId: "nowhere",
        operationTimeoutMs: 2_000,
        requestTimeoutMs: 1_000,
      },
    );
    try {
      await expect(failing.getTuple(threadConfig("any"))).rejects.toThrow();
    } finally {
      await failing.close();
    }
    const [span] = spansNamed(capture.spans(), "getTuple", "cosmos");
    expect(span?.status.code).toBe(2);
    expect(span?.attributes["error.type"]).toBe("BackendUnavailableError");
    const recorded = JSON.stringify({ a: span?.attributes, s: span?.status, e: span?.events });
    expect(recorded).not.toContain(secret);
  });

  it("with no SDK registered nothing is recorded", async () => {
    await capture.stop();
    const threadId = freshThreadId("telemetry-off");
    await buildGraph(cosmos.saver).invoke({ steps: [] }, threadConfig(threadId));
    expect(capture.spans()).toHaveLength(0);
    capture = captureTelemetry();
    const tuple = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(tuple?.checkpoint.channel_values.steps).toEqual(["billing", "respond"]);
  });
});
