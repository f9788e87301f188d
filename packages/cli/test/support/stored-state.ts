import type { Redis } from "ioredis";
import pg from "pg";

/**
 * Every row of every table in the schema, as sorted JSON lines: what a second migration run
 * must leave exactly as it was (timestamps included).
 */
export async function schemaRows(pool: pg.Pool, schema: string): Promise<string[]> {
  const tables = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
    [schema],
  );
  const rows: string[] = [];
  for (const { table_name } of tables.rows) {
    const result = await pool.query(
      `SELECT * FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table_name)}`,
    );
    for (const row of result.rows) rows.push(`${table_name} ${JSON.stringify(row)}`);
  }
  return rows.sort();
}

/**
 * The logical content of a key. Not `DUMP`: a read can advance the incremental rehash of a
 * large hash, which reorders its `DUMP` output without changing a single field.
 */
async function keyContent(client: Redis, key: string): Promise<string> {
  const type = await client.type(key);
  if (type === "hash") {
    const fields = await client.hgetallBuffer(key);
    return Object.entries(fields)
      .map(([field, value]) => `${field}=${value.toString("hex")}`)
      .sort()
      .join(",");
  }
  if (type === "zset") return (await client.zrange(key, 0, -1, "WITHSCORES")).join(",");
  if (type === "string") return (await client.getBuffer(key))?.toString("hex") ?? "";
  return `${type} ${(await client.dumpBuffer(key))?.toString("hex")}`;
}

/** Every key under the prefix with its content and TTL. */
export async function redisEntries(client: Redis, keyPrefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  const entries: string[] = [];
  for (const key of keys.sort()) {
    entries.push(`${key} ${await keyContent(client, key)} ${await client.pttl(key)}`);
  }
  return entries;
}
