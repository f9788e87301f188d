import { describeCheckpointSaver } from "@checkpointkit/conformance";
import { cosmosSaverHarness } from "./cosmos-harness.js";

describeCheckpointSaver(
  cosmosSaverHarness((options) => ({ ttlSeconds: options?.ttlSeconds })),
  {
    ttl: true,
    prune: true,
    copyThread: true,
    largeValueBytes: 10_000_000,
  },
);
