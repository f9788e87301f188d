import type { ChildProcess } from "node:child_process";
import {
  CheckpointConflictError,
  LEASE_TOKEN_KEY,
  type ThreadLeaseSaver,
  type WriteFenceOptions,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverHarness } from "../../harness.js";
import {
  checkpointConfig,
  checkpointIdsOf,
  collect,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";

export type LeaseSaver = BaseCheckpointSaver & ThreadLeaseSaver;

/** What the lease and optimistic-concurrency specs need beyond the harness. */
export interface WriteFenceSpecOptions<S extends LeaseSaver = LeaseSaver> {
  /** A saver over fresh storage with these fence options (destroyed with `harness.destroy`). */
  createWithFence(options: WriteFenceOptions): Promise<S>;
  /**
   * Forks a process (with an IPC channel) that calls `serveLeaseWorker` with a saver on the
   * same storage as `saver`. Only the lease specs use it.
   */
  forkWorker?(saver: S): ChildProcess;
  /**
   * `"latest"` for a saver that keeps only each namespace's newest checkpoint (its
   * `history: "latest"` mode): the specs expect a replaced checkpoint to be gone, and skip,
   * saying why, the one spec about writes to a replaced checkpoint.
   * @default "full"
   */
  history?: "full" | "latest";
}

/** The ids `storedIds` lists after the given puts (newest first), in the saver's history mode. */
export function expectedHistory(
  options: Pick<WriteFenceSpecOptions, "history">,
  newestFirst: readonly string[],
): string[] {
  return options.history === "latest" ? newestFirst.slice(0, 1) : [...newestFirst];
}

/** A saver with `fence` options for the enclosing `describe`, destroyed after it. */
export function useFencedSaver<S extends LeaseSaver>(
  harness: SaverHarness<S>,
  options: WriteFenceSpecOptions<S>,
  fence: WriteFenceOptions,
): () => S {
  let saver: S | undefined;
  beforeAll(async () => {
    saver = await options.createWithFence(fence);
  }, SPEC_TIMEOUT_MS);
  afterAll(async () => {
    if (saver !== undefined) await harness.destroy?.(saver);
  }, SPEC_TIMEOUT_MS);
  return () => saver as S;
}

/** The error `action` threw, or undefined. */
export async function refusal(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

export async function expectConflict(action: () => Promise<unknown>): Promise<void> {
  const error = await refusal(action);
  expect(CheckpointConflictError.isInstance(error)).toBe(true);
}

/** The config of a write under `token` (undefined: no token) to `checkpointId` (or none). */
export function leasedConfig(
  threadId: string,
  token: string | undefined,
  checkpointId?: string,
  checkpointNs = "",
): RunnableConfig {
  const base =
    checkpointId === undefined
      ? threadConfig(threadId, checkpointNs)
      : checkpointConfig(threadId, checkpointNs, checkpointId);
  return token === undefined
    ? base
    : { configurable: { ...base.configurable, [LEASE_TOKEN_KEY]: token } };
}

/**
 * A checkpoint holding `value` at a version no other checkpoint uses (its own id), since
 * values are stored once per (thread, namespace, channel, version).
 */
export function uniqueCheckpoint(value: string, id = newCheckpointId()) {
  return makeCheckpoint({ value }, { value: id }, id);
}

/** Puts one checkpoint with `value`; returns its id. */
export async function putValue(
  saver: BaseCheckpointSaver,
  config: RunnableConfig,
  value: string,
): Promise<string> {
  const checkpoint = uniqueCheckpoint(value);
  const stored = await saver.put(config, checkpoint, makeMetadata(), checkpoint.channel_versions);
  return stored.configurable?.checkpoint_id as string;
}

/** Ids of the thread's checkpoints in one namespace, newest first. */
export async function storedIds(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointNs = "",
): Promise<string[]> {
  return checkpointIdsOf(await collect(saver.list(threadConfig(threadId, checkpointNs))));
}

/** Values of the pending writes stored for a checkpoint. */
export async function pendingValues(
  saver: BaseCheckpointSaver,
  threadId: string,
  checkpointId: string,
): Promise<unknown[]> {
  const tuple = await saver.getTuple(checkpointConfig(threadId, "", checkpointId));
  return (tuple?.pendingWrites ?? []).map(([, , value]) => value);
}
