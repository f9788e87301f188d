import { describeThreadCatalog, type SaverHarness } from "@checkpointkit/conformance";
import type { PostgresSaver } from "../src/index.js";
import { createPooledSaver, destroyPooledSaver } from "./support/pooled-schema-savers.js";

/** The cross-backend thread-catalog spec (issue 17) on a fresh schema per saver. */
const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  create: () => createPooledSaver("ck_catalog"),
  destroy: destroyPooledSaver,
};

describeThreadCatalog(harness, { prune: true, copyThread: true });
