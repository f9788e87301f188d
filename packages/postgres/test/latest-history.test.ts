import { describeLatestHistory, type SaverHarness } from "@checkpointkit/conformance";
import { Command } from "@langchain/langgraph";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import {
  collect,
  loopMetadata,
  makeCheckpoint,
  putChain,
  threadConfig,
} from "./support/fixtures.js";
import { compileRefundGraph } from "./support/refund-graph.js";
import {
  createSchemaSaver,
  createTestPool,
  type SchemaSaver,
  uniqueSchemaName,
} from "./support/test-database.js";

const pools = new Map<PostgresSaver, pg.Pool>();

const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  async create() {
    const pool = createTestPool();
    const saver = new PostgresSaver({
      pool,
      schema: uniqueSchemaName("ck_latest"),
      history: "latest",
    });
    await saver.setup();
    pools.set(saver, pool);
    return saver;
  },
  async destroy(saver: PostgresSaver) {
    const pool = pools.get(saver);
    pools.delete(saver);
    if (pool === undefined) return;
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(saver.schema.name)} CASCADE`);
    await pool.end();
  },
};

describeLatestHistory(harness, {
  constructWithHistory: (history) =>
    new PostgresSaver({ pool: new pg.Pool(), history: history as "full" }),
});

describe('PostgresSaver history "latest"', () => {
  let context: SchemaSaver;

  beforeAll(async () => {
    context = await createSchemaSaver({ history: "latest" });
  });

  afterAll(async () => {
    await context.dispose();
  });

  async function rowCounts(threadId: string): Promise<Record<string, number>> {
    const { saver, pool } = context;
    const count = (table: string) =>
      `(SELECT count(*)::int FROM ${saver.schema.qualify(table)} WHERE thread_id = $1)`;
    const result = await pool.query(
      `SELECT ${count("checkpoints")} AS checkpoints, ${count("checkpoint_blobs")} AS blobs,
        ${count("checkpoint_writes")} AS writes`,
      [threadId],
    );
    return result.rows[0];
  }

  /** `count` steps in each of two namespaces, each with a pending write before the next put. */
  async function runSteps(threadId: string, count: number): Promise<void> {
    for (const checkpointNs of ["", "child"]) {
      let config = threadConfig(threadId, checkpointNs);
      for (let step = 0; step < count; step++) {
        const checkpoint = makeCheckpoint({ counter: step, constant: "kept" });
        checkpoint.channel_versions = { counter: `${step + 1}`, constant: "1" };
        const newVersions = step === 0 ? checkpoint.channel_versions : { counter: `${step + 1}` };
        config = await context.saver.put(config, checkpoint, loopMetadata(step), newVersions);
        await context.saver.putWrites(config, [["counter", step + 1]], `task-${step}`);
      }
    }
  }

  it("stores as many rows after 40 puts as after 3: one checkpoint, its values and writes", async () => {
    await runSteps("growth-few", 3);
    await runSteps("growth-many", 40);
    const few = await rowCounts("growth-few");
    expect(few).toEqual({ checkpoints: 2, blobs: 4, writes: 2 });
    expect(await rowCounts("growth-many")).toEqual(few);
  });

  it("a late write to a superseded checkpoint, a stale put and prune add or remove nothing", async () => {
    const { saver } = context;
    const [older] = await putChain(saver, "late-arrivals", 2);
    const stale = makeCheckpoint({ counter: "stale" }, "7");
    stale.id = older!.configurable?.checkpoint_id as string;
    const before = await rowCounts("late-arrivals");
    expect(before).toEqual({ checkpoints: 1, blobs: 1, writes: 0 });
    await saver.putWrites(older!, [["counter", "late"]], "late-task");
    await saver.putWrites(older!, [["__interrupt__", "late"]], "late-task");
    await saver.put(threadConfig("late-arrivals"), stale, loopMetadata(0), { counter: "7" });
    expect(await saver.prune({ threadId: "late-arrivals", keepLatest: 1 })).toEqual({
      deletedCheckpoints: 0,
    });
    expect(await rowCounts("late-arrivals")).toEqual(before);
  });

  it("put is still one statement, and so is putWrites", async () => {
    const { saver } = context;
    await putChain(saver, "rt-latest", 3);
    const before = context.queryCount();
    const checkpoint = makeCheckpoint({ counter: "next" }, "9");
    const config = await saver.put(
      threadConfig("rt-latest"),
      checkpoint,
      loopMetadata(3),
      checkpoint.channel_versions,
    );
    expect(context.queryCount() - before).toBe(1);
    await saver.putWrites(config, [["counter", "pending"]], "task");
    expect(context.queryCount() - before).toBe(2);
    expect(await rowCounts("rt-latest")).toEqual({ checkpoints: 1, blobs: 1, writes: 1 });
  });

  it("a default saver keeps the full history (the option is opt-in)", async () => {
    const full = await createSchemaSaver();
    try {
      await putChain(full.saver, "full-history", 4);
      const { rows } = await full.pool.query(
        `SELECT count(*)::int AS n FROM ${full.saver.schema.qualify("checkpoints")}`,
      );
      expect(rows[0].n).toBe(4);
    } finally {
      await full.dispose();
    }
  });

  it("runs a graph to an interrupt and resumes it, keeping one checkpoint", async () => {
    const thread = { configurable: { thread_id: "latest-graph" } };
    const checkpointsNow = async () => (await rowCounts("latest-graph")).checkpoints;
    await compileRefundGraph(context.saver).invoke({ request: "charged three times" }, thread);
    expect(await checkpointsNow()).toBe(1);
    const pausedState = await compileRefundGraph(context.saver).getState(thread);
    expect(pausedState.tasks.map((task) => task.interrupts[0]?.value)).toEqual([
      "approve the refund?",
    ]);

    const resumed = await compileRefundGraph(context.saver).invoke(
      new Command({ resume: "supervisor-7" }),
      thread,
    );
    expect(resumed).toMatchObject({
      request: "charged three times",
      accountRecord: "premium, 3 duplicate charges",
      reply: "refund approved by supervisor-7",
    });
    expect(await checkpointsNow()).toBe(1);
    const history = await collect(compileRefundGraph(context.saver).getStateHistory(thread));
    expect(history.map((snapshot) => snapshot.values.reply)).toEqual([
      "refund approved by supervisor-7",
    ]);
  });
});
