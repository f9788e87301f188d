import { CorruptCheckpointError, encodeStoredSize, InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { JsonPlusSerializer, uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { type RedisSaver, ShallowRedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient, saverOnSharedServer } from "./redis-test-saver.js";

/** A serde that counts its encodings: a summary from the records encodes nothing. */
class CountingSerde extends JsonPlusSerializer {
  dumps = 0;
  override async dumpsTyped(value: unknown): Promise<[string, Uint8Array]> {
    this.dumps++;
    return super.dumpsTyped(value);
  }
}

/** Where the size record of a checkpoint of the default namespace lives (README, data model). */
function sizeField(checkpointId: string): string {
  return `:${checkpointId}:size`;
}

describe("RedisSaver size records (written by the put, in its script)", () => {
  let client: Redis;

  beforeAll(() => {
    client = newClient();
  });

  afterAll(async () => {
    await client.quit();
  });

  async function putSteps(saver: RedisSaver, threadId: string, steps: number, ns = "") {
    let config: RunnableConfig = threadConfig(threadId, ns);
    const ids: string[] = [];
    for (let step = 0; step < steps; step++) {
      const checkpoint = makeCheckpoint({ step, text: "x".repeat(100 * (step + 1)) });
      checkpoint.channel_versions = { step: step + 1, text: step + 1 };
      config = await saver.put(config, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      ids.push(checkpoint.id);
    }
    return { config, ids };
  }

  it("stores the record beside the checkpoint record, measured from the frames the put stored", async () => {
    const saver = saverOnSharedServer(client, {
      compression: { algorithm: "gzip", thresholdBytes: 1_024 },
    });
    const threadId = `sizes-${uuid6(-1)}`;
    const checkpoint = makeCheckpoint({ text: "a".repeat(100_000), small: 1 });
    const config = await saver.put(
      threadConfig(threadId),
      checkpoint,
      LOOP_METADATA,
      versionsOf(checkpoint),
    );

    const size = await saver.getCheckpointSize(config);
    const keys = saver.keyLayout.threadKeys(threadId);
    const frames = await client.hgetallBuffer(keys.channelValues);
    const frameBytes = Object.entries(frames)
      .map(([field, frame]) => [field.split(":")[1], frame.byteLength])
      .sort();
    const record = await client.hgetBuffer(keys.checkpoints, `:${checkpoint.id}`);
    expect(size?.checkpointNs).toBe("");
    expect(size?.checkpointId).toBe(checkpoint.id);
    expect(size?.channels.map(({ channel, storedBytes }) => [channel, storedBytes]).sort()).toEqual(
      frameBytes,
    );
    const text = size?.channels.find(({ channel }) => channel === "text");
    expect(text?.bytes).toBeGreaterThan(100_000);
    expect(text?.storedBytes).toBeLessThan(2_000);
    expect(size?.overheadBytes).toBe(record?.byteLength);
    expect(size?.storedBytes).toBe(
      size!.overheadBytes + size!.channels.reduce((sum, { storedBytes }) => sum + storedBytes, 0),
    );
    // The same compact text every backend stores.
    expect(await client.hget(keys.checkpoints, sizeField(checkpoint.id))).toBe(
      encodeStoredSize(size!),
    );
  });

  it("getCheckpointSize: the namespace's latest without an id; undefined for no such checkpoint or one written before sizes were recorded", async () => {
    const saver = saverOnSharedServer(client);
    const threadId = `sizes-${uuid6(-1)}`;
    const { ids } = await putSteps(saver, threadId, 3);
    const { ids: childIds } = await putSteps(saver, threadId, 1, "child");
    const latest = await saver.getCheckpointSize(threadConfig(threadId));
    expect(latest?.checkpointId).toBe(ids[2]);
    const child = await saver.getCheckpointSize(threadConfig(threadId, "child"));
    expect(child).toMatchObject({ checkpointNs: "child", checkpointId: childIds[0] });
    const byId = {
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: ids[0] },
    };
    expect((await saver.getCheckpointSize(byId))?.checkpointId).toBe(ids[0]);

    expect(await saver.getCheckpointSize(threadConfig(`none-${uuid6(-1)}`))).toBeUndefined();
    const unknownId = {
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: uuid6(-1) },
    };
    expect(await saver.getCheckpointSize(unknownId)).toBeUndefined();
    await client.hdel(saver.keyLayout.threadKeys(threadId).checkpoints, sizeField(ids[0]!));
    expect(await saver.getCheckpointSize(byId)).toBeUndefined();
    await expect(saver.getCheckpointSize({ configurable: {} })).rejects.toThrow(InvalidConfigError);
  });

  it("a damaged size record is a CorruptCheckpointError naming its checkpoint", async () => {
    const saver = saverOnSharedServer(client);
    const threadId = `sizes-${uuid6(-1)}`;
    const { config, ids } = await putSteps(saver, threadId, 1);
    await client.hset(saver.keyLayout.threadKeys(threadId).checkpoints, sizeField(ids[0]!), "{}");
    const failure = await saver.getCheckpointSize(config).catch((error: unknown) => error);
    expect(CorruptCheckpointError.isInstance(failure)).toBe(true);
    expect(String((failure as Error).message)).toContain(ids[0]);
  });

  it("threadSizeSummary is built from the records (nothing re-encoded) and falls back to measuring only for checkpoints without one", async () => {
    const serde = new CountingSerde();
    const saver = saverOnSharedServer(client, { serde });
    const threadId = `sizes-${uuid6(-1)}`;
    const { ids } = await putSteps(saver, threadId, 4);
    const records = await Promise.all(
      ids.map((id) =>
        saver.getCheckpointSize({
          configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: id },
        }),
      ),
    );
    serde.dumps = 0;
    const summary = await saver.threadSizeSummary(threadId, { lastN: 3 });
    expect(serde.dumps).toBe(0);
    expect(summary.scope).toBe("lastN");
    expect(summary.checkpointCount).toBe(3);
    expect(summary.recentCheckpoints).toEqual(records.slice(1).reverse());
    expect(summary.totalBytes).toBe(
      records.slice(1).reduce((sum, record) => sum + record!.storedBytes, 0),
    );
    expect(summary.growthBytes).toBe(records[3]!.storedBytes - records[1]!.storedBytes);

    // A checkpoint in scope without a record (written before sizes were recorded).
    await client.hdel(saver.keyLayout.threadKeys(threadId).checkpoints, sizeField(ids[2]!));
    const measured = await saver.threadSizeSummary(threadId, { lastN: 3 });
    expect(serde.dumps).toBeGreaterThan(0);
    expect(measured.recentCheckpoints.map(({ checkpointId }) => checkpointId)).toEqual(
      ids.slice(1).reverse(),
    );
    await expect(saver.threadSizeSummary(threadId, { lastN: 0 })).rejects.toThrow(
      InvalidConfigError,
    );
  });

  it("the newest checkpoints of all namespaces, newest first", async () => {
    const saver = saverOnSharedServer(client);
    const threadId = `sizes-${uuid6(-1)}`;
    const parent = await putSteps(saver, threadId, 2);
    const child = await putSteps(saver, threadId, 2, "child");
    const summary = await saver.threadSizeSummary(threadId, { lastN: 3 });
    expect(
      summary.recentCheckpoints.map(({ checkpointNs, checkpointId }) => [
        checkpointNs,
        checkpointId,
      ]),
    ).toEqual([
      ["child", child.ids[1]],
      ["child", child.ids[0]],
      ["", parent.ids[1]],
    ]);
  });

  it("prune, deleteThread and copyThread keep each record with its checkpoint", async () => {
    const saver = saverOnSharedServer(client);
    const threadId = `sizes-${uuid6(-1)}`;
    const { ids } = await putSteps(saver, threadId, 3);
    const at = (thread: string, id: string) => ({
      configurable: { thread_id: thread, checkpoint_ns: "", checkpoint_id: id },
    });
    const keys = saver.keyLayout.threadKeys(threadId);

    await saver.copyThread(threadId, `${threadId}-copy`);
    for (const id of ids) {
      expect(await saver.getCheckpointSize(at(`${threadId}-copy`, id))).toEqual(
        await saver.getCheckpointSize(at(threadId, id)),
      );
    }

    expect(await saver.prune({ threadId, keepLatest: 1 })).toEqual({ deletedCheckpoints: 2 });
    expect((await client.hkeys(keys.checkpoints)).sort()).toEqual(
      [`:${ids[2]}`, sizeField(ids[2]!), "stored-bytes"].sort(),
    );
    expect(await saver.getCheckpointSize(at(threadId, ids[2]!))).toBeDefined();

    await saver.deleteThread(threadId);
    expect(await saver.getCheckpointSize(at(threadId, ids[2]!))).toBeUndefined();
    expect(await client.exists(keys.checkpoints)).toBe(0);
  });

  it("ShallowRedisSaver records sizes too, and trims the superseded records with their checkpoints", async () => {
    const saver = new ShallowRedisSaver({ client, keyPrefix: freshKeyPrefix("shallow-size") });
    const threadId = `sizes-${uuid6(-1)}`;
    const { config, ids } = await putSteps(saver, threadId, 3);
    expect((await saver.getCheckpointSize(config))?.checkpointId).toBe(ids[2]);
    expect((await client.hkeys(saver.keyLayout.threadKeys(threadId).checkpoints)).sort()).toEqual(
      [`:${ids[2]}`, sizeField(ids[2]!), "stored-bytes"].sort(),
    );
  });
});
