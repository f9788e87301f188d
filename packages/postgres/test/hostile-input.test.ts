import { InvalidConfigError } from "@checkpointkit/core";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { collect, loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver, createTestPool } from "./support/test-database.js";

const HOSTILE_SCHEMAS = [
  `x"; DROP TABLE pg_catalog.pg_class; --`,
  `Robert'); DROP SCHEMA public CASCADE; --`,
  'spaces and "quotes" and $1 and \\',
  "UPPER lower ünïcödé 🦜",
];

describe.each(HOSTILE_SCHEMAS)("schema %j", (schema) => {
  it("is only ever a quoted identifier: setup, put, list and the views work inside it", async () => {
    const context = await createSchemaSaver({ schema });
    try {
      const { saver, pool } = context;
      const checkpoint = makeCheckpoint({ value: "inside" });
      const config = await saver.put(
        threadConfig("t"),
        checkpoint,
        loopMetadata(0),
        checkpoint.channel_versions,
      );
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({
        value: "inside",
      });
      const { rows } = await pool.query(
        `SELECT count(*)::int AS count FROM ${pg.escapeIdentifier(schema)}.checkpoint_history`,
      );
      expect(rows[0].count).toBe(1);
      const schemas = await pool.query(
        "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname = 'public'",
        [schema],
      );
      expect(schemas.rows.map((row) => row.nspname).sort()).toEqual([schema, "public"].sort());
    } finally {
      await context.dispose();
    }
  });
});

it("rejects schema names PostgreSQL would truncate or cannot hold", () => {
  const pool = createTestPool();
  try {
    for (const schema of ["", "a".repeat(64), "nul\u0000"]) {
      let thrown: unknown;
      try {
        new PostgresSaver({ pool, schema });
      } catch (error) {
        thrown = error;
      }
      expect(InvalidConfigError.isInstance(thrown)).toBe(true);
    }
  } finally {
    void pool.end();
  }
});

describe("metadata filters", () => {
  const HOSTILE_KEYS = [
    "'; DROP TABLE checkpoints; --",
    'key") OR 1=1 --',
    "$1",
    "a.b",
    "%",
    "_",
    "nul\u0000key",
    "?|",
    '{"nested": true}',
  ];

  it("match per key with equality, whatever the key, and never inject", async () => {
    const context = await createSchemaSaver();
    try {
      const { saver } = context;
      const ids: Record<string, string> = {};
      for (const [index, key] of HOSTILE_KEYS.entries()) {
        const checkpoint = makeCheckpoint({});
        ids[key] = checkpoint.id;
        await saver.put(
          threadConfig(`thread-${index}`),
          checkpoint,
          loopMetadata(index, { [key]: `value of ${key}` }),
          {},
        );
      }
      for (const key of HOSTILE_KEYS) {
        const found = await collect(saver.list({}, { filter: { [key]: `value of ${key}` } }));
        expect(found.map((tuple) => tuple.checkpoint.id)).toEqual([ids[key]]);
        expect(await collect(saver.list({}, { filter: { [key]: "other" } }))).toEqual([]);
      }
      expect(await collect(saver.list({}))).toHaveLength(HOSTILE_KEYS.length);
    } finally {
      await context.dispose();
    }
  });

  it("compare whole values: arrays and objects must be equal, not merely contained", async () => {
    const context = await createSchemaSaver();
    try {
      const { saver } = context;
      const checkpoint = makeCheckpoint({});
      await saver.put(
        threadConfig("arrays"),
        checkpoint,
        loopMetadata(0, { tags: ["a", "b"], owner: { id: 1, team: "x" } }),
        {},
      );
      const ids = async (filter: Record<string, unknown>) =>
        (await collect(saver.list({}, { filter }))).map((tuple) => tuple.checkpoint.id);
      expect(await ids({ tags: ["a", "b"] })).toEqual([checkpoint.id]);
      expect(await ids({ tags: ["a"] })).toEqual([]);
      expect(await ids({ owner: { id: 1 } })).toEqual([]);
      expect(await ids({ owner: { id: 1, team: "x" } })).toEqual([checkpoint.id]);
      expect(await ids({ step: 0, source: "loop" })).toEqual([checkpoint.id]);
      expect(await ids({ step: "0" })).toEqual([]);
      expect(await ids({ missing: undefined })).toEqual([checkpoint.id]);
    } finally {
      await context.dispose();
    }
  });
});

it("thread ids that look like SQL or LIKE patterns address exactly one thread", async () => {
  const context = await createSchemaSaver();
  try {
    const { saver } = context;
    const threads = ["%", "_", "a%", "' OR '1'='1", "\\", "x\u0001y", "x\u0000y"];
    for (const threadId of threads) {
      const checkpoint = makeCheckpoint({ owner: threadId });
      await saver.put(
        threadConfig(threadId),
        checkpoint,
        loopMetadata(0),
        checkpoint.channel_versions,
      );
    }
    for (const threadId of threads) {
      const listed = await collect(saver.list(threadConfig(threadId)));
      expect(listed.map((tuple) => tuple.checkpoint.channel_values.owner)).toEqual([threadId]);
    }
    await saver.deleteThread("%");
    expect(await saver.getTuple(threadConfig("%"))).toBeUndefined();
    expect(await collect(saver.list({}))).toHaveLength(threads.length - 1);
  } finally {
    await context.dispose();
  }
});
