import { describeStore } from "@checkpointkit/conformance";
import { cosmosStoreHarness } from "./cosmos-store-harness.js";

// The default: the first label is the partition, so the specs' searches under a root stay in
// one partition.
describeStore(cosmosStoreHarness(1), { ttl: true });
// Two labels: searches and listings under a one-label prefix cross partitions.
describeStore(cosmosStoreHarness(2), { ttl: true });
