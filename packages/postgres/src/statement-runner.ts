import { createHash } from "node:crypto";
import type pg from "pg";
import { isDroppedConnectionError, toSaverError } from "./backend-errors.js";
import type { BuiltStatement } from "./sql/write-statements.js";

/**
 * Runs the saver's statements on the pool: each as a named prepared statement (parsed and
 * planned once per connection; the name is a hash of the text, so different schemas or
 * statement shapes never share a name), retried once on a fresh connection when the pooled
 * one turned out to be dead (server restart, failover), and with driver errors turned into
 * the typed errors of @checkpointkit/core. Every statement the saver runs is idempotent,
 * which is what makes the retry safe.
 */
export class StatementRunner {
  private readonly names = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async run<Row extends pg.QueryResultRow>(
    operation: string,
    statement: BuiltStatement,
  ): Promise<Row[]> {
    const query: pg.QueryConfig = {
      name: this.nameFor(statement.text),
      text: statement.text,
      values: statement.values,
    };
    try {
      return await this.send<Row>(query);
    } catch (error) {
      if (!isDroppedConnectionError(error)) throw toSaverError(error, operation);
      try {
        return await this.send<Row>(query);
      } catch (retryError) {
        throw toSaverError(retryError, operation);
      }
    }
  }

  private async send<Row extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<Row[]> {
    const result = await this.pool.query<Row>(query);
    return result.rows;
  }

  private nameFor(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      name = `ck_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
