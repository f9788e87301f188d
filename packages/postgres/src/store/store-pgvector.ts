import { InvalidConfigError } from "@checkpointkit/core";
import type pg from "pg";
import { type ConnectionDeadlines, withConnection } from "../pooled-connection.js";
import type { SchemaName } from "../schema-name.js";
import { hasIterativeScan, nearestVectorsFunctionSql } from "./nearest-vectors-function.js";
import type { VectorScoring } from "./search-statement.js";

/** HNSW build parameters; pgvector's own defaults. */
const DEFAULT_HNSW = { m: 16, efConstruction: 64 };
/** pgvector's HNSW indexes `vector` columns of at most this many dimensions. */
const MAX_HNSW_DIMS = 2000;

/** What `setup()` found: the scoring searches use, and why when it is not pgvector. */
export interface VectorSupport {
  scoring: VectorScoring;
  reason: string;
}

/**
 * Turns on pgvector for the store when the server offers the extension: creates it if
 * needed (which needs the privilege; without it the store stays exact), adds a `vector`
 * column generated from the float8 array every write already stores, and an HNSW index on
 * it. Writes are the same either way, so stores with and without pgvector can share a
 * schema. A generated column of another dimension means the index config changed: refused.
 */
export async function preparePgvector(
  pool: pg.Pool,
  schema: SchemaName,
  deadlines: ConnectionDeadlines,
  dims: number,
  hnsw: { m?: number; efConstruction?: number } = {},
  approximate = false,
): Promise<VectorSupport> {
  const vectors = schema.qualify("store_vectors");
  return withConnection(pool, "store setup", deadlines.connectionTimeoutMs, async (connection) => {
    const run = <Row extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
      connection.query<Row>({ text, values }, deadlines.queryTimeoutMs);
    const available = await run<{ available: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available",
    );
    if (!available.rows[0]?.available) {
      return { scoring: "exact", reason: "the server has no pgvector extension" };
    }
    await run("BEGIN");
    try {
      await run("SELECT pg_advisory_xact_lock($1::bigint)", [schema.migrationLockKey]);
      await run("CREATE EXTENSION IF NOT EXISTS vector");
      const column = await run<{ type: string }>(
        `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attname = 'embedding_vector' AND NOT attisdropped`,
        [vectors],
      );
      const wanted = `vector(${dims})`;
      const existing = column.rows[0]?.type;
      if (existing !== undefined && existing !== wanted) {
        throw new InvalidConfigError(
          `index.dims is ${dims} but the store's vectors are ${existing}; use another schema`,
          { field: "index.dims" },
        );
      }
      if (existing === undefined) {
        const m = hnsw.m ?? DEFAULT_HNSW.m;
        const efConstruction = hnsw.efConstruction ?? DEFAULT_HNSW.efConstruction;
        await run(
          `ALTER TABLE ${vectors} ADD COLUMN embedding_vector ${wanted}
           GENERATED ALWAYS AS (embedding::${wanted}) STORED`,
        );
        if (dims <= MAX_HNSW_DIMS) {
          await run(
            `CREATE INDEX store_vectors_hnsw ON ${vectors} USING hnsw (embedding_vector vector_cosine_ops)
           WITH (m = ${Number(m)}, ef_construction = ${Number(efConstruction)})`,
          );
        }
      }
      const version = await run<{ version: string }>(
        "SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'",
      );
      const iterative = hasIterativeScan(version.rows[0]?.version ?? "0");
      if (iterative) await run(nearestVectorsFunctionSql(schema));
      await run("COMMIT");
      if (!approximate) return { scoring: "pgvector", reason: "pgvector is installed" };
      if (!iterative || dims > MAX_HNSW_DIMS) {
        return {
          scoring: "pgvector",
          reason: `no approximate search: ${iterative ? `no HNSW index above ${MAX_HNSW_DIMS} dimensions` : "pgvector before 0.8 has no iterative index scans"}`,
        };
      }
      return {
        scoring: "hnsw",
        reason: "pgvector is installed; unfiltered searches use the HNSW index",
      };
    } catch (error) {
      await run("ROLLBACK").catch(() => connection.destroy(new Error("ROLLBACK failed")));
      if (InvalidConfigError.isInstance(error)) throw error;
      // 42501: not allowed to create the extension; the exact search still works.
      if ((error as { code?: string }).code === "42501") {
        return { scoring: "exact", reason: "not allowed to create the pgvector extension" };
      }
      throw error;
    }
  });
}
