import { buildOrphanBlobSweepStatement } from "../src/sql/prune-statements.js";
import { putChain } from "./support/fixtures.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

const THREADS = 150;
const CHECKPOINTS_PER_THREAD = 3;
/** Below the orphans the threads leave, so a sweep bounded by rows would take several statements. */
const PRUNE_BATCH_SIZE = 100;
const FILL_CONCURRENCY = 4;

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver({ pruneBatchSize: PRUNE_BATCH_SIZE });
});

afterAll(async () => {
  await context.dispose();
});

/** `THREADS` threads of `CHECKPOINTS_PER_THREAD` checkpoints, each with a blob of its own. */
async function fillThreads(prefix: string): Promise<string[]> {
  const threadIds = Array.from({ length: THREADS }, (_unused, index) => `${prefix}-${index}`);
  let next = 0;
  const fillOne = async () => {
    while (next < threadIds.length) {
      await putChain(context.saver, threadIds[next++]!, CHECKPOINTS_PER_THREAD);
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, fillOne));
  return threadIds;
}

async function blobCount(prefix: string): Promise<number> {
  const { rows } = await context.pool.query(
    `SELECT count(*)::int AS count FROM ${context.saver.schema.qualify("checkpoint_blobs")}
     WHERE thread_id LIKE $1`,
    [`${prefix}-%`],
  );
  return rows[0].count;
}

interface PlanNode {
  "Function Name"?: string;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

/** How many times the plan called `functionName` as a table function (its nodes' loops). */
function functionScanLoops(node: PlanNode, functionName: string): number {
  const own = node["Function Name"] === functionName ? (node["Actual Loops"] ?? 0) : 0;
  return (node.Plans ?? []).reduce(
    (sum, child) => sum + functionScanLoops(child, functionName),
    own,
  );
}

it("prune({ keepLatest: 1 }) over many threads costs one batch per pruneBatchSize checkpoints plus one blob sweep per 500 threads", async () => {
  const threadIds = await fillThreads("statements");
  expect(await blobCount("statements")).toBe(THREADS * CHECKPOINTS_PER_THREAD);

  const before = context.queryCount();
  const result = await context.saver.prune({ keepLatest: 1 });
  const statements = context.queryCount() - before;

  expect(result.deletedCheckpoints).toBe(THREADS * (CHECKPOINTS_PER_THREAD - 1));
  // 450 checkpoints take 5 batches; 150 (thread, namespace) pairs with 300 orphans, one sweep.
  expect(statements).toBeLessThanOrEqual(
    Math.ceil((THREADS * CHECKPOINTS_PER_THREAD) / PRUNE_BATCH_SIZE) + Math.ceil(THREADS / 500),
  );
  expect(await blobCount("statements")).toBe(THREADS);
  for (const threadId of threadIds.slice(0, 3)) {
    const latest = await context.saver.getTuple({ configurable: { thread_id: threadId } });
    expect(latest?.checkpoint.channel_values).toEqual({ counter: CHECKPOINTS_PER_THREAD - 1 });
  }
});

it("the orphaned-blob sweep reads each remaining checkpoint's channel versions once, not once per candidate blob", async () => {
  const threadIds = await fillThreads("plan");
  const checkpoints = context.saver.schema.qualify("checkpoints");
  // What prune's batches leave behind: only each thread's newest checkpoint.
  await context.pool.query(
    `DELETE FROM ${checkpoints} c WHERE c.thread_id LIKE 'plan-%' AND EXISTS (
       SELECT 1 FROM ${checkpoints} n
       WHERE n.thread_key = c.thread_key AND n.checkpoint_id > c.checkpoint_id)`,
  );
  const sweep = buildOrphanBlobSweepStatement(
    context.saver.schema,
    threadIds,
    threadIds.map(() => ""),
  );
  const client = await context.pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sweep.text}`,
      sweep.values,
    );
    await client.query("ROLLBACK");
    const plan = (rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
    // One expansion per remaining checkpoint (one per thread); inlined as a correlated
    // subplan it ran once per candidate blob and pair (pairs × blobs).
    expect(functionScanLoops(plan, "jsonb_each_text")).toBeLessThanOrEqual(THREADS);
  } finally {
    client.release();
  }
});
