import type { CheckpointTuple, SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { PostgresSaver as OfficialPostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import pg from "pg";
import type { MigrationSource } from "./migration-source.js";
import { readThreadTuples } from "./saver-source.js";
import { toSourceError } from "./source-errors.js";

/** Thread ids fetched per query while enumerating the source. */
export const DEFAULT_THREAD_PAGE_SIZE = 500;

export interface OfficialPostgresSourceOptions {
  /** A pool on the database of the official saver; never ended by the source. */
  pool: pg.Pool;
  /**
   * Schema of the official saver's tables (its `schema` option).
   * @default "public"
   */
  schema?: string;
  /**
   * The serializer the official saver was given, if not the default.
   * @default new JsonPlusSerializer()
   */
  serde?: SerializerProtocol;
  /**
   * Thread ids fetched per query while enumerating threads.
   * @default 500
   */
  threadPageSize?: number;
}

/**
 * Reads the tables of `@langchain/langgraph-checkpoint-postgres`: thread ids straight from its
 * `checkpoints` table (the saver has no call that lists threads), every tuple of a thread
 * through the official saver's own `list`, so decoding and the pending-sends migration of old
 * checkpoints are exactly the official ones.
 */
export class OfficialPostgresSource implements MigrationSource {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly saver: OfficialPostgresSaver;
  private readonly threadPageSize: number;
  private readonly checkpointsTable: string;

  constructor(options: OfficialPostgresSourceOptions) {
    this.pool = options.pool;
    this.schema = options.schema ?? "public";
    this.threadPageSize = options.threadPageSize ?? DEFAULT_THREAD_PAGE_SIZE;
    this.saver = new OfficialPostgresSaver(options.pool, options.serde, { schema: this.schema });
    // Quoted like the official saver quotes it, so any name it accepted is found here.
    this.checkpointsTable = `${pg.escapeIdentifier(this.schema)}.checkpoints`;
  }

  async countThreads(): Promise<number> {
    const result = await this.query<{ count: string }>(
      `SELECT count(DISTINCT thread_id) AS count FROM ${this.checkpointsTable}`,
      [],
    );
    return Number(result.rows[0]?.count ?? 0);
  }

  async *threadIds(): AsyncIterable<string> {
    // Keyset pages in byte order: stable and independent of the database's collation.
    let after: string | undefined;
    for (;;) {
      const result = await this.query<{ thread_id: string }>(
        `SELECT DISTINCT thread_id COLLATE "C" AS thread_id FROM ${this.checkpointsTable}
         WHERE $1::text IS NULL OR thread_id COLLATE "C" > $1::text
         ORDER BY 1 LIMIT $2`,
        [after ?? null, this.threadPageSize],
      );
      for (const row of result.rows) yield row.thread_id;
      if (result.rows.length < this.threadPageSize) return;
      after = result.rows[result.rows.length - 1]?.thread_id;
    }
  }

  async readThread(threadId: string): Promise<CheckpointTuple[]> {
    try {
      return await readThreadTuples(this.saver, threadId);
    } catch (error) {
      throw toSourceError(error, this.schema);
    }
  }

  private async query<Row extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, values);
    } catch (error) {
      throw toSourceError(error, this.schema);
    }
  }
}
