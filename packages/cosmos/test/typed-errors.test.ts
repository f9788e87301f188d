import { randomUUID } from "node:crypto";
import {
  checkpointConfig,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { CorruptCheckpointError, InvalidConfigError } from "@checkpointkit/core";
import { CosmosSaver } from "../src/index.js";
import { partitionItems, TEST_DATABASE_ID } from "./cosmos-test-saver.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const reported: CorruptCheckpointError[] = [];
const cosmos = useCosmosSaver({
  saverOptions: { onCorruptRecord: (error) => reported.push(error) },
});

async function putOne(saver: CosmosSaver, threadId: string): Promise<string> {
  const checkpoint = makeCheckpoint({ topic: threadId });
  await saver.put(threadConfig(threadId), checkpoint, makeMetadata(), checkpoint.channel_versions);
  return checkpoint.id;
}

/** Rewrites the thread's checkpoint item the way a bad migration or a hand edit would. */
async function damageCheckpointItem(
  threadId: string,
  damage: (item: Record<string, unknown>) => void,
): Promise<void> {
  const items = await partitionItems(cosmos.saver, threadId);
  const checkpointItem = items.find((item) => item.kind === "checkpoint") as unknown as Record<
    string,
    unknown
  >;
  damage(checkpointItem);
  await cosmos.saver.container.items.upsert(checkpointItem);
}

describe("CosmosSaver: corrupt data", () => {
  it("is a CorruptCheckpointError naming the thread, and a global list goes on past it", async () => {
    const healthy = freshThreadId();
    const undecodable = freshThreadId();
    const misshapen = freshThreadId();
    const healthyId = await putOne(cosmos.saver, healthy);
    await putOne(cosmos.saver, undecodable);
    await putOne(cosmos.saver, misshapen);
    await damageCheckpointItem(undecodable, (item) => {
      item.checkpoint = {
        type: "json",
        encoding: "raw",
        data: Buffer.from("{not json").toString("base64"),
      };
    });
    await damageCheckpointItem(misshapen, (item) => {
      delete item.value_refs;
      delete item.metadata;
    });

    for (const threadId of [undecodable, misshapen]) {
      const readError = await errorOf(() => cosmos.saver.getTuple(threadConfig(threadId)));
      expect(CorruptCheckpointError.isInstance(readError)).toBe(true);
      expect((readError as Error).message).toContain(threadId);
      const listError = await errorOf(() => collect(cosmos.saver.list(threadConfig(threadId))));
      expect(CorruptCheckpointError.isInstance(listError)).toBe(true);
    }

    reported.length = 0;
    const everyThread = await collect(cosmos.saver.list({}));
    expect(everyThread.map((tuple) => tuple.checkpoint.id)).toContain(healthyId);
    expect(everyThread.map((tuple) => tuple.config.configurable?.thread_id)).not.toContain(
      undecodable,
    );
    expect(reported.map((error) => error.message).join("\n")).toContain(undecodable);
    expect(reported.map((error) => error.message).join("\n")).toContain(misshapen);
    expect(reported.every((error) => CorruptCheckpointError.isInstance(error))).toBe(true);

    // Without a hook, each one is a process warning, and the listing still goes on.
    const emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const withoutHook = new CosmosSaver({ container: cosmos.saver.container });
      const listed = await collect(withoutHook.list({}));
      expect(listed.map((tuple) => tuple.checkpoint.id)).toContain(healthyId);
      const warned = emitWarning.mock.calls.map(([message]) => String(message)).join("\n");
      expect(warned).toContain(undecodable);
      expect(warned).toContain(misshapen);
    } finally {
      emitWarning.mockRestore();
    }
  });

  it("a malformed head item is a CorruptCheckpointError naming the thread", async () => {
    const threadId = freshThreadId();
    await putOne(cosmos.saver, threadId);
    const head = (await partitionItems(cosmos.saver, threadId)).find(
      (item) => item.kind === "head",
    ) as unknown as Record<string, unknown>;
    await cosmos.saver.container.items.upsert({ ...head, value_ids: "not a list" });
    const error = await errorOf(() => cosmos.saver.getTuple(threadConfig(threadId)));
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(threadId);
  });

  it("a delta history over a damaged write is a CorruptCheckpointError naming the thread", async () => {
    const threadId = freshThreadId();
    const parentId = await putOne(cosmos.saver, threadId);
    await cosmos.saver.putWrites(
      checkpointConfig(threadId, "", parentId),
      [["topic", "from the parent's task"]],
      "task-1",
    );
    const child = makeCheckpoint({ topic: "child" });
    await cosmos.saver.put(
      checkpointConfig(threadId, "", parentId),
      child,
      makeMetadata(),
      child.channel_versions,
    );
    // The parent's writes item: its one call's one write gets a payload that cannot decode.
    const writesItem = (await partitionItems(cosmos.saver, threadId)).find(
      (item) => item.kind === "writes" && item.checkpoint_id === parentId,
    ) as unknown as { calls: { writes: { payload: unknown }[] }[] };
    const [call] = writesItem.calls;
    const [write] = call?.writes ?? [];
    if (write === undefined) throw new Error("the parent's write was not stored");
    write.payload = { type: "json", encoding: "raw", data: Buffer.from("{not").toString("base64") };
    await cosmos.saver.container.items.upsert(writesItem);

    const error = await errorOf(() =>
      cosmos.saver.getDeltaChannelHistory({
        config: checkpointConfig(threadId, "", child.id),
        channels: ["topic"],
      }),
    );
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(threadId);
    expect((error as Error).message).toContain(parentId);
  });
});

describe("CosmosSaver: what the service rejects is typed and says what failed", () => {
  it("a container partitioned by another key: InvalidConfigError naming put and the status", async () => {
    const { container } = await cosmos.client
      .database(TEST_DATABASE_ID)
      .containers.createIfNotExists({ id: `other-key-${randomUUID()}`, partitionKey: "/other" });
    const saver = new CosmosSaver({ container });
    const checkpoint = makeCheckpoint({ a: 1 });
    const error = await errorOf(() =>
      saver.put(
        threadConfig(freshThreadId()),
        checkpoint,
        makeMetadata(),
        checkpoint.channel_versions,
      ),
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^put: .*transactional batch.*status 400/);
    await container.delete();
  });
});
