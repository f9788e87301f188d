import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { processFaultGuardActive, processFaultsSoFar } from "../jest/process-fault-guard.js";
import { useHarnessLifecycle } from "../spec/harness-lifecycle.js";
import { PendingCaseGate } from "../spec/pending-cases.js";
import type { ArrangedFault } from "./arranged-fault.js";
import { deadlineBoundMs, giveUpAfterMs } from "./fault-deadline.js";
import { FAULT_OPERATIONS, type FaultHarness, type FaultOperationName } from "./fault-harness.js";
import { FaultMatrixReport } from "./fault-matrix-report.js";
import { faultOperation } from "./fault-operations.js";
import { FAULT_SCENARIOS, type FaultScenario } from "./fault-scenarios.js";
import { measureOperation, type OperationOutcome } from "./operation-outcome.js";
import { registerRecovery } from "./recovery-case.js";
import { secretLeaks } from "./secret-leaks.js";

export interface FaultMatrixOptions {
  /**
   * Case ids (`<fault> × <operation>` or `<fault> × recovery`, e.g. `refused × put`) that
   * wait for a saver fix: skipped unless `CHECKPOINTKIT_PENDING_SPECS=1`.
   * @default []
   */
  pending?: readonly string[];
}

/** Arranging a fault may start a server (PostgreSQL takes seconds on a loaded machine). */
const ARRANGE_TIMEOUT_MS = 90_000;

/** What the case requires of an operation's outcome. */
function requirement(scenario: FaultScenario, served: boolean): string {
  return served ? "resolved or BackendUnavailableError" : scenario.expected;
}

function meetsRequirement(
  outcome: OperationOutcome,
  required: string,
  boundMs: number,
  explainedBy: RegExp | undefined,
): boolean {
  if (outcome.elapsedMs > boundMs || outcome.settled === "still pending") return false;
  if (outcome.settled === "resolved") return required.startsWith("resolved");
  if (explainedBy !== undefined && !explainedBy.test(outcome.message ?? "")) return false;
  return required.endsWith(outcome.errorClass ?? "");
}

function registerOperationCase(
  harness: FaultHarness,
  scenario: FaultScenario,
  operation: FaultOperationName,
  context: { gate: PendingCaseGate; report: FaultMatrixReport; fault: () => ArrangedFault },
): void {
  const served = scenario.network && (harness.servedDuringOutage ?? []).includes(operation);
  const required = requirement(scenario, served);
  const boundMs = deadlineBoundMs(harness.deadlineMs);
  const title = served
    ? `ends within ${harness.deadlineMs} ms: served (documented) or BackendUnavailableError`
    : `rejects with ${scenario.expected} within ${harness.deadlineMs} ms`;
  context.gate.it(
    `${scenario.name} × ${operation}`,
    `${title}; no error reaches the process, no secret in the error`,
    async () => {
      const fault = context.fault();
      const { error, ...outcome } = await measureOperation(
        () => fault.runUnderFault(faultOperation(fault.saver, operation, fault.readThreadId)),
        giveUpAfterMs(harness.deadlineMs),
      );
      const explainedBy = served ? undefined : scenario.explainedBy;
      const passed = meetsRequirement(outcome, required, boundMs, explainedBy);
      context.report.add({
        fault: scenario.name,
        operation,
        expected: required,
        outcome,
        deadlineMs: harness.deadlineMs,
        passed,
      });
      expect({ ...outcome, required, explainedBy, boundMs, meetsRequirement: passed }).toEqual(
        expect.objectContaining({ meetsRequirement: true }),
      );
      expect(processFaultsSoFar()).toEqual([]);
      expect(secretLeaks(error, harness.secrets?.() ?? [])).toEqual([]);
    },
    giveUpAfterMs(harness.deadlineMs) + 10_000,
  );
}

function registerScenario(
  harness: FaultHarness,
  scenario: FaultScenario,
  gate: PendingCaseGate,
  report: FaultMatrixReport,
): void {
  const skipReason = scenario.skipReason(harness);
  const name = `${scenario.name}: ${scenario.title}`;
  if (skipReason !== undefined) {
    describe(name, () => {
      it.skip(`${scenario.name} × every operation [skipped: ${skipReason}]`, () => {});
    });
    return;
  }
  describe(name, () => {
    let arranged: ArrangedFault | undefined;
    beforeAll(async () => {
      arranged = await scenario.arrange(harness);
    }, ARRANGE_TIMEOUT_MS);
    afterAll(async () => {
      await arranged?.dispose();
      arranged = undefined;
    }, ARRANGE_TIMEOUT_MS);
    const fault = () => {
      if (arranged === undefined) throw new Error(`${scenario.name}: the fault was not arranged`);
      return arranged;
    };
    for (const operation of FAULT_OPERATIONS) {
      registerOperationCase(harness, scenario, operation, { gate, report, fault });
    }
    registerRecovery(harness, scenario, { gate, report, fault });
  });
}

/**
 * Registers the fault matrix for one saver: for each fault (refused, DNS failure, accepts but
 * silent, established then silent, reset mid-operation, SIGKILL and restart, wrong
 * credentials, wrong database) each operation ends within the harness's deadline with the
 * documented error class whose printed forms hold no secret, no error reaches the process, and, where the fault can heal, the
 * same saver works again and every write it acknowledged before is readable. Prints the
 * measured matrix at the end. Call it at the top level of a jest test file run under the
 * conformance jest preset (its environment records process-level faults).
 */
export function describeFaultMatrix<T extends BaseCheckpointSaver>(
  harness: FaultHarness<T>,
  options: FaultMatrixOptions = {},
): void {
  if (!processFaultGuardActive()) {
    throw new Error(
      "describeFaultMatrix needs the @checkpointkit/conformance jest preset: its test " +
        "environment records the errors that reach the process, which the matrix must see",
    );
  }
  const anyHarness = harness as unknown as FaultHarness;
  const gate = new PendingCaseGate(`fault matrix of ${harness.name}`, options.pending);
  const report = new FaultMatrixReport(harness.name);
  describe(`fault matrix: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    afterAll(() => report.publish());
    for (const scenario of FAULT_SCENARIOS) registerScenario(anyHarness, scenario, gate, report);
  });
  gate.assertAllUsed();
}
