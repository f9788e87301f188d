import { initialSchema } from "./001-initial-schema.js";
import type { Migration } from "./migration.js";

/** Every migration, oldest first. Append only: released migrations never change. */
export const MIGRATIONS: readonly Migration[] = [initialSchema];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
