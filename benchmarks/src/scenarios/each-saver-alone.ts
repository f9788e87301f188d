import { withTimeout } from "../measure/deadline.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

/**
 * Runs `work` on one saver at a time, for scenarios that load a saver so heavily (memory,
 * growth) that running the others alongside would skew both. Stops at the run deadline,
 * skips savers that stopped answering earlier, and turns a failure or a timeout into a
 * note so the next saver still runs.
 */
export async function forEachSaverAlone(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
  timeoutMs: number,
  work: (prepared: PreparedSaver) => Promise<void>,
  /** What the log calls this pass, when a scenario makes more than one. */
  passLabel: string = scenario.title,
): Promise<void> {
  for (const prepared of context.savers) {
    if (Date.now() > context.deadlineMs) {
      context.log(`${passLabel}, ${prepared.plugin.label}: skipped, run deadline reached`);
      context.results.addNote({
        scenarioId: scenario.id,
        variant: "all",
        subjectLabel: prepared.plugin.label,
        note: "skipped: run deadline reached",
      });
      continue;
    }
    const skipReason = context.unresponsive.skipReason(prepared.plugin.id);
    if (skipReason !== undefined) {
      context.results.addNote({
        scenarioId: scenario.id,
        variant: "all",
        subjectLabel: prepared.plugin.label,
        note: skipReason,
      });
      continue;
    }
    context.log(`${passLabel}, ${prepared.plugin.label}`);
    try {
      await withTimeout(`${prepared.plugin.label} ${scenario.id}`, timeoutMs, work(prepared));
    } catch (error) {
      context.unresponsive.recordFailure(prepared.plugin.id, error);
      const reason = error instanceof Error ? error.message : String(error);
      context.log(`  ${prepared.plugin.label}: ${reason}`);
      context.results.addNote({
        scenarioId: scenario.id,
        variant: "all",
        subjectLabel: prepared.plugin.label,
        note: reason,
      });
    }
  }
}
