import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  threadConfig,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const injector = createCosmosFaultInjector();
/** Few, short retries: a storm longer than this budget must surface as a typed error. */
const RETRY_BUDGET = { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: 5 };
const cosmos = useCosmosSaver({ injector, retryOptions: RETRY_BUDGET });

/** Every item of a thread's partition, by kind: what a duplicate or a lost write would change. */
async function itemKinds(threadId: string): Promise<Record<string, number>> {
  const partitionKey = threadId; // thread ids without reserved characters are their own key
  const { resources } = await cosmos.saver.container.items
    .query<{ kind: string }>("SELECT c.kind FROM c", { partitionKey })
    .fetchAll();
  const counts: Record<string, number> = {};
  for (const { kind } of resources) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe("CosmosSaver under faults", () => {
  it("a 429 storm during put within the retry budget loses and duplicates nothing", async () => {
    const threadId = freshThreadId();
    const first = makeCheckpoint({ messages: ["a"], topic: "billing" });
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      first,
      makeMetadata(),
      first.channel_versions,
    );
    const second = makeCheckpoint(
      { messages: ["a", "b"], topic: "billing" },
      { messages: 2, topic: 1 },
    );
    injector.reset();
    injector.inject429(RETRY_BUDGET.maxRetryAttemptCount, 5, { operationType: "batch" });
    await cosmos.saver.put(config, second, makeMetadata({ step: 1 }), { messages: 2 });
    expect(injector.requests.filter((request) => request.injectedStatus === 429)).toHaveLength(3);

    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.id).toBe(second.id);
    expect(latest?.checkpoint.channel_values).toEqual({ messages: ["a", "b"], topic: "billing" });
    expect(
      (await collect(cosmos.saver.list(threadConfig(threadId)))).map(
        (tuple) => tuple.checkpoint.id,
      ),
    ).toEqual([second.id, first.id]);
    // head + 2 checkpoints and their writes items + messages@1, topic@1, messages@2: nothing
    // twice, nothing missing.
    expect(await itemKinds(threadId)).toEqual({
      head: 1,
      checkpoint: 2,
      writes: 2,
      value: 3,
      thread: 1,
    });
  });

  it("a 429 storm past the retry budget fails with BackendUnavailableError and retryAfterMs, and writes nothing", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ value: 1 });
    injector.inject429(100, 40, { operationType: "batch" });
    const error = await errorOf(() =>
      cosmos.saver.put(
        threadConfig(threadId),
        checkpoint,
        makeMetadata(),
        checkpoint.channel_versions,
      ),
    );
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe("cosmos");
    expect((error as BackendUnavailableError).retryAfterMs).toBe(40);
    injector.clear();
    expect(await cosmos.saver.getTuple(threadConfig(threadId))).toBeUndefined();

    // Retrying the same put once the storm is over stores it exactly once.
    await cosmos.saver.put(
      threadConfig(threadId),
      checkpoint,
      makeMetadata(),
      checkpoint.channel_versions,
    );
    expect(await itemKinds(threadId)).toEqual({
      head: 1,
      checkpoint: 1,
      writes: 1,
      value: 1,
      thread: 1,
    });
  });

  it("a 503 surfaces as BackendUnavailableError from reads and writes", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ value: 1 });
    injector.inject503(100);
    const putError = await errorOf(() =>
      cosmos.saver.put(
        threadConfig(threadId),
        checkpoint,
        makeMetadata(),
        checkpoint.channel_versions,
      ),
    );
    expect(BackendUnavailableError.isInstance(putError)).toBe(true);
    const readError = await errorOf(() => cosmos.saver.getTuple(threadConfig(threadId)));
    expect(BackendUnavailableError.isInstance(readError)).toBe(true);
    const listError = await errorOf(() => collect(cosmos.saver.list(threadConfig(threadId))));
    expect(BackendUnavailableError.isInstance(listError)).toBe(true);
    const writesError = await errorOf(() =>
      cosmos.saver.putWrites(
        { configurable: { ...threadConfig(threadId).configurable, checkpoint_id: checkpoint.id } },
        [["a", 1]],
        "task",
      ),
    );
    expect(BackendUnavailableError.isInstance(writesError)).toBe(true);
  });

  it("a replayed older put never moves the head backwards, and is still stored", async () => {
    const threadId = freshThreadId();
    const older = makeCheckpoint({ step: 1 });
    const newer = makeCheckpoint({ step: 2 }, { step: 2 });
    const olderConfig = await cosmos.saver.put(threadConfig(threadId), older, makeMetadata(), {
      step: 1,
    });
    await cosmos.saver.put(olderConfig, newer, makeMetadata(), { step: 2 });

    // The first put replayed verbatim (no parent: it tries to create the head), then again
    // with a parent (it tries to advance the head): neither may win.
    await cosmos.saver.put(threadConfig(threadId), older, makeMetadata(), { step: 1 });
    await cosmos.saver.put(olderConfig, older, makeMetadata(), { step: 1 });
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(newer.id);

    // A late put: created before `newer` (older id), written after it.
    const lateId = newCheckpointId();
    const late = makeCheckpoint({ step: 99 }, { step: 99 }, lateId);
    const newest = makeCheckpoint({ step: 3 }, { step: 3 });
    await cosmos.saver.put(olderConfig, newest, makeMetadata(), { step: 3 });
    await cosmos.saver.put(olderConfig, late, makeMetadata(), { step: 99 });
    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.id).toBe(newest.id);
    expect(latest?.checkpoint.channel_values).toEqual({ step: 3 });
    const stored = await cosmos.saver.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: lateId },
    });
    expect(stored?.checkpoint.channel_values).toEqual({ step: 99 });
  });

  it("concurrent puts racing for the head leave it at the newest checkpoint", async () => {
    const threadId = freshThreadId();
    const checkpoints = Array.from({ length: 12 }, (_, step) =>
      makeCheckpoint({ step }, { step: step + 1 }),
    );
    const newest = checkpoints[checkpoints.length - 1];
    const shuffled = [...checkpoints].reverse();
    await Promise.all(
      shuffled.map((checkpoint, index) =>
        cosmos.saver.put(
          index % 2 === 0
            ? threadConfig(threadId)
            : { configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: "parent" } },
          checkpoint,
          makeMetadata(),
          checkpoint.channel_versions,
        ),
      ),
    );
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(newest?.id);
    expect(await collect(cosmos.saver.list(threadConfig(threadId)))).toHaveLength(12);
  });
});
