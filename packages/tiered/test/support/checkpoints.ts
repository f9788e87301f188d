import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  emptyCheckpoint,
  uuid6,
} from "@langchain/langgraph-checkpoint";

export function threadConfig(threadId: string, checkpointNs = ""): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}

export function checkpointWith(
  values: Record<string, unknown>,
  step: number,
): {
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
} {
  const checkpoint: Checkpoint = {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: values,
    channel_versions: Object.fromEntries(Object.keys(values).map((key) => [key, step + 1])),
  };
  return { checkpoint, metadata: { source: "update", step, parents: {} } };
}

/** Puts `count` checkpoints in a chain (each the parent of the next); returns their ids. */
export async function putChain(
  saver: BaseCheckpointSaver,
  threadId: string,
  count: number,
  checkpointNs = "",
): Promise<string[]> {
  const ids: string[] = [];
  let parentId: string | undefined;
  for (let step = 0; step < count; step++) {
    const { checkpoint, metadata } = checkpointWith({ counter: step, label: `s${step}` }, step);
    await saver.put(
      {
        configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: parentId },
      },
      checkpoint,
      metadata,
      { counter: step + 1, label: step + 1 },
    );
    parentId = checkpoint.id;
    ids.push(checkpoint.id);
  }
  return ids;
}

export async function collect(
  generator: AsyncGenerator<CheckpointTuple>,
): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of generator) tuples.push(tuple);
  return tuples;
}

export async function listedIds(
  saver: Pick<BaseCheckpointSaver, "list">,
  threadId: string,
): Promise<string[]> {
  return (await collect(saver.list({ configurable: { thread_id: threadId } }))).map(
    (tuple) => tuple.checkpoint.id,
  );
}

/** Newest first, as `list` returns them. */
export function newestFirst(ids: readonly string[]): string[] {
  return [...ids].reverse();
}
