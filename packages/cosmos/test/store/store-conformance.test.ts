import { describeStore } from "@checkpointkit/conformance";
import { cosmosStoreHarness } from "./cosmos-store-harness.js";

// The default: the first label is the partition, so the specs' searches under a root stay in
// one partition.
describeStore(cosmosStoreHarness(1), { ttl: true });
// Two labels: searches and listings under a one-label prefix cross partitions.
describeStore(cosmosStoreHarness(2), { ttl: true });
// Semantic search on Cosmos DB's vector search (VectorDistance, on the test server): the
// same brute-force reference, within one partition and across partitions.
describeStore(cosmosStoreHarness(1, "service"), { ttl: true });
describeStore(cosmosStoreHarness(2, "service"), { ttl: true });
