import { describeStore } from "@checkpointkit/conformance";
import { MAX_KEY_BYTES, MAX_NAMESPACE_BYTES } from "../src/store/index.js";
import { schemaStoreHarness } from "./store-support/schema-store-harness.js";
import { createTestPool } from "./support/test-database.js";

/** The test server has no pgvector: every store here ranks exactly in SQL over float8[]. */
describeStore(
  schemaStoreHarness({
    name: "PostgresStore (exact search, no pgvector)",
    pool: () => createTestPool(),
    async afterSetup(store) {
      expect(store.vectorSupport.scoring).toBe("exact");
    },
  }),
  { ttl: true, maxNamespaceBytes: MAX_NAMESPACE_BYTES, maxKeyBytes: MAX_KEY_BYTES },
);
