import { randomBytes, randomUUID } from "node:crypto";
import {
  createCosmosTestClient,
  makeCheckpoint,
  putCheckpoint,
  threadConfig,
} from "@checkpointkit/conformance";
import { EncryptedSerializer } from "@checkpointkit/core";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { PostgresSaver } from "@checkpointkit/postgres";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import pg from "pg";
import type { ColdTier } from "../src/cold-tier.js";
import { CosmosColdTier } from "../src/cosmos.js";
import type { TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";
import { freshKeyPrefix, newRedisClient, requiredEnv, tieredSaver } from "./support/test-tiers.js";

const MARKER = `marker-${randomUUID()}`;

/** A cold tier whose saver uses `serde`, and how to read everything it stored, raw. */
interface RawColdTier {
  cold: ColdTier;
  storedText(threadId: string): Promise<string>;
  drop(): Promise<void>;
}

async function postgresCold(serde: SerializerProtocol | undefined): Promise<RawColdTier> {
  const pool = new pg.Pool({ connectionString: requiredEnv("POSTGRES_URL"), max: 4 });
  pool.on("error", () => {});
  const schema = `ck_encrypted_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const quoted = pg.escapeIdentifier(schema);
  return {
    cold: new PostgresColdTier({ saver: new PostgresSaver({ pool, schema, serde }) }),
    async storedText(threadId) {
      const texts: string[] = [];
      for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) {
        const { rows } = await pool.query(`SELECT * FROM ${quoted}.${table} WHERE thread_id = $1`, [
          threadId,
        ]);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows as Record<string, unknown>[]) {
          for (const value of Object.values(row)) {
            texts.push(Buffer.isBuffer(value) ? value.toString("latin1") : JSON.stringify(value));
          }
        }
      }
      return texts.join("\n");
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`).catch(() => {});
      await pool.end();
    },
  };
}

async function cosmosCold(serde: SerializerProtocol | undefined): Promise<RawColdTier> {
  const client = createCosmosTestClient({
    endpoint: requiredEnv("COSMOS_ENDPOINT"),
    key: requiredEnv("COSMOS_KEY"),
    external: true,
    stop: async () => {},
  });
  const container = client.database("ck-tiered").container(`c-${randomUUID()}`);
  const saver = new CosmosSaver({ container: container as never, serde });
  return {
    cold: new CosmosColdTier({ saver, setupOptions: { createIfNotExists: true } }),
    async storedText(threadId) {
      const { resources } = await container.items
        .query("SELECT * FROM c", { partitionKey: threadId })
        .fetchAll();
      expect(resources.length).toBeGreaterThan(0);
      // Payloads are base64, in which plaintext would not appear literally: decode every string.
      const texts: string[] = [];
      JSON.stringify(resources, (_key, value: unknown) => {
        if (typeof value === "string")
          texts.push(value, Buffer.from(value, "base64").toString("latin1"));
        return value;
      });
      return texts.join("\n");
    },
    async drop() {
      await container.delete().catch(() => {});
      client.dispose();
    },
  };
}

/** Everything under `keyPrefix` in Redis (hot keys and outbox streams), read with plain commands. */
async function hotText(redis: Redis, keyPrefix: string): Promise<string> {
  const parts: Buffer[] = [];
  const keys = await redis.keys(`${keyPrefix}*`);
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === "hash") parts.push(...Object.values(await redis.hgetallBuffer(key)));
    else if (type === "string") parts.push((await redis.getBuffer(key)) ?? Buffer.alloc(0));
    else if (type === "zset") parts.push(...(await redis.zrangeBuffer(key, 0, -1)));
    else if (type === "stream") {
      for (const [, fields] of await redis.xrangeBuffer(key, "-", "+")) parts.push(...fields);
    } else throw new Error(`unexpected key type ${type}`);
  }
  return Buffer.concat(parts).toString("latin1");
}

describe.each([
  ["PostgreSQL", postgresCold],
  ["Cosmos DB", cosmosCold],
])("TieredSaver over %s with an EncryptedSerializer", (_name, makeCold) => {
  const redis = newRedisClient();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => redis.quit());

  /** Puts a checkpoint and a pending write that carry MARKER, flushes; returns where things are. */
  async function putAndFlush(serde: SerializerProtocol | undefined) {
    const tier = await makeCold(serde);
    cleanups.push(() => tier.drop());
    const keyPrefix = freshKeyPrefix("encrypted");
    // Nothing writes through: every record reaches the cold tier by the flusher's copy.
    const saver: TieredSaver = await tieredSaver(redis, tier.cold, {
      keyPrefix,
      durableWhen: () => false,
    });
    cleanups.push(() => saver.close());
    const threadId = `thread-${randomUUID()}`;
    const checkpoint = makeCheckpoint({ note: `refund for ${MARKER}` });
    const config = await putCheckpoint(saver, threadConfig(threadId), checkpoint);
    await saver.putWrites(config, [["note", `pending ${MARKER}`]], "task-1");
    const hot = await hotText(redis, keyPrefix);
    await saver.flush(undefined, { timeoutMs: 20_000 });
    return { saver, tier, config, threadId, hot, cold: await tier.storedText(threadId) };
  }

  it("neither tier stores the values in plaintext, before or after the flush", async () => {
    const serde = new EncryptedSerializer({ keys: { k1: randomBytes(32) }, currentKeyId: "k1" });
    const { saver, tier, config, hot, cold } = await putAndFlush(serde);
    expect(hot).not.toContain(MARKER);
    expect(cold).not.toContain(MARKER);

    const expected = {
      values: { note: `refund for ${MARKER}` },
      writes: [["task-1", "note", `pending ${MARKER}`]],
    };
    const fromTiered = await saver.getTuple(config);
    expect({
      values: fromTiered?.checkpoint.channel_values,
      writes: fromTiered?.pendingWrites,
    }).toEqual(expected);
    // The cold tier's copy is readable on its own (after Redis lost the thread, say).
    const fromCold = await tier.cold.getTuple(config);
    expect({
      values: fromCold?.checkpoint.channel_values,
      writes: fromCold?.pendingWrites,
    }).toEqual(expected);
  }, 60_000);

  it("(control: without encryption both reads find the marker)", async () => {
    const { hot, cold } = await putAndFlush(undefined);
    expect(hot).toContain(MARKER);
    expect(cold).toContain(MARKER);
  }, 60_000);
});
