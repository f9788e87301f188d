import type pg from "pg";
import { isDroppedConnectionError, toSaverError } from "./backend-errors.js";
import { type ConnectionDeadlines, withConnection } from "./pooled-connection.js";
import { PreparedStatementNames } from "./prepared-statement-names.js";
import type { BuiltStatement } from "./sql/write-statements.js";

/**
 * Runs the saver's statements on the pool: each as a named prepared statement (parsed and
 * planned once per connection; the name is a hash of the text, so different schemas or
 * statement shapes never share a name, and each connection of the pool reuses it; see
 * `PreparedStatementNames` for what a call costs), within a client-side deadline, retried once on a
 * fresh connection when the pooled one turned out to be dead (server restart, failover),
 * and with driver errors turned into the typed errors of @checkpointkit/core. Every
 * statement the saver runs is idempotent, which is what makes the retry safe.
 */
export class StatementRunner {
  private readonly names = new PreparedStatementNames();

  constructor(
    private readonly pool: pg.Pool,
    readonly deadlines: ConnectionDeadlines,
    /** Named in errors that mean "the tables are missing": `setup()` was not called. */
    private readonly schemaName: string,
  ) {}

  /**
   * Runs one statement. The call ends within `connectionTimeoutMs + queryTimeoutMs`: the
   * retry after a dropped connection only gets what is left of that budget.
   */
  async run<Row extends pg.QueryResultRow>(
    operation: string,
    statement: BuiltStatement,
  ): Promise<Row[]> {
    const { name, text } = this.names.lookup(statement.text);
    const query: pg.QueryConfig = { name, text, values: statement.values };
    const { connectionTimeoutMs, queryTimeoutMs } = this.deadlines;
    const deadline = performance.now() + connectionTimeoutMs + queryTimeoutMs;
    try {
      return await this.send<Row>(operation, query, connectionTimeoutMs, deadline);
    } catch (error) {
      const left = deadline - performance.now();
      if (!isDroppedConnectionError(error) || left < 1) {
        throw toSaverError(error, operation, this.schemaName);
      }
      try {
        return await this.send<Row>(
          operation,
          query,
          Math.min(connectionTimeoutMs, left),
          deadline,
        );
      } catch (retryError) {
        throw toSaverError(retryError, operation, this.schemaName);
      }
    }
  }

  private send<Row extends pg.QueryResultRow>(
    operation: string,
    query: pg.QueryConfig,
    connectionTimeoutMs: number,
    deadline: number,
  ): Promise<Row[]> {
    return withConnection(
      this.pool,
      operation,
      Math.ceil(connectionTimeoutMs),
      async (connection) => {
        const left = Math.max(1, Math.ceil(deadline - performance.now()));
        const result = await connection.query<Row>(
          query,
          Math.min(this.deadlines.queryTimeoutMs, left),
        );
        return result.rows;
      },
    );
  }
}
