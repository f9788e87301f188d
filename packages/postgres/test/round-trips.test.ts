import { serializeCheckpointRecord, serializeWritesRecord } from "../src/index.js";
import {
  collect,
  loopMetadata,
  makeCheckpoint,
  putChain,
  threadConfig,
  twentyMessageState,
} from "./support/fixtures.js";
import { roundTripsOf } from "./support/round-trips.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver({ listPageSize: 2 });
});

afterAll(async () => {
  await context.dispose();
});

const roundTrips = (action: () => Promise<unknown>) => roundTripsOf(context, action);

describe("one round trip per operation", () => {
  it("put stores all changed channels and the checkpoint in one statement", async () => {
    const { saver } = context;
    const messages = await twentyMessageState();
    const checkpoint = makeCheckpoint({
      messages,
      summary: "billing",
      step: 3,
      flags: new Set([1]),
    });
    let stored: Awaited<ReturnType<typeof saver.put>> | undefined;
    expect(
      await roundTrips(async () => {
        stored = await saver.put(
          threadConfig("rt-put"),
          checkpoint,
          loopMetadata(0),
          checkpoint.channel_versions,
        );
      }),
    ).toBe(1);
    const tuple = await saver.getTuple(stored!);
    expect(tuple?.checkpoint.channel_values).toEqual(checkpoint.channel_values);
  });

  it("putWrites stores regular and special writes in one statement", async () => {
    const { saver } = context;
    const config = await saver.put(
      threadConfig("rt-writes"),
      makeCheckpoint({ a: 1 }),
      loopMetadata(0),
      { a: 1 },
    );
    const writes: [string, unknown][] = [
      ["a", 1],
      ["b", 2],
      ["__interrupt__", { value: "ask" }],
      ["c", 3],
    ];
    expect(
      await roundTrips(() => saver.putWrites(config, writes, "task", "~__pregel_pull, node")),
    ).toBe(1);
    const tuple = await saver.getTuple(config);
    expect(tuple?.pendingWrites).toEqual([
      ["task", "__interrupt__", { value: "ask" }],
      ["task", "a", 1],
      ["task", "b", 2],
      ["task", "c", 3],
    ]);
  });

  it("getTuple (latest and by id) returns values, writes and parent in one query", async () => {
    const { saver } = context;
    const [first, second] = await putChain(saver, "rt-get", 2);
    await saver.putWrites(second!, [["counter", 10]], "task-b", "~__pregel_pull, b");
    await saver.putWrites(second!, [["counter", 20]], "task-a", "~__pregel_pull, a");
    let latest: Awaited<ReturnType<typeof saver.getTuple>>;
    expect(
      await roundTrips(async () => {
        latest = await saver.getTuple(threadConfig("rt-get"));
      }),
    ).toBe(1);
    expect(latest!.config.configurable?.checkpoint_id).toBe(second!.configurable?.checkpoint_id);
    expect(latest!.parentConfig?.configurable?.checkpoint_id).toBe(
      first!.configurable?.checkpoint_id,
    );
    expect(latest!.pendingWrites?.map(([taskId]) => taskId)).toEqual(["task-a", "task-b"]);
    let byId: Awaited<ReturnType<typeof saver.getTuple>>;
    expect(
      await roundTrips(async () => {
        byId = await saver.getTuple(first!);
      }),
    ).toBe(1);
    expect(byId!.checkpoint.channel_values).toEqual({ counter: 0 });
  });

  it("list runs one query per page and fetches the next page only when consumed", async () => {
    const { saver } = context;
    const configs = await putChain(saver, "rt-list", 5);
    const newestFirst = configs.map((config) => config.configurable?.checkpoint_id).reverse();
    const iterator = saver.list(threadConfig("rt-list"))[Symbol.asyncIterator]();
    const firstItem = await (async () => {
      const before = context.queryCount();
      const item = await iterator.next();
      return { item, queries: context.queryCount() - before };
    })();
    expect(firstItem.queries).toBe(1);
    expect(firstItem.item.value?.config.configurable?.checkpoint_id).toBe(newestFirst[0]);
    await iterator.return?.(undefined);

    let ids: unknown[] = [];
    // 5 rows in pages of 2: 2 + 2 + 1, the short page ends the listing.
    expect(
      await roundTrips(async () => {
        ids = (await collect(saver.list(threadConfig("rt-list")))).map(
          (t) => t.config.configurable?.checkpoint_id,
        );
      }),
    ).toBe(3);
    expect(ids).toEqual(newestFirst);
    expect(
      await roundTrips(async () => {
        ids = (
          await collect(saver.list(threadConfig("rt-list"), { limit: 3, before: configs[4] }))
        ).map((t) => t.config.configurable?.checkpoint_id);
      }),
    ).toBe(2);
    expect(ids).toEqual(newestFirst.slice(1, 4));
  });

  it("getDeltaChannelHistory walks all ancestors in one recursive query", async () => {
    const { saver } = context;
    let config = threadConfig("rt-delta");
    const first = makeCheckpoint({ messages: ["seed"] });
    config = await saver.put(config, first, loopMetadata(0), first.channel_versions);
    for (let step = 1; step <= 6; step++) {
      await saver.putWrites(
        config,
        [["messages", [`m${step}`]]],
        `task-${step}`,
        "~__pregel_pull, chat",
      );
      const next = makeCheckpoint({});
      config = await saver.put(config, next, loopMetadata(step), {});
    }
    let history: Awaited<ReturnType<typeof saver.getDeltaChannelHistory>> | undefined;
    expect(
      await roundTrips(async () => {
        history = await saver.getDeltaChannelHistory({ config, channels: ["messages", "other"] });
      }),
    ).toBe(1);
    expect(history?.messages?.seed).toEqual(["seed"]);
    expect(history?.messages?.writes.map(([, , value]) => value)).toEqual([
      ["m1"],
      ["m2"],
      ["m3"],
      ["m4"],
      ["m5"],
      ["m6"],
    ]);
    expect(history?.other).toEqual({ writes: [] });
  });

  it("putMany stores checkpoints and writes of many threads in one idempotent statement", async () => {
    const { saver } = context;
    const records = [];
    const writeRecords = [];
    for (const threadId of ["many-1", "many-2", "many-3"]) {
      const checkpoint = makeCheckpoint({ value: `of ${threadId}` });
      records.push(
        await serializeCheckpointRecord(
          saver.serde,
          { threadId, checkpointNs: "", parentCheckpointId: undefined },
          checkpoint,
          loopMetadata(0, { owner: threadId }),
          checkpoint.channel_versions,
        ),
      );
      writeRecords.push(
        await serializeWritesRecord(
          saver.serde,
          { threadId, checkpointNs: "", checkpointId: checkpoint.id },
          [
            ["value", "pending"],
            ["__error__", "boom"],
          ],
          "task",
          "~__pregel_pull, worker",
        ),
      );
    }
    const input = { checkpoints: records, writes: writeRecords };
    expect(await roundTrips(() => saver.putMany(input))).toBe(1);
    const readAll = async () =>
      Promise.all(
        ["many-1", "many-2", "many-3"].map((threadId) => saver.getTuple(threadConfig(threadId))),
      );
    const stored = await readAll();
    expect(stored.map((tuple) => tuple?.checkpoint.channel_values)).toEqual([
      { value: "of many-1" },
      { value: "of many-2" },
      { value: "of many-3" },
    ]);
    expect(stored[0]?.pendingWrites).toEqual([
      ["task", "__error__", "boom"],
      ["task", "value", "pending"],
    ]);
    await saver.putMany(input);
    expect(await readAll()).toEqual(stored);
    const counts = await context.pool.query(
      `SELECT (SELECT count(*) FROM ${saver.schema.qualify("checkpoints")} WHERE thread_id LIKE 'many-%') AS checkpoints,
              (SELECT count(*) FROM ${saver.schema.qualify("checkpoint_writes")} WHERE thread_id LIKE 'many-%') AS writes`,
    );
    expect(counts.rows[0]).toEqual({ checkpoints: "3", writes: "6" });
  });

  it("deleteThread and copyThread are one statement each", async () => {
    const { saver } = context;
    await putChain(saver, "rt-copy-source", 3);
    await putChain(saver, "rt-copy-source", 2, "child");
    expect(await roundTrips(() => saver.copyThread("rt-copy-source", "rt-copy-target"))).toBe(1);
    const copied = await collect(saver.list({ configurable: { thread_id: "rt-copy-target" } }));
    expect(copied).toHaveLength(5);
    expect(await roundTrips(() => saver.deleteThread("rt-copy-source"))).toBe(1);
    expect(await saver.getTuple(threadConfig("rt-copy-source"))).toBeUndefined();
    expect(await saver.getTuple(threadConfig("rt-copy-target"))).toBeDefined();
  });
});

