import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { resolveCapabilities, type SaverCapabilities } from "./capabilities.js";
import type { SaverHarness } from "./harness.js";
// Installs `expect.soft` for the official specs even when the jest config does not load it.
import "./jest/setup-after-env.js";
import { useHarnessLifecycle } from "./spec/harness-lifecycle.js";
import { officialSpecs } from "./spec/official-spec.js";
import { PROJECT_SPECS } from "./spec/project-specs.js";

/**
 * Registers the whole conformance suite for one backend: the official LangGraph validation
 * specs, then the project's own specs. Call it at the top level of a jest test file. The
 * official specs need `expect.soft`, which this module installs on import (the jest preset
 * may also load `src/jest/setup-after-env.ts`; installing twice is a no-op).
 *
 * Specs for capabilities the saver lacks are registered as skipped, with the capability in
 * their name, so the output shows what was not checked.
 */
export function describeCheckpointSaver<T extends BaseCheckpointSaver>(
  harness: SaverHarness<T>,
  capabilities: Partial<SaverCapabilities> = {},
): void {
  const resolved = resolveCapabilities(capabilities);
  // Specs only create, use and destroy savers; the narrower saver type adds nothing for them.
  const anySaverHarness = harness as unknown as SaverHarness;
  describe(`conformance: ${harness.name}`, () => {
    useHarnessLifecycle(harness);

    officialSpecs(anySaverHarness, resolved);
    describe("checkpointkit specs", () => {
      for (const spec of PROJECT_SPECS) spec(anySaverHarness, resolved);
    });
  });
}
