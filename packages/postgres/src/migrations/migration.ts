import type { SchemaName } from "../schema-name.js";

/** One step of the schema's history. Versions are consecutive integers starting at 1. */
export interface Migration {
  version: number;
  /** Recorded in the migrations table, for people reading it. */
  description: string;
  /** The DDL, possibly several statements; run inside the migration's transaction. */
  sql(schema: SchemaName): string;
}
