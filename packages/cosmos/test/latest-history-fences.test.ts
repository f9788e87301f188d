import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import {
  ALLOW_FORK_KEY,
  CheckpointConflictError,
  LEASE_TOKEN_KEY,
  type ThreadLease,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import type { CosmosSaver } from "../src/index.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * Leases and optimistic concurrency with `history: "latest"`, where a put replaces the
 * namespace's checkpoint: what only this mode has (writes to a replaced checkpoint dropped,
 * a lease-only check for an older put) and what the fences cost in requests.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({
  injector,
  saverOptions: { history: "latest", concurrency: "optimistic" },
  prepare: warmCaches,
});

async function warmCaches(saver: CosmosSaver): Promise<void> {
  const config = await saver.put(threadConfig(freshThreadId("warm")), step(0), makeMetadata(), {
    step: 1,
  });
  await saver.putWrites(config, [["step", 0]], "warm-task");
}

let counter = 0;
/** A checkpoint with a channel version no other checkpoint uses. */
function step(value: number): Checkpoint {
  counter += 1;
  return makeCheckpoint({ step: value }, { step: counter });
}

async function put(config: RunnableConfig, value: number): Promise<RunnableConfig> {
  const checkpoint = step(value);
  return cosmos.saver.put(config, checkpoint, makeMetadata(), checkpoint.channel_versions);
}

function withToken(config: RunnableConfig, lease: ThreadLease): RunnableConfig {
  return { configurable: { ...config.configurable, [LEASE_TOKEN_KEY]: lease.token } };
}

async function conflictOf(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
  } catch (error) {
    return CheckpointConflictError.isInstance(error);
  }
  return false;
}

async function storedIds(threadId: string): Promise<string[]> {
  const tuples = await collect(cosmos.saver.list(threadConfig(threadId)));
  return tuples.map((tuple) => tuple.checkpoint.id);
}

const idOf = (config: RunnableConfig) => config.configurable?.checkpoint_id as string;

async function requestsOf(operation: () => Promise<unknown>): Promise<string[]> {
  injector.reset();
  await operation();
  return injector.requests.map((request) => request.operationType ?? "?");
}

describe('CosmosSaver history "latest" with leases and optimistic concurrency', () => {
  it("a put with a replaced token is refused and leaves the checkpoint and its writes as they were", async () => {
    const threadId = freshThreadId();
    const old = await cosmos.saver.acquireThreadLease(threadId, { ttlMs: 60_000 });
    const first = await put(withToken(threadConfig(threadId), old), 1);
    await cosmos.saver.putWrites(withToken(first, old), [["step", "w1"]], "t1");
    await cosmos.saver.releaseThreadLease(old);
    const current = await cosmos.saver.acquireThreadLease(threadId, { ttlMs: 60_000 });

    expect(await conflictOf(() => put(withToken(first, old), 2))).toBe(true);
    expect(
      await conflictOf(() =>
        cosmos.saver.putWrites(withToken(first, old), [["step", "late"]], "t2"),
      ),
    ).toBe(true);
    expect(await storedIds(threadId)).toEqual([idOf(first)]);
    const tuple = await cosmos.saver.getTuple(first);
    expect(tuple?.pendingWrites?.map(([, , value]) => value)).toEqual(["w1"]);

    const second = await put(withToken(first, current), 2);
    expect(await storedIds(threadId)).toEqual([idOf(second)]);
    await cosmos.saver.releaseThreadLease(current);
  });

  it("writes to a superseded checkpoint are dropped under the current token and refused under a replaced one", async () => {
    const threadId = freshThreadId();
    const lease = await cosmos.saver.acquireThreadLease(threadId, { ttlMs: 60_000 });
    const first = await put(withToken(threadConfig(threadId), lease), 1);
    const second = await put(withToken(first, lease), 2);
    // The first checkpoint and its writes item are gone: a late task's writes have no home.
    await cosmos.saver.putWrites(withToken(first, lease), [["step", "late"]], "late-task");
    await cosmos.saver.releaseThreadLease(lease);
    expect(
      await conflictOf(() =>
        cosmos.saver.putWrites(withToken(first, lease), [["step", "later"]], "t"),
      ),
    ).toBe(true);
    expect(await storedIds(threadId)).toEqual([idOf(second)]);
    expect(await cosmos.saver.getTuple(first)).toBeUndefined();
  });

  it("of two puts from the same parent the second is refused; a retry of the latest lands", async () => {
    const threadId = freshThreadId();
    const root = await put(threadConfig(threadId), 0);
    const winner = step(1);
    await cosmos.saver.put(root, winner, makeMetadata(), winner.channel_versions);
    // A retried put (same parent, same checkpoint) is not a conflict.
    await cosmos.saver.put(root, winner, makeMetadata(), winner.channel_versions);
    expect(await conflictOf(() => put(root, 2))).toBe(true);
    expect(await storedIds(threadId)).toEqual([winner.id]);
    expect(
      (await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.channel_values,
    ).toEqual({ step: 1 });
  });

  it(`a fork from a replaced checkpoint needs ${ALLOW_FORK_KEY}; then puts continue from the fork`, async () => {
    const threadId = freshThreadId();
    const root = await put(threadConfig(threadId), 0);
    const head = await put(root, 1);
    expect(await conflictOf(() => put(root, 2))).toBe(true);
    const fork = await put({ configurable: { ...root.configurable, [ALLOW_FORK_KEY]: true } }, 2);
    expect(await storedIds(threadId)).toEqual([idOf(fork)]);
    expect(await conflictOf(() => put(head, 3))).toBe(true);
    const after = await put(fork, 3);
    expect(await storedIds(threadId)).toEqual([idOf(after)]);
  });

  it("a fenced put costs what an unfenced one does: a head read and one batch carrying both fences", async () => {
    const threadId = freshThreadId();
    const lease = await cosmos.saver.acquireThreadLease(threadId, { ttlMs: 60_000 });
    let config = withToken(threadConfig(threadId), lease);
    expect(
      await requestsOf(async () => {
        config = withToken(await put(config, 1), lease);
      }),
    ).toEqual(["read", "batch"]);
    expect(
      await requestsOf(async () => {
        config = withToken(await put(config, 2), lease);
      }),
    ).toEqual(["read", "batch"]);
    // putWrites under the lease: the append and the lease check, one batch.
    expect(await requestsOf(() => cosmos.saver.putWrites(config, [["step", "w"]], "task"))).toEqual(
      ["batch"],
    );
    await cosmos.saver.releaseThreadLease(lease);
    // Refused puts: the head read, then either nothing (not the parent) or the failed batch.
    const stale = threadConfig(threadId);
    expect(await requestsOf(() => conflictOf(() => put(stale, 3)))).toEqual(["read"]);
    expect(await requestsOf(() => conflictOf(() => put(config, 3)))).toEqual(["read", "batch"]);
  });
});
