import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  checkpointIdsOf,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  threadConfig,
} from "../fixtures.js";

/** A thread holding one good checkpoint with one pending write, before a refused call. */
export interface BaselineThread {
  threadId: string;
  /** Config of the stored checkpoint (a parent for further puts, a target for putWrites). */
  stored: RunnableConfig;
  checkpointId: string;
}

export async function writeBaselineThread(
  saver: BaseCheckpointSaver,
  threadId = freshThreadId("baseline"),
): Promise<BaselineThread> {
  const checkpoint = makeCheckpoint({ answer: 42 });
  const stored = await putCheckpoint(
    saver,
    threadConfig(threadId),
    checkpoint,
    makeMetadata({ good: true }),
  );
  await saver.putWrites(stored, [["answer", "pending"]], "good-task");
  return { threadId, stored, checkpointId: checkpoint.id };
}

/**
 * After a refused call the thread is exactly as before: readable through `getTuple` and
 * `list`, the same checkpoint, the same pending write, nothing partial added.
 */
export async function expectBaselineIntact(
  saver: BaseCheckpointSaver,
  baseline: BaselineThread,
): Promise<void> {
  const latest = await saver.getTuple(threadConfig(baseline.threadId));
  expect(latest?.checkpoint.id).toBe(baseline.checkpointId);
  expect(latest?.checkpoint.channel_values).toEqual({ answer: 42 });
  expect(latest?.pendingWrites).toEqual([["good-task", "answer", "pending"]]);
  const listed = await collect(saver.list({ configurable: { thread_id: baseline.threadId } }));
  expect(checkpointIdsOf(listed)).toEqual([baseline.checkpointId]);
}
