import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  checkpointConfig,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  putCheckpoint,
  threadConfig,
} from "../spec/fixtures.js";
import type { FaultOperationName } from "./fault-harness.js";

/** One call of each operation on fresh ids (reads look at `readThreadId`, maybe written before). */
export function faultOperation(
  saver: BaseCheckpointSaver,
  operation: FaultOperationName,
  readThreadId: string,
): () => Promise<unknown> {
  switch (operation) {
    case "put":
      return () =>
        putCheckpoint(saver, threadConfig(freshThreadId("fault-put")), makeCheckpoint({ n: 1 }));
    case "putWrites":
      return () =>
        saver.putWrites(
          checkpointConfig(freshThreadId("fault-writes"), "", newCheckpointId()),
          [["channel", "value"]],
          "task",
        );
    case "getTuple":
      return () => saver.getTuple(threadConfig(readThreadId));
    case "list":
      return () => collect(saver.list({ configurable: { thread_id: readThreadId } }));
    case "deleteThread":
      return () => saver.deleteThread(freshThreadId("fault-delete"));
  }
}

/** A checkpoint and a pending write the saver acknowledged before a fault. */
export interface AcknowledgedWrite {
  threadId: string;
  checkpointId: string;
}

export async function writeAcknowledged(saver: BaseCheckpointSaver): Promise<AcknowledgedWrite> {
  const threadId = freshThreadId("acknowledged");
  const checkpoint = makeCheckpoint({ acknowledged: "before the fault" });
  const stored = await putCheckpoint(saver, threadConfig(threadId), checkpoint, makeMetadata());
  await saver.putWrites(stored, [["acknowledged", "pending write"]], "task");
  return { threadId, checkpointId: checkpoint.id };
}

/** Every acknowledged write reads back exactly. */
export async function expectAcknowledgedReadable(
  saver: BaseCheckpointSaver,
  acknowledged: AcknowledgedWrite,
): Promise<void> {
  const tuple = await saver.getTuple(threadConfig(acknowledged.threadId));
  expect({
    checkpointId: tuple?.checkpoint.id,
    values: tuple?.checkpoint.channel_values,
    pendingWrites: tuple?.pendingWrites,
  }).toEqual({
    checkpointId: acknowledged.checkpointId,
    values: { acknowledged: "before the fault" },
    pendingWrites: [["task", "acknowledged", "pending write"]],
  });
}

/** Every operation works on the saver: a write is read back, listed and deleted. */
export async function expectEveryOperationWorks(saver: BaseCheckpointSaver): Promise<void> {
  const acknowledged = await writeAcknowledged(saver);
  await expectAcknowledgedReadable(saver, acknowledged);
  const listed = await collect(saver.list({ configurable: { thread_id: acknowledged.threadId } }));
  expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([acknowledged.checkpointId]);
  await saver.deleteThread(acknowledged.threadId);
  expect(await saver.getTuple(threadConfig(acknowledged.threadId))).toBeUndefined();
}
