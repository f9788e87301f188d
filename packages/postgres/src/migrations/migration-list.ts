import { initialSchema } from "./001-initial-schema.js";
import { boundedKeys } from "./002-bounded-keys.js";
import { writeFences } from "./003-write-fences.js";
import { storedSizes } from "./004-stored-sizes.js";
import { plpgsqlBoundedKeys } from "./005-plpgsql-bounded-keys.js";
import type { Migration } from "./migration.js";

/** Every migration, oldest first. Append only: released migrations never change. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  boundedKeys,
  writeFences,
  storedSizes,
  plpgsqlBoundedKeys,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
