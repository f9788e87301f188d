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

/** What the race observed: whether the delete had resolved while the write's records were back. */
interface RaceOutcome {
  written: Promise<unknown>;
  deleted: Promise<boolean>;
  resolvedMidway: boolean;
  seenMidway: unknown;
}

/**
 * Writes `records` of `threadId`; holds the writer's first batch (its fence already read)
 * until `deleteThread(threadId, "20-0")` has dropped the partition, then pauses the writer
 * once that batch has landed (its records back, its second fence read not yet done) and reads
 * the thread. With `failNextBatch`, the writer's next batch fails as the service refusing it.
 */
async function raceWriteAgainstDelete(
  threadId: string,
  records: Awaited<ReturnType<typeof checkpointRecord>>[],
  failNextBatch: boolean,
): Promise<RaceOutcome> {
  const writer = new CosmosColdWriter(cosmos.saver);
  const writerHeld = gate();
  const releaseWriter = gate();
  const partitionDeleted = gate();
  const writerBatchLanded = gate();
  const resumeWriter = gate();
  let deleting = false;
  let releasedWriter = false;
  let pausedWriter = false;
  let resumedWriter = false;
  gates.before = async (context) => {
    if (isBatch(context) && !deleting) {
      writerHeld.open();
      await releaseWriter.promise;
    }
    if (isBatch(context) && resumedWriter && failNextBatch) {
      failNextBatch = false;
      throw Object.assign(new Error("refused by the test"), { code: 400 });
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

  const written = writer.writeBatch({ checkpoints: records, writes: [] });
  written.catch(() => {});
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
  await new Promise((resolve) => setImmediate(resolve));
  const resolvedMidway = deleteResolved;
  const seenMidway = await cosmos.saver.getTuple(threadConfig(threadId));
  resumedWriter = true;
  resumeWriter.open();
  return { written, deleted, resolvedMidway, seenMidway };
}

async function expectThreadGone(threadId: string): Promise<void> {
  expect(await cosmos.saver.getTuple(threadConfig(threadId))).toBeUndefined();
  const listed = [];
  for await (const tuple of cosmos.saver.list(threadConfig(threadId))) listed.push(tuple);
  expect(listed).toEqual([]);
  expect(await partitionItems(cosmos.saver, threadId)).toEqual([]);
}

describe("CosmosColdWriter: a delete racing a write of its thread", () => {
  it("once deleteThread resolved, a batch that read the fence before it never shows", async () => {
    const threadId = freshThreadId();
    const record = await checkpointRecord(threadId, makeCheckpoint({ step: 1 }), "10-0");
    const race = await raceWriteAgainstDelete(threadId, [record], false);

    expect(await race.deleted).toBe(true);
    expect(await race.written).toEqual({ stored: 0, fenced: 1 });
    // Either the delete waits for the write in flight, or nothing of it is readable.
    if (race.resolvedMidway) expect(race.seenMidway).toBeUndefined();
    await expectThreadGone(threadId);
  });

  it("a write that fails after its records landed past a delete deletes them again before failing", async () => {
    const threadId = freshThreadId();
    const first = makeCheckpoint({ step: 1 });
    const records = [
      await checkpointRecord(threadId, first, "10-0"),
      await checkpointRecord(threadId, makeCheckpoint({ step: 2 }), "11-0", { parent: first.id }),
    ];
    const race = await raceWriteAgainstDelete(threadId, records, true);

    expect(await race.deleted).toBe(true);
    await expect(race.written).rejects.toThrow();
    if (race.resolvedMidway) expect(race.seenMidway).toBeUndefined();
    // The flusher's retry reads the new fence and writes nothing: only the failing write
    // itself can remove what it put back.
    await expectThreadGone(threadId);
  });
});
