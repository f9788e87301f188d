import { randomUUID } from "node:crypto";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  uuid6,
} from "@langchain/langgraph-checkpoint";
import type { SaverCreateOptions, SaverHarness } from "../harness.js";

/** Jest's default 5 s is too short for specs that do hundreds of round trips against a real server. */
export const SPEC_TIMEOUT_MS = 60_000;

/**
 * Creates one saver for the enclosing `describe` and destroys it afterwards. Specs in the
 * block share the saver but use fresh thread ids, so they cannot see each other's data.
 */
export function useSaver(
  harness: SaverHarness,
  createOptions?: SaverCreateOptions,
): () => BaseCheckpointSaver {
  let saver: BaseCheckpointSaver | undefined;
  beforeAll(async () => {
    saver = await harness.create(createOptions);
  }, SPEC_TIMEOUT_MS);
  afterAll(async () => {
    if (saver !== undefined) await harness.destroy?.(saver);
    saver = undefined;
  }, SPEC_TIMEOUT_MS);
  return () => {
    if (saver === undefined) throw new Error(`${harness.name}: the saver was not created`);
    return saver;
  };
}

/** A thread id no other spec (or earlier run against external storage) can have used. */
export function freshThreadId(label = "thread"): string {
  return `${label}-${randomUUID()}`;
}

/** A new, time-ordered checkpoint id: later calls sort after earlier ones. */
export function newCheckpointId(): string {
  return uuid6(-1);
}

export function threadConfig(threadId: string, checkpointNs = ""): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}

export function checkpointConfig(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
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

/**
 * Puts a checkpoint whose `newVersions` are all of its channel versions, the way a first
 * write of those channels looks. Returns the config of the stored checkpoint.
 */
export async function putCheckpoint(
  saver: BaseCheckpointSaver,
  parentConfig: RunnableConfig,
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata = makeMetadata(),
): Promise<RunnableConfig> {
  return saver.put(parentConfig, checkpoint, metadata, checkpoint.channel_versions);
}

/** Puts `count` checkpoints one after another in one namespace, each the parent of the next. */
export async function putChain(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointNs: string,
  count: number,
  metadataOf: (index: number) => Record<string, unknown> = () => ({}),
): Promise<string[]> {
  const ids: string[] = [];
  let config = threadConfig(threadId, checkpointNs);
  for (let index = 0; index < count; index += 1) {
    const checkpoint = makeCheckpoint({ counter: index });
    config = await putCheckpoint(
      saver,
      config,
      checkpoint,
      makeMetadata({ step: index, ...metadataOf(index) }),
    );
    ids.push(checkpoint.id);
  }
  return ids;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

export function checkpointIdsOf(tuples: readonly CheckpointTuple[]): string[] {
  return tuples.map((tuple) => tuple.checkpoint.id);
}

/** Newest first, the order `list` must return: checkpoint ids descending. */
export function newestFirst(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passed; returns whether it held. */
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
