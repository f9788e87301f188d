import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { PreparedStatementNames } from "../src/prepared-statement-names.js";
import { loopMetadata, makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { postgresUrl, uniqueSchemaName } from "./support/test-database.js";

/**
 * Every statement is a named prepared statement: PostgreSQL parses and plans a statement
 * shape once per connection, whichever saver call or pool connection sends it, and the
 * saver's memory of the shapes it has named stays bounded in a long-running process.
 */

describe("PreparedStatementNames", () => {
  it("names equal texts alike and hands back the first copy of the text", () => {
    const names = new PreparedStatementNames();
    const first = names.lookup(["SELECT ", "1"].join(""));
    const again = names.lookup(["SELECT", " 1"].join(""));
    expect(again.name).toBe(first.name);
    expect(again.text).toBe(first.text);
    expect(names.lookup("SELECT 2").name).not.toBe(first.name);
    expect(names.count).toBe(2);
  });

  it("tells apart texts of the same length", () => {
    const names = new PreparedStatementNames();
    const texts = ["SELECT $1::text", "SELECT $1::date", "SELECT $2::text"];
    const named = texts.map((text) => names.lookup(text));
    expect(new Set(named.map((each) => each.name)).size).toBe(3);
    texts.forEach((text, index) => {
      expect(names.lookup(text)).toBe(named[index]);
    });
  });

  it("remembers at most its capacity, evicting the least recently used shape", () => {
    const names = new PreparedStatementNames(3);
    const nameOf = (index: number) => names.lookup(`SELECT ${index}`).name;
    const original = [0, 1, 2].map(nameOf);
    nameOf(0); // 1 is now the least recently used
    nameOf(3);
    expect(names.count).toBe(3);
    for (let index = 4; index < 100; index++) nameOf(index);
    expect(names.count).toBe(3);
    // A shape that comes back after eviction is prepared under the name it had: a
    // connection that prepared it before reuses its statement.
    expect([0, 1, 2].map(nameOf)).toEqual(original);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new PreparedStatementNames(0)).toThrow(RangeError);
    expect(() => new PreparedStatementNames(1.5)).toThrow(RangeError);
  });
});

interface ParseMessage {
  name?: string;
  text: string;
}

/** Records the name of each named Parse message sent on each connection of `pool`. */
function recordParses(pool: pg.Pool): Map<pg.PoolClient, string[]> {
  const parses = new Map<pg.PoolClient, string[]>();
  pool.on("connect", (client) => {
    const sent: string[] = [];
    parses.set(client as pg.PoolClient, sent);
    const connection = (client as unknown as { connection: { parse(m: ParseMessage): void } })
      .connection;
    const parse = connection.parse.bind(connection);
    connection.parse = (message: ParseMessage) => {
      if (message.name) sent.push(message.name);
      parse(message);
    };
  });
  return parses;
}

describe("saver statements on a pool", () => {
  const schema = uniqueSchemaName("ck_prepared");
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 2 });
    pool.on("error", () => {});
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await pool.end();
  });

  it("each statement shape is parsed once per connection, under one name on every connection", async () => {
    const parses = recordParses(pool);
    const saver = new PostgresSaver({ pool, schema });
    await saver.setup();
    const writes: PendingWrite[] = [["messages", "hello"]];
    const step = async (threadId: string, index: number) => {
      const config = threadConfig(threadId);
      const checkpoint = makeCheckpoint({ messages: [`m${index}`] }, index + 1);
      const stored = await saver.put(
        config,
        checkpoint,
        loopMetadata(index),
        checkpoint.channel_versions,
      );
      await saver.putWrites(stored, writes, `task-${index}`);
      expect((await saver.getTuple(config))?.checkpoint.id).toBe(checkpoint.id);
    };
    // Two threads at once keep both connections of the pool busy.
    for (let index = 0; index < 20; index++) {
      await Promise.all([step("thread-a", index), step("thread-b", index)]);
    }
    const perConnection = [...parses.values()];
    expect(perConnection.length).toBe(2);
    // 120 statements of three shapes (put, putWrites, getTuple): no connection parses a
    // shape twice, and a shape both connections ran was sent under the same name.
    const shapes = new Set(perConnection.flat());
    expect(shapes.size).toBe(3);
    for (const names of perConnection) expect(new Set(names).size).toBe(names.length);
    const [first = [], second = []] = perConnection;
    expect(first.filter((name) => second.includes(name)).length).toBeGreaterThan(0);
    for (const name of shapes) expect(name).toMatch(/^ck_[0-9a-f]{24}$/);
  });
});
