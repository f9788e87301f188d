import type { RunnableConfig } from "@langchain/core/runnables";
import { type Checkpoint, type CheckpointMetadata, uuid6 } from "@langchain/langgraph-checkpoint";

export const LOOP_METADATA: CheckpointMetadata = { source: "loop", step: 0, parents: {} };

/** A v4 checkpoint holding `values`, every channel at version 1. */
export function makeCheckpoint(values: Record<string, unknown> = {}): Checkpoint {
  return {
    v: 4,
    id: uuid6(-1),
    ts: new Date().toISOString(),
    channel_values: values,
    channel_versions: Object.fromEntries(Object.keys(values).map((channel) => [channel, 1])),
    versions_seen: {},
  };
}

export function versionsOf(checkpoint: Checkpoint): Record<string, number> {
  return checkpoint.channel_versions as Record<string, number>;
}

export function threadConfig(threadId = `thread-${uuid6(-1)}`, checkpointNs = ""): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}
