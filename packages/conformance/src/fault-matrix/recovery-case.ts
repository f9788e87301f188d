import type { ArrangedFault } from "./arranged-fault.js";
import { recoveryWindowMs } from "./fault-deadline.js";
import type { FaultHarness } from "./fault-harness.js";
import type { FaultMatrixReport } from "./fault-matrix-report.js";
import { expectAcknowledgedReadable, expectEveryOperationWorks } from "./fault-operations.js";
import type { FaultScenario } from "./fault-scenarios.js";
import { errorClassOf } from "./operation-outcome.js";

const RETRY_INTERVAL_MS = 200;

/**
 * After the operation cases: heal the fault, then the same saver must work again within the
 * recovery window (a first call may still meet a reconnect in progress) and everything it
 * acknowledged before the fault must read back.
 */
export function registerRecovery(
  harness: FaultHarness,
  scenario: FaultScenario,
  context: {
    gate: { it(id: string, title: string, test: () => Promise<void>, timeoutMs?: number): void };
    report: FaultMatrixReport;
    fault: () => ArrangedFault;
  },
): void {
  const windowMs = recoveryWindowMs(harness.deadlineMs);
  if (!scenario.heals) return;
  context.gate.it(
    `${scenario.name} × recovery`,
    `healed, the same saver works again within ${windowMs} ms; acknowledged writes are readable`,
    async () => {
      const fault = context.fault();
      if (fault.heal === undefined) throw new Error(`${scenario.name} cannot heal`);
      await fault.heal();
      const startedAt = performance.now();
      let lastError: unknown;
      let recovered = false;
      while (!recovered && performance.now() - startedAt < windowMs) {
        try {
          await expectEveryOperationWorks(fault.saver);
          recovered = true;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
        }
      }
      const elapsedMs = Math.round(performance.now() - startedAt);
      context.report.add({
        fault: scenario.name,
        operation: "recovery",
        expected: "works again",
        outcome: {
          settled: recovered ? "resolved" : "rejected",
          elapsedMs,
          errorClass: recovered ? undefined : errorClassOf(lastError),
          message: recovered ? undefined : String((lastError as Error)?.message).slice(0, 120),
        },
        deadlineMs: harness.deadlineMs,
        passed: recovered,
      });
      if (!recovered) throw lastError;
      if (fault.acknowledged !== undefined) {
        await expectAcknowledgedReadable(fault.saver, fault.acknowledged);
      }
    },
    recoveryWindowMs(harness.deadlineMs) + 30_000,
  );
}
