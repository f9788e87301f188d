import { InvalidConfigError } from "@checkpointkit/core";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createTestPool, postgresUrl, uniqueSchemaName } from "./support/test-database.js";

let pool: pg.Pool;
const schemas: string[] = [];

beforeAll(() => {
  pool = createTestPool();
});

afterAll(async () => {
  for (const schema of schemas) {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  }
  await pool.end();
});

describe("the official PostgresSaver's construction form", () => {
  it("new PostgresSaver(pool, serde, { schema }) works, and end() leaves your pool open", async () => {
    const schema = uniqueSchemaName("ck_official_form");
    schemas.push(schema);
    const serde = new JsonPlusSerializer();
    const saver = new PostgresSaver(pool, serde, { schema });
    expect(saver.schema.name).toBe(schema);
    expect(saver.serde).toBe(serde);
    await saver.setup();
    const checkpoint = makeCheckpoint({ topic: "switched" });
    const thread = threadConfig("official-form");
    await saver.put(thread, checkpoint, loopMetadata(0), checkpoint.channel_versions);
    expect((await saver.getTuple(thread))?.checkpoint.channel_values).toEqual({
      topic: "switched",
    });
    await saver.end();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("new PostgresSaver(pool) takes every default", () => {
    const saver = new PostgresSaver(pool);
    expect(saver.schema.name).toBe("checkpointkit");
  });

  it("something that is neither a pool nor options is refused naming the pool", () => {
    let caught: unknown;
    try {
      new PostgresSaver({ connectionString: "postgres://x" } as never);
    } catch (error) {
      caught = error;
    }
    expect(InvalidConfigError.isInstance(caught)).toBe(true);
    expect((caught as InvalidConfigError).field).toBe("pool");
  });
});

describe("the older official form with the schema as a string", () => {
  it("new PostgresSaver(pool, serde, 'schema') and fromConnString(url, 'schema') use that schema", async () => {
    const positional = new PostgresSaver(pool, undefined, "ck_official_string");
    expect(positional.schema.name).toBe("ck_official_string");
    const owned = PostgresSaver.fromConnString(postgresUrl(), "ck_official_string");
    try {
      expect(owned.schema.name).toBe("ck_official_string");
    } finally {
      await owned.end();
    }
  });
});