describe("round trips of values", () => {
  it("keeps NUL characters, Maps, Sets and messages in values, metadata and ids", async () => {
    const { saver } = context;
    const threadId = "nul\u0000thread\u0001";
    const values = {
      text: "a\u0000b",
      map: new Map([["k\u0000", 1]]),
      set: new Set(["x"]),
      messages: await twentyMessageState(),
    };
    const checkpoint = makeCheckpoint(values);
    const metadata = loopMetadata(0, {
      note: "\u0000 in metadata",
      nested: { "key\u0000": [null, "\u0000"] },
    });
    const config = await saver.put(
      threadConfig(threadId, "ns\u0000"),
      checkpoint,
      metadata,
      checkpoint.channel_versions,
    );
    await saver.putWrites(config, [["chan\u0000nel", "v\u0000"]], "task\u0000", "path\u0000");
    const tuple = await saver.getTuple(config);
    expect(tuple?.checkpoint.channel_values).toEqual(values);
    expect(tuple?.metadata).toEqual(metadata);
    expect(tuple?.pendingWrites).toEqual([["task\u0000", "chan\u0000nel", "v\u0000"]]);
    expect(tuple?.config.configurable).toEqual({
      thread_id: threadId,
      checkpoint_ns: "ns\u0000",
      checkpoint_id: checkpoint.id,
    });
    const filtered = await collect(saver.list({}, { filter: { note: "\u0000 in metadata" } }));
    expect(filtered.map((t) => t.checkpoint.id)).toEqual([checkpoint.id]);
  });

  it("orders writes by (task_path, task_id, idx) in code point order", async () => {
    const { saver } = context;
    const config = await saver.put(threadConfig("order"), makeCheckpoint({}), loopMetadata(0), {});
    // U+FF5E (a BMP character) sorts before U+1F600 by code point, after it by UTF-16 unit.
    const paths = ["~b", "~a", "~\u{1F600}", "~\uFF5E", "", "~a, 0000000002"];
    for (const [index, path] of paths.entries()) {
      await saver.putWrites(config, [["c", path]], `task-${index}`, path);
    }
    const tuple = await saver.getTuple(config);
    expect(tuple?.pendingWrites?.map(([, , value]) => value)).toEqual([
      "",
      "~a",
      "~a, 0000000002",
      "~b",
      "~\uFF5E",
      "~\u{1F600}",
    ]);
  });
});
