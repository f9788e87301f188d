import type { Checkpoint, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { itWhen } from "./capability-gate.js";
import {
  checkpointConfig,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

const CONCURRENT_THREADS = 50;
const SEQUENTIAL_CHECKPOINTS = 25;
const CHANNELS = ["a", "b", "c", "d", "e"];

/** Every channel carries the step, so a mix of two checkpoints' blobs is visible. */
function stepCheckpoint(step: number): Checkpoint {
  const filler = `${step}:`.padEnd(8_192, "~");
  return makeCheckpoint(
    Object.fromEntries(CHANNELS.map((channel) => [channel, { step, filler }])),
    Object.fromEntries(CHANNELS.map((channel) => [channel, step + 1])),
  );
}

/** A tuple seen mid-write must be one of the checkpoints put, complete. */
function expectComplete(tuple: CheckpointTuple, expectedById: Map<string, Checkpoint>): void {
  const expected = expectedById.get(tuple.checkpoint.id);
  if (expected === undefined) throw new Error(`read an unknown checkpoint ${tuple.checkpoint.id}`);
  expect(tuple.checkpoint.channel_values).toEqual(expected.channel_values);
  expect(tuple.checkpoint.channel_versions).toEqual(expected.channel_versions);
  expect(tuple.metadata?.step).toBe((expected.channel_values.a as { step: number }).step);
}

/** Concurrent puts on different threads, and reads racing writes on one thread. */
export function concurrencySpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describe("concurrency", () => {
    const saver = useSaver(harness);

    it(
      `${CONCURRENT_THREADS} concurrent puts on different threads are all readable afterwards`,
      async () => {
        const threadIds = Array.from({ length: CONCURRENT_THREADS }, () => freshThreadId());
        const checkpoints = threadIds.map((threadId) => makeCheckpoint({ owner: threadId }));
        await Promise.all(
          threadIds.map((threadId, index) =>
            putCheckpoint(saver(), threadConfig(threadId), checkpoints[index]!),
          ),
        );
        for (const [index, threadId] of threadIds.entries()) {
          const tuple = await saver().getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(checkpoints[index]!.id);
          expect(tuple?.checkpoint.channel_values).toEqual({ owner: threadId });
        }
      },
      SPEC_TIMEOUT_MS,
    );

    /**
     * Puts the checkpoints one after another while two readers loop `read` until the writer
     * is done (plus one final round); returns how many tuples the readers saw.
     */
    async function readWhileWriting(
      read: (threadId: string, checkpoints: readonly Checkpoint[]) => Promise<CheckpointTuple[]>,
    ): Promise<number> {
      const threadId = freshThreadId();
      const checkpoints = Array.from({ length: SEQUENTIAL_CHECKPOINTS }, (_unused, step) =>
        stepCheckpoint(step),
      );
      const expectedById = new Map(checkpoints.map((checkpoint) => [checkpoint.id, checkpoint]));
      let writing = true;
      let tuplesSeen = 0;
      const writer = (async () => {
        try {
          let config = threadConfig(threadId);
          for (const [step, checkpoint] of checkpoints.entries()) {
            config = await putCheckpoint(saver(), config, checkpoint, makeMetadata({ step }));
          }
        } finally {
          writing = false;
        }
      })();
      const reader = async () => {
        // The flag is read before each round, so the last round starts after the writer is
        // done: a reader that was outpaced by the writer still sees the finished checkpoints.
        for (let writerWasRunning = true; writerWasRunning; ) {
          writerWasRunning = writing;
          for (const tuple of await read(threadId, checkpoints)) {
            tuplesSeen += 1;
            expectComplete(tuple, expectedById);
          }
        }
      };
      await Promise.all([writer, reader(), reader()]);
      return tuplesSeen;
    }

    it(
      "a checkpoint read by id while it is being written is either absent or complete",
      async () => {
        const tuplesSeen = await readWhileWriting(async (threadId, checkpoints) => {
          const tuples: CheckpointTuple[] = [];
          for (const checkpoint of checkpoints) {
            const tuple = await saver().getTuple(checkpointConfig(threadId, "", checkpoint.id));
            if (tuple !== undefined) tuples.push(tuple);
          }
          return tuples;
        });
        expect(tuplesSeen).toBeGreaterThan(0);
      },
      SPEC_TIMEOUT_MS,
    );

    itWhen(capabilities, "atomicPut")(
      "the latest checkpoint read while puts run (the first included) is absent or complete",
      async () => {
        const tuplesSeen = await readWhileWriting(async (threadId) => {
          const latest = await saver().getTuple(threadConfig(threadId));
          return latest === undefined ? [] : [latest];
        });
        expect(tuplesSeen).toBeGreaterThan(0);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
