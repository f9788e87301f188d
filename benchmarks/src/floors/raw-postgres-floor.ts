import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { countedPostgresPool, dropSchemaAndEnd } from "../savers/postgres-connection.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import type { RawFloor, RawFloorFactory } from "./raw-floor.js";

/**
 * Bare pg: two append-only tables keyed by (thread_id, seq), the primary key serving the
 * newest-first reads, the way a saver's own index would.
 */
export function rawPostgresFloorFactory(url: string): RawFloorFactory {
  return {
    backend: "postgres",
    create: async (): Promise<RawFloor> => {
      const counter = new RoundTripCounter();
      const pool = countedPostgresPool(url, counter);
      const schema = uniqueStorageName();
      const checkpoints = `"${schema}".checkpoints`;
      const writes = `"${schema}".writes`;
      await pool.query(
        `CREATE SCHEMA "${schema}";
         CREATE TABLE ${checkpoints} (thread_id text NOT NULL, seq bigserial, payload bytea NOT NULL, PRIMARY KEY (thread_id, seq));
         CREATE TABLE ${writes} (thread_id text NOT NULL, seq bigserial, payload bytea NOT NULL, PRIMARY KEY (thread_id, seq));`,
      );
      return {
        backend: "postgres",
        label: "raw pg floor",
        counter,
        putCheckpoint: async (threadId, bytes) => {
          await pool.query(`INSERT INTO ${checkpoints} (thread_id, payload) VALUES ($1, $2)`, [
            threadId,
            Buffer.from(bytes),
          ]);
        },
        putWrites: async (threadId, bytes) => {
          await pool.query(`INSERT INTO ${writes} (thread_id, payload) VALUES ($1, $2)`, [
            threadId,
            Buffer.from(bytes),
          ]);
        },
        getLatest: async (threadId) => {
          const result = await pool.query<{ checkpoint: Buffer | null; writes: Buffer | null }>(
            `SELECT (SELECT payload FROM ${checkpoints} WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1) AS checkpoint,
                    (SELECT payload FROM ${writes} WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1) AS writes`,
            [threadId],
          );
          const row = result.rows[0];
          return { checkpoint: row?.checkpoint ?? undefined, writes: row?.writes ?? undefined };
        },
        listCheckpoints: async (threadId, limit) => {
          const result = await pool.query<{ payload: Buffer }>(
            `SELECT payload FROM ${checkpoints} WHERE thread_id = $1 ORDER BY seq DESC LIMIT $2`,
            [threadId, limit ?? null],
          );
          return result.rows.map((row) => row.payload);
        },
        writesHistory: async (threadId, depth) => {
          const result = await pool.query<{ payload: Buffer; is_seed: boolean }>(
            `(SELECT payload, false AS is_seed FROM ${writes} WHERE thread_id = $1 ORDER BY seq DESC LIMIT $2)
             UNION ALL
             (SELECT payload, true AS is_seed FROM ${checkpoints} WHERE thread_id = $1 ORDER BY seq ASC LIMIT 1)`,
            [threadId, depth],
          );
          return {
            writes: result.rows.filter((row) => !row.is_seed).map((row) => row.payload),
            seed: result.rows.find((row) => row.is_seed)?.payload,
          };
        },
        dispose: () => dropSchemaAndEnd(pool, schema),
      };
    },
  };
}
