import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { resolveCapabilities, type SaverCapabilities } from "../../capabilities.js";
import type { SaverHarness } from "../../harness.js";
import { useSaver } from "../fixtures.js";
import { useHarnessLifecycle } from "../harness-lifecycle.js";
import { PendingCaseGate } from "../pending-cases.js";
import { apiShapeCases } from "./api-shape-cases.js";
import { listAndLongIdCases } from "./list-and-long-id-cases.js";
import { readInputCases } from "./read-input-cases.js";
import { threadArgumentCases } from "./thread-argument-cases.js";
import { writeInputCases } from "./write-input-cases.js";

export interface InputContractOptions {
  /**
   * Case ids (the part of a test name before the first `:`) that wait for a saver fix: skipped
   * unless `CHECKPOINTKIT_PENDING_SPECS=1`. Each must name a case of the spec.
   * @default []
   */
  pending?: readonly string[];
}

/**
 * Registers the input contract every saver keeps (see @checkpointkit/core's `input/`): thread
 * arguments that are not ids, checkpoints and writes the serializer cannot round-trip, ids
 * with lone surrogates are refused with `InvalidConfigError` naming the field, before anything
 * is written; `list` treats `checkpoint_ns: null` as every namespace and filters on an own
 * `__proto__` key; ids of 100 KB work. Call it at the top level of a jest test file.
 */
export function describeInputContract<T extends BaseCheckpointSaver>(
  harness: SaverHarness<T>,
  capabilities: Partial<SaverCapabilities> = {},
  options: InputContractOptions = {},
): void {
  const resolved = resolveCapabilities(capabilities);
  const gate = new PendingCaseGate(`input contract of ${harness.name}`, options.pending);
  describe(`input contract: ${harness.name}`, () => {
    useHarnessLifecycle(harness);

    // Nested, so the saver is destroyed before the harness's afterAll (jest runs afterAll
    // hooks of one block in declaration order): a harness that closes the client its savers
    // share must not do so under a saver still running (the tiered flusher polls).
    describe("one saver", () => {
      const saver = useSaver(harness as unknown as SaverHarness);
      describe("thread arguments", () => threadArgumentCases(gate, saver, resolved));
      describe("put and putWrites", () => writeInputCases(gate, saver));
      describe("reads and deletes", () => readInputCases(gate, saver));
      describe("list and long ids", () => listAndLongIdCases(gate, saver));
      describe("the shared API shape", () => apiShapeCases(gate, saver, resolved));
    });
  });
  gate.assertAllUsed();
}
