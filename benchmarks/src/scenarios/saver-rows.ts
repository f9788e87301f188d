import type { LatencySummary } from "../measure/latency-summary.js";
import { finiteOrNull } from "../report/result-row.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

/** One row per operation of one repetition, for scenarios that measure a saver alone. */
export function addSaverRows(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id" | "title">,
  variant: string,
  prepared: PreparedSaver,
  summaries: ReadonlyMap<string, LatencySummary>,
  /** Extra figures of every row, or of each operation's row. */
  extra:
    | Record<string, number | null>
    | ((operation: string) => Record<string, number | null>) = {},
): void {
  for (const [operation, summary] of summaries) {
    context.results.addRow({
      scenarioId: scenario.id,
      scenario: scenario.title,
      variant,
      operation,
      subjectId: prepared.plugin.id,
      subjectLabel: prepared.plugin.label,
      subjectKind: "saver",
      floorBackend: prepared.plugin.floorBackend,
      p50Ms: finiteOrNull(summary.p50Ms),
      p99Ms: finiteOrNull(summary.p99Ms),
      opsPerSecond: finiteOrNull(summary.opsPerSecond),
      roundTripsPerOp: finiteOrNull(summary.roundTripsPerOp),
      extra: typeof extra === "function" ? extra(operation) : { ...extra },
    });
  }
}

/** A note about one saver in one variant (a size skipped for time, an operation it lacks). */
export function addSaverNote(
  context: ScenarioContext,
  scenario: Pick<Scenario, "id">,
  variant: string,
  prepared: PreparedSaver,
  note: string,
): void {
  context.log(`  ${prepared.plugin.label}: ${note}`);
  context.results.addNote({
    scenarioId: scenario.id,
    variant,
    subjectLabel: prepared.plugin.label,
    note,
  });
}
