import type { StateSizeOptions } from "@checkpointkit/core";
import type { SaverHarness } from "../../src/harness.js";
import { describeStateSizeLimits, describeThreadCatalog } from "../../src/spec/index.js";
import { ReferenceCatalogSaver } from "./reference-catalog-saver.js";

/**
 * The thread-catalog and state-size specs on the reference saver: they must be passable
 * before any backend implements them, and a spec that fails here is wrong, not the backends.
 */
const harness: SaverHarness<ReferenceCatalogSaver> = {
  name: "ReferenceCatalogSaver",
  create: async () => new ReferenceCatalogSaver(),
};

describeThreadCatalog(harness, { prune: true, copyThread: true });

describeStateSizeLimits(harness, {
  createWithStateSize: async (options: StateSizeOptions) => new ReferenceCatalogSaver(options),
  createCompressing: async (options: StateSizeOptions) =>
    new ReferenceCatalogSaver({ ...options, compression: { algorithm: "gzip" } }),
});
