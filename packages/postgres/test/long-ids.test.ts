import { randomBytes } from "node:crypto";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * Ids of any length work. Random text does not compress, so it reaches PostgreSQL's B-tree
 * limit (about 2.7 KB per index row) at its real size; repetitive ids would hide the limit.
 */
function randomId(lengthBytes: number, prefix = ""): string {
  return (
    prefix +
    randomBytes(Math.ceil(lengthBytes / 2))
      .toString("hex")
      .slice(0, lengthBytes)
  );
}

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver({ listPageSize: 2 });
});

afterAll(async () => {
  await context.dispose();
});

describe.each([10_000, 100_000])("ids of %d bytes", (lengthBytes) => {
  it("thread, namespace, checkpoint, task and channel: put, read, list, write, copy, prune, delete", async () => {
    const { saver } = context;
    const threadId = randomId(lengthBytes);
    const checkpointNs = randomId(lengthBytes);
    const channel = randomId(lengthBytes);
    const taskId = randomId(lengthBytes);
    // Ids sharing a long prefix must still sort by their full text.
    const sharedPrefix = randomId(lengthBytes);
    const ids = ["1", "2", "3"].map((suffix) => `${sharedPrefix}${suffix}`);
    let config = threadConfig(threadId, checkpointNs);
    for (const [step, id] of ids.entries()) {
      const checkpoint = { ...makeCheckpoint({ [channel]: step }, `${step + 1}`), id };
      config = await saver.put(config, checkpoint, loopMetadata(step), checkpoint.channel_versions);
    }
    await saver.putWrites(config, [[channel, "written"]], taskId);

    const latest = await saver.getTuple(threadConfig(threadId, checkpointNs));
    expect(latest?.checkpoint.id).toBe(ids[2]);
    expect(latest?.checkpoint.channel_values).toEqual({ [channel]: 2 });
    expect(latest?.pendingWrites).toEqual([[taskId, channel, "written"]]);
    const listed = await collect(saver.list(threadConfig(threadId, checkpointNs)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([...ids].reverse());
    const before = await collect(
      saver.list(threadConfig(threadId, checkpointNs), {
        before: { configurable: { checkpoint_id: ids[2] } },
      }),
    );
    expect(before.map((tuple) => tuple.checkpoint.id)).toEqual([ids[1], ids[0]]);
    const history = await saver.getDeltaChannelHistory({ config, channels: [channel] });
    expect(Object.keys(history)).toEqual([channel]);

    const copyId = randomId(lengthBytes);
    await saver.copyThread(threadId, copyId);
    expect((await saver.getTuple(threadConfig(copyId, checkpointNs)))?.checkpoint.id).toBe(ids[2]);

    expect((await saver.prune({ threadId, keepLatest: 1 })).deletedCheckpoints).toBe(2);
    expect(await collect(saver.list(threadConfig(threadId, checkpointNs)))).toHaveLength(1);

    await saver.deleteThread(threadId);
    await saver.deleteThread(copyId);
    expect(await saver.getTuple(threadConfig(threadId, checkpointNs))).toBeUndefined();
    expect(await saver.getTuple(threadConfig(copyId, checkpointNs))).toBeUndefined();
  }, 60_000);
});

it("a long id and a short id that share a prefix stay two threads", async () => {
  const { saver } = context;
  const short = randomId(300);
  const long = `${short}${randomId(5_000)}`;
  for (const threadId of [short, long]) {
    await saver.put(
      threadConfig(threadId),
      makeCheckpoint({ owner: threadId.length }),
      loopMetadata(0),
      {
        owner: 1,
      },
    );
  }
  expect((await saver.getTuple(threadConfig(short)))?.checkpoint.channel_values).toEqual({
    owner: 300,
  });
  expect((await saver.getTuple(threadConfig(long)))?.checkpoint.channel_values).toEqual({
    owner: long.length,
  });
});
