import { useHarnessLifecycle } from "../spec/harness-lifecycle.js";
import { resolveStoreCapabilities, type StoreCapabilities } from "./store-capabilities.js";
import { storeCrudSpec } from "./store-crud-spec.js";
import type { StoreHarness } from "./store-harness.js";
import { storeHostileInputSpec } from "./store-hostile-input-spec.js";
import { storeListNamespacesSpec } from "./store-list-namespaces-spec.js";
import { storeSearchSpec } from "./store-search-spec.js";
import { storeSemanticSpec } from "./store-semantic-spec.js";
import { storeTtlSpec } from "./store-ttl-spec.js";

/** One concern of the store suite: registers its describe/it blocks. */
export type StoreSpec = (harness: StoreHarness, capabilities: StoreCapabilities) => void;

/** The store specs, in the order they run. */
export const STORE_SPECS: readonly StoreSpec[] = [
  storeCrudSpec,
  storeSearchSpec,
  storeListNamespacesSpec,
  storeSemanticSpec,
  storeHostileInputSpec,
  storeTtlSpec,
];

/**
 * Registers the whole store conformance suite (LangGraph's `BaseStore` contract plus the
 * project's rules) for one backend. Call it at the top level of a jest test file; specs for
 * capabilities the store lacks are registered as skipped, with the capability in their name.
 */
export function describeStore(
  harness: StoreHarness,
  capabilities: Partial<StoreCapabilities> = {},
): void {
  const resolved = resolveStoreCapabilities(capabilities);
  describe(`store conformance: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    for (const spec of STORE_SPECS) spec(harness, resolved);
  });
}
