import type { PluginConfig, RequestContext } from "@azure/cosmos";
import { freshThreadId, makeCheckpoint, threadConfig } from "@checkpointkit/conformance";
import { CosmosColdWriter } from "../src/internal.js";
import type { BatchHook } from "./batch-hook.js";
import { coldWriteRecords } from "./cold-write-records.js";
import { partitionItems } from "./cosmos-test-saver.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/** Runs (and is awaited) before and after each request while set. */
interface RequestGates {
  before?: (context: RequestContext) => Promise<void>;
  after?: (context: RequestContext) => Promise<void>;
}

const gates: RequestGates = {};
const plugin: PluginConfig = {
  on: "request",
  plugin: async (context, _diagnosticNode, next) => {
    await gates.before?.(context);
    const response = await next(context);
    await gates.after?.(context);
    return response;
  },
};
// The fixture installs any plugin given as its batch hook; this one gates every request.
const requestHook: BatchHook = {
  plugin,
  beforeBatch: undefined,
  reset() {
    gates.before = undefined;
    gates.after = undefined;
  },
};
const cosmos = useCosmosSaver({ batchHook: requestHook });
const { checkpointRecord } = coldWriteRecords(() => cosmos.saver);

const isBatch = (context: RequestContext) => context.operationType === "batch";
const isPartitionDelete = (context: RequestContext) =>
  context.path?.endsWith("/operations/partitionkeydelete") === true;

function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("CosmosColdWriter: a delete racing a write of its thread", () => {
  it("once deleteThread resolved, a batch that read the fence before it never shows", async () => {
    const threadId = freshThreadId();
    const writer = new CosmosColdWriter(cosmos.saver);
    const record = await checkpointRecord(threadId, makeCheckpoint({ step: 1 }), "10-0");

    const writerHeld = gate();
    const releaseWriter = gate();
    const partitionDeleted = gate();
    const writerBatchLanded = gate();
    const resumeWriter = gate();
    let deleting = false;
    let releasedWriter = false;
    let pausedWriter = false;
    // The writer's record batch waits (its fence already read) until the delete has dropped
    // the partition, and pauses again once it has landed, before its second fence read.
    gates.before = async (context) => {
      if (isBatch(context) && !deleting) {
        writerHeld.open();
        await releaseWriter.promise;
      }
    };
    gates.after = async (context) => {
      if (isPartitionDelete(context)) partitionDeleted.open();
      // The first batch to land once released is the writer's (reads may use batches too).
      if (isBatch(context) && releasedWriter && !pausedWriter) {
        pausedWriter = true;
        writerBatchLanded.open();
        await resumeWriter.promise;
      }
    };

    const written = writer.writeBatch({ checkpoints: [record], writes: [] });
    await writerHeld.promise;
    deleting = true;
    let deleteResolved = false;
    const deleted = writer.deleteThread(threadId, "20-0").then((applied) => {
      deleteResolved = true;
      return applied;
    });
    await partitionDeleted.promise;
    releasedWriter = true;
    releaseWriter.open();
    await writerBatchLanded.promise;
    // The writer's records are back in the partition until it re-reads the fence: a delete
    // that resolved already must not have left them readable.
    await new Promise((resolve) => setImmediate(resolve));
    const resolvedMidway = deleteResolved;
    const seenMidway = await cosmos.saver.getTuple(threadConfig(threadId));
    resumeWriter.open();
    gates.before = undefined;
    gates.after = undefined;

    expect(await deleted).toBe(true);
    expect(await written).toEqual({ stored: 0, fenced: 1 });
    // Either the delete waits for the write in flight, or nothing of it is readable.
    if (resolvedMidway) expect(seenMidway).toBeUndefined();
    expect(await cosmos.saver.getTuple(threadConfig(threadId))).toBeUndefined();
    const listed = [];
    for await (const tuple of cosmos.saver.list(threadConfig(threadId))) listed.push(tuple);
    expect(listed).toEqual([]);
    expect(await partitionItems(cosmos.saver, threadId)).toEqual([]);
  });
});
