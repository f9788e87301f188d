import { describeStore } from "@checkpointkit/conformance";
import { cosmosStoreHarness } from "./cosmos-store-harness.js";

describeStore(cosmosStoreHarness(), { ttl: true });
