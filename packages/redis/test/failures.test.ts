import { startRedisServer } from "@checkpointkit/conformance";
import {
  BackendUnavailableError,
  CorruptCheckpointError,
  encodeKeyPart,
  InvalidConfigError,
} from "@checkpointkit/core";
import { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { closedPort } from "./ports.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

describe("Redis unreachable", () => {
  it("fromUrl: calls fail with BackendUnavailableError instead of waiting, and hide the password", async () => {
    const port = await closedPort();
    const saver = RedisSaver.fromUrl(`redis://someone:s3cret-pw@127.0.0.1:${port}`, {
      connectTimeoutMs: 300,
      commandTimeoutMs: 1_000,
    });
    try {
      const error = await saver.getTuple(threadConfig()).catch((caught: unknown) => caught);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as BackendUnavailableError).backend).toBe("redis");
      expect(String((error as Error).message)).not.toContain("s3cret-pw");
      await expect(
        saver.put(threadConfig(), makeCheckpoint(), LOOP_METADATA, {}),
      ).rejects.toBeInstanceOf(BackendUnavailableError);
    } finally {
      await saver.close();
    }
  });

  it("your own client with ioredis defaults (20 retries, offline queue): bounded by commandTimeoutMs", async () => {
    const port = await closedPort();
    const client = new Redis({ host: "127.0.0.1", port, lazyConnect: false });
    client.on("error", () => {});
    const saver = new RedisSaver({ client, commandTimeoutMs: 500 });
    try {
      await expect(saver.getTuple(threadConfig())).rejects.toBeInstanceOf(BackendUnavailableError);
    } finally {
      client.disconnect();
    }
  });

  it("fromUrl with redisOptions.lazyConnect: the first call opens the connection", async () => {
    const server = await startRedisServer();
    const saver = RedisSaver.fromUrl(server.url, {
      commandTimeoutMs: 3_000,
      redisOptions: { lazyConnect: true },
    });
    try {
      expect(saver.client.status).toBe("wait");
      await saver.setup();
      expect(saver.client.status).toBe("ready");
    } finally {
      await saver.close();
      await server.stop();
    }
  });

  it("rejects URLs that are not redis:// or rediss:// with InvalidConfigError", () => {
    expect(() => RedisSaver.fromUrl("http://127.0.0.1:6379")).toThrow(InvalidConfigError);
    expect(() => RedisSaver.fromUrl("not a url")).toThrow(InvalidConfigError);
  });
});

describe("Redis killed (kill -9) and restarted", () => {
  it("the next call after the restart works, and the script cache is reloaded", async () => {
    const server = await startRedisServer({ appendOnly: true, appendFsync: "always" });
    const saver = RedisSaver.fromUrl(server.url, { commandTimeoutMs: 3_000 });
    try {
      const before = makeCheckpoint({ step: 1 });
      const config = await saver.put(threadConfig(), before, LOOP_METADATA, versionsOf(before));
      await server.kill();
      await expect(saver.getTuple(config)).rejects.toBeInstanceOf(BackendUnavailableError);
      await server.restart();

      // Fresh server process: empty script cache, so this is EVALSHA → NOSCRIPT → EVAL.
      const after = { ...makeCheckpoint({ step: 2 }), channel_versions: { step: 2 } };
      const next = await saver.put(config, after, LOOP_METADATA, versionsOf(after));
      expect((await saver.getTuple(next))?.checkpoint.channel_values).toEqual({ step: 2 });
      // Acknowledged before the kill with appendfsync always: still there.
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ step: 1 });
    } finally {
      await saver.close();
      await server.stop();
    }
  });
});

describe("corrupt or foreign data under the prefix → CorruptCheckpointError", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  async function savedThread() {
    const saver = new RedisSaver({ client, keyPrefix: freshKeyPrefix("corrupt") });
    const checkpoint = makeCheckpoint({ value: "fine" });
    const config = await saver.put(
      threadConfig(),
      checkpoint,
      LOOP_METADATA,
      versionsOf(checkpoint),
    );
    await saver.putWrites(config, [["value", "write"]], "task");
    const threadId = String(config.configurable?.thread_id);
    const keys = saver.keyLayout.threadKeys(threadId);
    const recordField = `${encodeKeyPart("")}:${encodeKeyPart(checkpoint.id)}`;
    return { saver, config, keys, recordField, checkpoint };
  }

  async function expectCorrupt(promise: Promise<unknown>): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
  }

  it("a checkpoint record that is not ours", async () => {
    const { saver, config, keys, recordField } = await savedThread();
    await client.hset(keys.checkpoints, recordField, "garbage:not a frame");
    await expectCorrupt(saver.getTuple(config));
    await expectCorrupt(saver.getDeltaChannelHistory({ config, channels: ["value"] }));
    const list = async () => {
      for await (const _tuple of saver.list(config)) {
        // drain
      }
    };
    await expectCorrupt(list());
  });

  it("a record whose serialized body is not valid for the serde", async () => {
    const { saver, config, keys, recordField } = await savedThread();
    const record = (await client.hgetBuffer(keys.checkpoints, recordField))!;
    const tampered = Buffer.from(record.toString("latin1").replace('"v":4', '"v":{'), "latin1");
    await client.hset(keys.checkpoints, recordField, tampered);
    await expectCorrupt(saver.getTuple(config));
  });

  it("a channel value with an unknown encoding, and a pending write that is not ours", async () => {
    const { saver, config, keys } = await savedThread();
    const [valueField] = await client.hkeys(keys.channelValues);
    await client.hset(keys.channelValues, valueField!, "1:v4:json3:zip2:{}");
    await expectCorrupt(saver.getTuple(config));
    await client.hset(keys.channelValues, valueField!, '1:v4:json8:identity2:""');
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ value: "" });
    const writeFields = (await client.hkeys(keys.writes)).filter(
      (field) => field.split(":").length === 4,
    );
    await client.hset(keys.writes, writeFields[0]!, "3:abc");
    await expectCorrupt(saver.getTuple(config));
  });

  it("a key of another type: reads fail typed, writes fail before writing anything", async () => {
    const { saver, config, keys, checkpoint } = await savedThread();
    await client.del(keys.channelValues);
    await client.set(keys.channelValues, "someone else's string");
    await expectCorrupt(saver.getTuple(config));
    const next = makeCheckpoint({ value: "next" });
    await expectCorrupt(saver.put(config, next, LOOP_METADATA, versionsOf(next)));
    // The failed put left no trace: its record was never written (the first one's record,
    // size record and the thread's total are all the hash holds).
    expect(await client.hlen(keys.checkpoints)).toBe(3);
    expect((await client.zrange(keys.checkpointIndex, 0, -1)).map((m) => m.split(":")[1])).toEqual([
      checkpoint.id,
    ]);
  });

  it("deleteThread removes a thread even when its keys hold foreign data", async () => {
    const { saver, config, keys } = await savedThread();
    await client.del(keys.writes);
    await client.rpush(keys.writes, "a list, not a hash");
    await expectCorrupt(saver.getTuple(config));
    await saver.deleteThread(String(config.configurable?.thread_id));
    expect(await client.exists(...Object.values(keys))).toBe(0);
    expect(await saver.getTuple(config)).toBeUndefined();
  });
});
