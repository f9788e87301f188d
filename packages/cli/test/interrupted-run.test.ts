import { PostgresSaver } from "@checkpointkit/postgres";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, PendingWrite } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { migrateThreads, OfficialPostgresSource } from "../src/index.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import { createPool, dropSchema, uniqueName } from "./support/servers.js";
import { threadDifferences } from "./support/thread-differences.js";

let pool: pg.Pool;
let official: OfficialThreads;
const targetSchema = uniqueName("ck_interrupted");

beforeAll(async () => {
  pool = createPool();
  official = await writeOfficialThreads(pool, uniqueName("official"), 4);
});

afterAll(async () => {
  await dropSchema(pool, official.schema);
  await dropSchema(pool, targetSchema);
  await pool.end();
});

class ProcessDied extends Error {}

/**
 * The real saver, except that the process "dies" (the call throws before reaching the
 * server) at the given `putWrites` call: the checkpoint before it is stored, its writes not.
 */
function dyingAtPutWrites(saver: PostgresSaver, fatalCall: number): BaseCheckpointSaver {
  let calls = 0;
  return new Proxy(saver, {
    get(target, property) {
      if (property === "putWrites") {
        return (config: RunnableConfig, writes: PendingWrite[], taskId: string) => {
          calls += 1;
          if (calls === fatalCall) throw new ProcessDied("killed between put and putWrites");
          return target.putWrites(config, writes, taskId);
        };
      }
      const member = Reflect.get(target, property, target);
      return typeof member === "function" ? member.bind(target) : member;
    },
  });
}

it("a run that dies mid-thread, between a checkpoint and its writes, is finished by the next run", async () => {
  const source = new OfficialPostgresSource({ pool, schema: official.schema });
  const saver = new PostgresSaver({ pool, schema: targetSchema });
  await saver.setup();

  // Well into the second thread: the first is complete, the second is partly copied.
  await expect(migrateThreads({ source, target: dyingAtPutWrites(saver, 18) })).rejects.toThrow(
    ProcessDied,
  );
  const partial = official.threadIds.map((threadId) => threadDifferences(source, saver, threadId));
  const differing = (await Promise.all(partial)).filter((differences) => differences.length > 0);
  expect(differing.length).toBeGreaterThan(0);
  expect(differing.length).toBeLessThan(official.threadIds.length);
  // The interrupted thread has checkpoints whose writes are missing, not only missing checkpoints.
  expect(
    differing
      .flat()
      .some((difference) => difference.tasksToWrite.length > 0 && !difference.missing),
  ).toBe(true);

  const finished = await migrateThreads({ source, target: saver });
  expect(finished.threadsUnchanged).toBeGreaterThanOrEqual(1);
  expect(finished.threadsCopied + finished.threadsUnchanged).toBe(official.threadIds.length);
  for (const threadId of official.threadIds) {
    expect(await threadDifferences(source, saver, threadId)).toEqual([]);
  }
});
