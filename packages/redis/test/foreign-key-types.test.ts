import { CorruptCheckpointError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/*
 * The write scripts type-check only the keys they would write before anything else shows the
 * key's type (a read of it, or the script's first write): whichever key holds foreign data,
 * put and putWrites either refuse typed having written nothing, or succeed without touching it.
 */

const KEY_NAMES = ["namespaces", "checkpointIndex", "checkpoints", "channelValues", "writes"];

describe.each(["full", "latest"] as const)("history %s: a key of another type", (history) => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  /** A thread of one checkpoint with writes, then `foreign` replaced by a string. */
  async function damagedThread(foreign: string) {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("foreign"), history });
    const threadId = `thread-${Math.random()}`;
    const first = makeCheckpoint({ value: "first" });
    const stored = await saver.put(threadConfig(threadId), first, LOOP_METADATA, versionsOf(first));
    await saver.putWrites(stored, [["value", "written"]], "task-1", "path");
    const keys = saver.keyLayout.scriptKeys(threadId);
    const foreignKey =
      foreign === "threads"
        ? saver.keyLayout.shardKeys(saver.keyLayout.shardOf(threadId)).threads
        : keys[KEY_NAMES.indexOf(foreign)]!;
    await client.del(foreignKey);
    await client.set(foreignKey, "someone else's string");
    return { saver, stored, keys };
  }

  /** Every key the scripts get, as DUMP bytes (null: absent). */
  async function snapshot(keys: readonly string[]) {
    return Promise.all(keys.map((key) => client.dumpBuffer(key)));
  }

  /** The operation refused typed and left every key as it was, or it succeeded. */
  async function expectNoPartialWrite(keys: readonly string[], operation: () => Promise<unknown>) {
    const before = await snapshot(keys);
    const outcome = await operation().then(
      () => "stored",
      (error: unknown) => error,
    );
    if (outcome === "stored") return "stored";
    expect(CorruptCheckpointError.isInstance(outcome)).toBe(true);
    expect(await snapshot(keys)).toEqual(before);
    return "refused";
  }

  it.each([...KEY_NAMES, "threads"])("%s: put writes everything or nothing", async (foreign) => {
    const { saver, stored, keys } = await damagedThread(foreign);
    const next = makeCheckpoint({ value: "next" });
    const outcome = await expectNoPartialWrite(keys, () =>
      saver.put(stored, next, LOOP_METADATA, versionsOf(next)),
    );
    // put writes every key but the writes hash, which only latest history trims.
    expect(outcome).toBe(foreign === "writes" && history === "full" ? "stored" : "refused");
  });

  it.each([...KEY_NAMES, "threads"])(
    "%s: putWrites writes everything or nothing",
    async (foreign) => {
      const { saver, stored, keys } = await damagedThread(foreign);
      const outcome = await expectNoPartialWrite(keys, () =>
        saver.putWrites(stored, [["value", "again"]], "task-2", "path"),
      );
      // putWrites writes the writes hash and the thread index; latest history reads the index.
      const touched = ["writes", "threads", ...(history === "latest" ? ["checkpointIndex"] : [])];
      expect(outcome).toBe(touched.includes(foreign) ? "refused" : "stored");
    },
  );
});
