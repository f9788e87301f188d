import { makeCheckpoint, makeMetadata, threadConfig } from "@checkpointkit/conformance";
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import { type BaseCheckpointSaver, type Checkpoint, TASKS } from "@langchain/langgraph-checkpoint";
import { PostgresSaver as OfficialPostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import { migrateThreads, OfficialPostgresSource } from "../src/index.js";
import { createPool, dropSchema, redisUrl, uniqueName } from "./support/servers.js";
import { threadDifferences } from "./support/thread-differences.js";

const THREAD_ID = "written-by-langgraph-0.2";
const officialSchema = uniqueName("official_v3");
const targetSchema = uniqueName("ck_v3");
const SENDS = [{ node: "billing", args: { case: 8842 } }, "send-2", "send-3"];
let pool: pg.Pool;
let childId: string;

function formatVersion3(checkpoint: Checkpoint): Checkpoint {
  return { ...checkpoint, v: 3 };
}

/** A parent whose pending sends are TASKS writes, and a child of format v3, as older LangGraph wrote them. */
beforeAll(async () => {
  pool = createPool();
  const official = new OfficialPostgresSaver(pool, undefined, { schema: officialSchema });
  await official.setup();
  const parent = formatVersion3(makeCheckpoint({ x: "X" }, { x: 2, y: 1 }));
  const parentConfig = await official.put(
    threadConfig(THREAD_ID),
    parent,
    makeMetadata({ step: 0 }),
    { x: 2, y: 1 },
  );
  await official.putWrites(
    parentConfig,
    [
      [TASKS, SENDS[0]],
      ["x", "not a send"],
      [TASKS, SENDS[1]],
    ],
    "task-1",
  );
  await official.putWrites(parentConfig, [[TASKS, SENDS[2]]], "task-2");
  const child = formatVersion3(makeCheckpoint({ x: "X" }, { x: 2, y: 1 }));
  childId = child.id;
  await official.put(parentConfig, child, makeMetadata({ step: 1 }), {});
});

afterAll(async () => {
  await dropSchema(pool, officialSchema);
  await dropSchema(pool, targetSchema);
  await pool.end();
});

async function openTargets(): Promise<Array<BaseCheckpointSaver & { close(): Promise<void> }>> {
  const postgres = new PostgresSaver({ pool, schema: targetSchema });
  await postgres.setup();
  return [postgres, RedisSaver.fromUrl(redisUrl(), { keyPrefix: `${uniqueName("ck-v3")}:` })];
}

it("old-format checkpoints keep their pending sends (as the official saver reads them) in every target", async () => {
  const source = new OfficialPostgresSource({ pool, schema: officialSchema });
  for (const target of await openTargets()) {
    try {
      expect(await migrateThreads({ source, target })).toMatchObject({ threadsCopied: 1 });
      expect(await threadDifferences(source, target, THREAD_ID)).toEqual([]);
      const child = await target.getTuple(threadConfig(THREAD_ID));
      expect(child?.checkpoint.id).toBe(childId);
      expect(child?.checkpoint.channel_values).toEqual({ x: "X", [TASKS]: SENDS });
      expect(await migrateThreads({ source, target })).toMatchObject({ threadsUnchanged: 1 });
    } finally {
      await target.close();
    }
  }
});
