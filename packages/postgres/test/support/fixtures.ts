import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  uuid6,
} from "@langchain/langgraph-checkpoint";

export function threadConfig(threadId: string, checkpointNs = ""): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}

/** A checkpoint holding `values`, every channel at `version`. */
export function makeCheckpoint(
  values: Record<string, unknown>,
  version: number | string = 1,
): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: values,
    channel_versions: Object.fromEntries(Object.keys(values).map((channel) => [channel, version])),
  };
}

export function loopMetadata(
  step: number,
  extra: Record<string, unknown> = {},
): CheckpointMetadata {
  return { source: "loop", step, parents: {}, ...extra } as CheckpointMetadata;
}

/** Puts `count` checkpoints one after another; returns their configs, oldest first. */
export async function putChain(
  saver: BaseCheckpointSaver,
  threadId: string,
  count: number,
  checkpointNs = "",
): Promise<RunnableConfig[]> {
  const configs: RunnableConfig[] = [];
  let parent = threadConfig(threadId, checkpointNs);
  for (let step = 0; step < count; step++) {
    const checkpoint = makeCheckpoint({ counter: step }, step + 1);
    parent = await saver.put(parent, checkpoint, loopMetadata(step), checkpoint.channel_versions);
    configs.push(parent);
  }
  return configs;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A 20-message chat state of about 5 KB, as LangGraph serializes LangChain messages. */
export async function twentyMessageState(): Promise<unknown[]> {
  const { AIMessage, HumanMessage } = await import("@langchain/core/messages");
  return Array.from({ length: 20 }, (_unused, index) =>
    index % 2 === 0
      ? new HumanMessage({
          content: `Question ${index}: ${"why is my invoice wrong? ".repeat(8)}`,
          id: `h${index}`,
        })
      : new AIMessage({
          content: `Answer ${index}: ${"let me look at the billing record. ".repeat(6)}`,
          id: `a${index}`,
        }),
  );
}
