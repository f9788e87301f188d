import { randomBytes, randomUUID } from "node:crypto";
import {
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  threadConfig,
} from "@checkpointkit/conformance";
import {
  CorruptCheckpointError,
  EncryptedSerializer,
  InvalidConfigError,
} from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

const KEY = randomBytes(32);
const MARKER = `marker-${randomUUID()}`;

/** Every byte stored under `keyPrefix`, read with plain commands, whatever the key's type. */
async function storedBytes(client: Redis, keyPrefix: string): Promise<string> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  expect(keys.length).toBeGreaterThan(0);
  const parts: Buffer[] = [];
  for (const key of keys) {
    const type = await client.type(key);
    if (type === "string") parts.push((await client.getBuffer(key)) ?? Buffer.alloc(0));
    else if (type === "hash") parts.push(...Object.values(await client.hgetallBuffer(key)));
    else if (type === "zset") parts.push(...(await client.zrangeBuffer(key, 0, -1)));
    else if (type === "list") parts.push(...(await client.lrangeBuffer(key, 0, -1)));
    else if (type === "set") parts.push(...(await client.smembersBuffer(key)));
    else if (type === "stream") {
      for (const [, fields] of await client.xrangeBuffer(key, "-", "+")) parts.push(...fields);
    } else throw new Error(`unexpected key type ${type}`);
  }
  return Buffer.concat(parts).toString("latin1");
}

/** One checkpoint and one pending write that carry MARKER in a value and in metadata. */
async function putMarkedCheckpoint(saver: RedisSaver, threadId: string) {
  const checkpoint = makeCheckpoint({ note: `refund for ${MARKER}`, bytes: new Uint8Array([7]) });
  const metadata = makeMetadata({ customer: MARKER });
  const config = await putCheckpoint(saver, threadConfig(threadId), checkpoint, metadata);
  await saver.putWrites(config, [["note", `pending ${MARKER}`]], "task-1");
  return config;
}

describe("RedisSaver with an EncryptedSerializer", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("stores no value or metadata in plaintext, and reads everything back", async () => {
    const keyPrefix = freshKeyPrefix("encrypted");
    const serde = new EncryptedSerializer({ keys: { k1: KEY }, currentKeyId: "k1" });
    const saver = new RedisSaver({ client, keyPrefix, serde });
    const config = await putMarkedCheckpoint(saver, "encrypted-thread");

    expect(await storedBytes(client, keyPrefix)).not.toContain(MARKER);

    const tuple = await saver.getTuple(config);
    expect(tuple?.checkpoint.channel_values).toEqual({
      note: `refund for ${MARKER}`,
      bytes: new Uint8Array([7]),
    });
    expect(tuple?.metadata).toMatchObject({ customer: MARKER });
    expect(tuple?.pendingWrites).toEqual([["task-1", "note", `pending ${MARKER}`]]);
    // Redis filters metadata after decrypting, so filters on encrypted metadata still work.
    const listed = [];
    for await (const item of saver.list(threadConfig("encrypted-thread"), {
      filter: { customer: MARKER },
    })) {
      listed.push(item.checkpoint.id);
    }
    expect(listed).toEqual([tuple?.checkpoint.id]);
  });

  it("(control: without encryption the same read finds the marker)", async () => {
    const keyPrefix = freshKeyPrefix("plaintext");
    await putMarkedCheckpoint(new RedisSaver({ client, keyPrefix }), "plain-thread");
    expect(await storedBytes(client, keyPrefix)).toContain(MARKER);
  });

  it("a saver without the value's key reports which key id is missing", async () => {
    const keyPrefix = freshKeyPrefix("rotated");
    const writer = new RedisSaver({
      client,
      keyPrefix,
      serde: new EncryptedSerializer({ keys: { k1: KEY }, currentKeyId: "k1" }),
    });
    const config = await putMarkedCheckpoint(writer, "rotated-thread");
    const reader = new RedisSaver({
      client,
      keyPrefix,
      serde: new EncryptedSerializer({ keys: { k2: randomBytes(32) }, currentKeyId: "k2" }),
    });
    const error = await reader.getTuple(config).catch((thrown: unknown) => thrown);
    // The saver wraps every serde failure as corruption at a location; the cause says why.
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    const cause = (error as CorruptCheckpointError).cause;
    expect(InvalidConfigError.isInstance(cause)).toBe(true);
    expect((cause as InvalidConfigError).message).toContain('key id "k1"');
  });
});
