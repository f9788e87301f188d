import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { failureOf } from "./support/faults.js";
import { loopMetadata, makeCheckpoint, putChain, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * One corrupt thread among healthy ones (undecodable checkpoint bytes, or channel_versions
 * that are not an object). Listing every thread and pruning every thread must still serve the
 * healthy ones; the corrupt record is reported (see `onCorruptRecord`), never silently lost.
 */
const HEALTHY = ["healthy-a", "healthy-b"];
const CORRUPTIONS: Record<string, string> = {
  "undecodable checkpoint": "SET checkpoint = '\\x7b6e6f7420', checkpoint_type = 'json'",
  "channel_versions not an object": "SET channel_versions = '\"oops\"'",
};

async function seed(context: SchemaSaver, corruption: string): Promise<string> {
  const { saver, pool } = context;
  for (const threadId of HEALTHY) await putChain(saver, threadId, 3);
  const corruptThread = `corrupt: ${corruption}`;
  await putChain(saver, corruptThread, 3);
  await pool.query(
    `UPDATE ${saver.schema.qualify("checkpoints")} ${CORRUPTIONS[corruption]} WHERE thread_id = $1`,
    [corruptThread],
  );
  return corruptThread;
}

/** Collects what `list` yields, and what it threw at the end (if anything). */
async function drain(listing: AsyncIterable<CheckpointTuple>) {
  const threads: string[] = [];
  let thrown: unknown;
  try {
    for await (const tuple of listing) threads.push(tuple.config.configurable?.thread_id);
  } catch (error) {
    thrown = error;
  }
  return { threads, thrown };
}

describe.each(Object.keys(CORRUPTIONS))("one thread with %s", (corruption) => {
  it("a global list yields every healthy checkpoint, then throws a CorruptCheckpointError naming the thread", async () => {
    const context = await createSchemaSaver({ listPageSize: 2 });
    try {
      const corruptThread = await seed(context, corruption);
      const { threads, thrown } = await drain(context.saver.list({}));
      expect(threads.filter((thread) => HEALTHY.includes(thread))).toHaveLength(6);
      expect(CorruptCheckpointError.isInstance(thrown)).toBe(true);
      expect((thrown as CorruptCheckpointError).location).toContain(JSON.stringify(corruptThread));
    } finally {
      await context.dispose();
    }
  });

  it("with onCorruptRecord, list reports each corrupt checkpoint there and yields the rest", async () => {
    const reported: CorruptCheckpointError[] = [];
    const context = await createSchemaSaver({
      listPageSize: 2,
      onCorruptRecord: (error) => reported.push(error),
    });
    try {
      const corruptThread = await seed(context, corruption);
      const { threads, thrown } = await drain(context.saver.list({}, { limit: 5 }));
      expect(thrown).toBeUndefined();
      expect(threads).toHaveLength(5);
      expect(threads.every((thread) => HEALTHY.includes(thread))).toBe(true);
      expect(reported.length).toBeGreaterThan(0);
      for (const error of reported) expect(error.location).toContain(JSON.stringify(corruptThread));
    } finally {
      await context.dispose();
    }
  });

  it("prune of every thread prunes the healthy ones, and getTuple of the corrupt one names it", async () => {
    const context = await createSchemaSaver();
    try {
      const { saver } = context;
      const corruptThread = await seed(context, corruption);
      const { deletedCheckpoints } = await saver.prune({ keepLatest: 1 });
      expect(deletedCheckpoints).toBe(6);
      for (const threadId of HEALTHY) {
        expect((await saver.getTuple(threadConfig(threadId)))?.checkpoint.channel_values).toEqual({
          counter: 2,
        });
      }
      const error = await failureOf(saver.getTuple(threadConfig(corruptThread)));
      expect(CorruptCheckpointError.isInstance(error)).toBe(true);
      expect((error as CorruptCheckpointError).location).toContain(JSON.stringify(corruptThread));
      await saver.put(threadConfig("after"), makeCheckpoint({ a: 1 }), loopMetadata(0), { a: 1 });
    } finally {
      await context.dispose();
    }
  });
});
