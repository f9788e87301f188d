import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  type CheckpointSaverTestInitializer,
  deltaChannelHistoryTests,
  specTest,
} from "@langchain/langgraph-checkpoint-validation";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";

type BooleanCapability = "storesOnlyNewVersions";

/**
 * Official specs that only hold for savers with a capability. The official package skips
 * them by saver *name* (e.g. for `MemorySaver`); the suite never branches on names, so it
 * gates them by test title and capability instead.
 */
const CAPABILITY_OF_OFFICIAL_SPEC: Readonly<Record<string, BooleanCapability>> = {
  "should only store channel_values that have changed (based on newVersions)":
    "storesOnlyNewVersions",
};

/**
 * Runs `register` with the global `it` replaced by one that registers the official specs
 * whose capability is missing as skipped (with the capability in the name). The official
 * specs call the global `it` while registering, synchronously, so the swap is undone before
 * any test runs.
 */
function registerWithCapabilityGates(capabilities: SaverCapabilities, register: () => void): void {
  const originalIt = globalThis.it;
  const gatedIt = Object.assign(
    (name: string, test?: jest.ProvidesCallback, timeoutMs?: number) => {
      const capability = CAPABILITY_OF_OFFICIAL_SPEC[name];
      if (capability !== undefined && !capabilities[capability]) {
        originalIt.skip(`${name} [skipped: capability ${capability} is false]`, test, timeoutMs);
      } else {
        originalIt(name, test, timeoutMs);
      }
    },
    originalIt,
  );
  globalThis.it = gatedIt as unknown as jest.It;
  try {
    register();
  } finally {
    globalThis.it = originalIt;
  }
}

/**
 * The official `@langchain/langgraph-checkpoint-validation` specs (put, putWrites, getTuple,
 * list, deleteThread, and the opt-in getDeltaChannelHistory specs) against the harness's
 * savers. The harness's own `beforeAll`/`afterAll` run in `describeCheckpointSaver`, around
 * every spec, so they are not handed to the official initializer a second time.
 */
export function officialSpecs(harness: SaverHarness, capabilities: SaverCapabilities): void {
  const initializer: CheckpointSaverTestInitializer<BaseCheckpointSaver> = {
    checkpointerName: harness.name,
    createCheckpointer: () => harness.create(),
    destroyCheckpointer: async (saver) => {
      await harness.destroy?.(saver);
    },
  };
  describe("official @langchain/langgraph-checkpoint-validation specs", () => {
    registerWithCapabilityGates(capabilities, () => {
      specTest(initializer);
      if (capabilities.deltaChannelHistory) deltaChannelHistoryTests(initializer);
    });
    if (!capabilities.deltaChannelHistory) {
      it.skip("getDeltaChannelHistory specs [skipped: capability deltaChannelHistory is false]", () => {});
    }
  });
}
