import { describeOptimisticConcurrency, describeThreadLeases } from "@checkpointkit/conformance";
import { fencedCosmosHarness } from "./fenced-saver-harness.js";

// The same contract as the default history mode (thread-leases.test.ts): a latest-mode put
// replaces the namespace's checkpoint in its own batch, and that batch carries the fences.
// The harness says `history: "latest"`, so the specs expect replaced checkpoints to be gone.
const { harness, fenceOptions } = fencedCosmosHarness("latest");

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);
