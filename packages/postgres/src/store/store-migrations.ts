import type { MigrationLedger } from "../migrations/run-migrations.js";

/**
 * The store's tables live in the saver's schema but migrate on their own (their own
 * `store_migrations` table), so a saver-only deployment never gets them and the two evolve
 * independently. Paths and keys are `COLLATE "C"`: a prefix search is a byte range over the
 * primary key, and namespaces sort by code point in every locale. They run like the saver's
 * (`runMigrations`: one transaction each under the schema's advisory lock). Each write of an item
 * stamps a new `vector_generation` on it and its vectors; searches only use vectors of the
 * item's current generation, so two processes re-embedding one item at once can never leave
 * it ranked by a mix of both writes' vectors.
 */
export const STORE_LEDGER: MigrationLedger = {
  table: "store_migrations",
  migrations: [
    {
      version: 1,
      description: "store items and their embedding vectors",
      sql: (schema) => `
      CREATE TABLE ${schema.qualify("store_items")} (
        namespace_path text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        namespace text[] COLLATE "C" NOT NULL,
        value jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        ttl_seconds double precision,
        expires_at timestamptz,
        vector_generation uuid,
        PRIMARY KEY (namespace_path, key)
      );
      CREATE INDEX store_items_expires_at ON ${schema.qualify("store_items")} (expires_at)
        WHERE expires_at IS NOT NULL;
      CREATE TABLE ${schema.qualify("store_vectors")} (
        namespace_path text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        generation uuid NOT NULL,
        position integer NOT NULL,
        embedding double precision[] NOT NULL,
        norm double precision NOT NULL,
        FOREIGN KEY (namespace_path, key)
          REFERENCES ${schema.qualify("store_items")} (namespace_path, key) ON DELETE CASCADE
      );
      CREATE INDEX store_vectors_item ON ${schema.qualify("store_vectors")} (namespace_path, key);
    `,
    },
  ],
};
