import { PostgresSaver } from "@checkpointkit/postgres";
import { TieredSaver } from "@checkpointkit/tiered";
import { PostgresColdTier } from "@checkpointkit/tiered/postgres";
import { Command } from "@langchain/langgraph";
import { Redis } from "ioredis";
import type pg from "pg";
import { migrateThreads, OfficialPostgresSource } from "../src/index.js";
import { compileCaseGraph } from "./support/approval-graph.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import { createPool, dropSchema, redisUrl, uniqueName } from "./support/servers.js";
import { threadDifferences } from "./support/thread-differences.js";

let pool: pg.Pool;
let redis: Redis;
let official: OfficialThreads;
const coldSchema = uniqueName("ck_cold");

beforeAll(async () => {
  pool = createPool();
  redis = new Redis(redisUrl());
  official = await writeOfficialThreads(pool, uniqueName("official"), 4);
});

afterAll(async () => {
  await dropSchema(pool, official.schema);
  await dropSchema(pool, coldSchema);
  await pool.end();
  redis.disconnect();
});

it("into a TieredSaver: reads back from the hot tier, and once flushed the cold tier holds the same threads", async () => {
  const cold = new PostgresSaver({ pool, schema: coldSchema });
  await cold.setup();
  const tiered = new TieredSaver({
    redis,
    cold: new PostgresColdTier({ saver: cold }),
    keyPrefix: `${uniqueName("ck-tiered")}:`,
  });
  await tiered.setup();
  const source = new OfficialPostgresSource({ pool, schema: official.schema });
  try {
    const summary = await migrateThreads({ source, target: tiered });
    expect(summary.threadsCopied).toBe(official.threadIds.length);
    await tiered.flush();
    for (const threadId of official.threadIds) {
      expect(await threadDifferences(source, tiered, threadId)).toEqual([]);
      expect(await threadDifferences(source, cold, threadId)).toEqual([]);
    }
    expect(await migrateThreads({ source, target: tiered })).toMatchObject({
      threadsUnchanged: official.threadIds.length,
      checkpointsCopied: 0,
      writesCopied: 0,
    });

    const config = { configurable: { thread_id: official.pausedThreadIds[1]! } };
    const finished = await compileCaseGraph(tiered).invoke(
      new Command({ resume: "lead-9" }),
      config,
    );
    expect(finished.reply).toBe("refund charge 2 approved by lead-9 (2 notes)");
  } finally {
    await tiered.close();
  }
});
