import { describeOptimisticConcurrency, describeThreadLeases } from "@checkpointkit/conformance";
import { fencedCosmosHarness } from "./fenced-saver-harness.js";

const { harness, fenceOptions } = fencedCosmosHarness("full");

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);
