import { describeThreadCatalog } from "@checkpointkit/conformance";
import { cosmosSaverHarness } from "./cosmos-harness.js";

describeThreadCatalog(
  cosmosSaverHarness(() => ({})),
  { prune: true, copyThread: true },
);
