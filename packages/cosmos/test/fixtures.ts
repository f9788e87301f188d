import { randomUUID } from "node:crypto";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  uuid6,
} from "@langchain/langgraph-checkpoint";

/**
 * Small builders for this package's own tests. The conformance package has the same ones,
 * but it is CommonJS: its `RunnableConfig` comes from @langchain/core's CJS typings, which
 * TypeScript treats as a different type from the ESM typings this package compiles against.
 */

export function freshThreadId(label = "thread"): string {
  return `${label}-${randomUUID()}`;
}

/** Time-ordered: later calls sort after earlier ones. */
export function newCheckpointId(): string {
  return uuid6(-1);
}

export function threadConfig(threadId: string, checkpointNs = ""): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}

export function checkpointConfig(
  threadId: string,
  checkpointId: string,
  checkpointNs = "",
): RunnableConfig {
  return {
    configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId },
  };
}

/** A v4 checkpoint holding `channelValues`, each channel at the version given (default 1). */
export function makeCheckpoint(
  channelValues: Record<string, unknown> = {},
  channelVersions: ChannelVersions = Object.fromEntries(
    Object.keys(channelValues).map((channel) => [channel, 1]),
  ),
  id = newCheckpointId(),
): Checkpoint {
  return {
    v: 4,
    id,
    ts: new Date().toISOString(),
    channel_values: channelValues,
    channel_versions: channelVersions,
    versions_seen: {},
  };
}

export function makeMetadata(extra: Record<string, unknown> = {}): CheckpointMetadata {
  return { source: "loop", step: 0, parents: {}, ...extra } as CheckpointMetadata;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** Polls `condition` until it holds or `timeoutMs` passed; returns whether it held. */
export async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
