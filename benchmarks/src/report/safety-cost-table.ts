import {
  BASELINE_VARIANT,
  SAFETY_SCENARIO_ID,
  SAFETY_VARIANTS,
  safetyVariantOf,
} from "../safety-cost/safety-variants.js";
import { markdownTable } from "./markdown-table.js";
import { formatNumber, formatRatio } from "./number-format.js";
import type { ResultRow } from "./result-row.js";

function range(low: number | null | undefined, high: number | null | undefined, unit: string) {
  if (low === null || low === undefined || high === null || high === undefined) return "—";
  return `${formatNumber(low)}–${formatNumber(high)}${unit}`;
}

/** The section's rows, saver by saver in the order they ran, variants a to e within each. */
function sectionRows(rows: readonly ResultRow[]): ResultRow[] {
  const section = rows.filter(
    (row) => row.scenarioId === SAFETY_SCENARIO_ID && safetyVariantOf(row.operation) !== undefined,
  );
  const saverOrder = [...new Set(section.map((row) => row.subjectId))];
  const variantOrder = (row: ResultRow) => SAFETY_VARIANTS.indexOf(safetyVariantOf(row.operation)!);
  return [...section].sort(
    (left, right) =>
      saverOrder.indexOf(left.subjectId) - saverOrder.indexOf(right.subjectId) ||
      variantOrder(left) - variantOrder(right),
  );
}

/** Round trips a variant adds to the same saver's step with nothing on, or null if unknown. */
export function addedRoundTrips(rows: readonly ResultRow[], row: ResultRow): number | null {
  const baseline = rows.find(
    (candidate) =>
      candidate.scenarioId === row.scenarioId &&
      candidate.subjectId === row.subjectId &&
      candidate.variant === row.variant &&
      safetyVariantOf(candidate.operation) === BASELINE_VARIANT,
  );
  if (baseline?.roundTripsPerOp == null || row.roundTripsPerOp === null) return null;
  return row.roundTripsPerOp - baseline.roundTripsPerOp;
}

/** A count (rounds) as a whole number, not with the decimals of a latency. */
function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : String(Math.round(value));
}

/** A round-trip difference with its sign; whole counts (the usual case) without decimals. */
function signed(value: number | null): string {
  if (value === null) return "—";
  const text = Number.isInteger(value) ? String(value) : formatNumber(value);
  return `${value >= 0 ? "+" : ""}${text}`;
}

/**
 * The run safety section's table: per saver and variant, the step p50 (median over rounds)
 * with the lowest and highest round, the ratio to the same saver with nothing on (median of
 * the per-round ratios, with their lowest and highest), the client's CPU per step and its
 * ratio, and the round trips per step.
 */
export function safetyCostTable(rows: readonly ResultRow[]): string[] {
  const ordered = sectionRows(rows);
  return markdownTable(
    [
      "saver",
      "variant",
      "step p50 ms",
      "round p50s ms (low–high)",
      "÷ (a) p50",
      "÷ (a) rounds (low–high)",
      "client CPU ms/step",
      "÷ (a) CPU",
      "round trips/step",
      "added round trips",
      "rounds",
    ],
    ordered.map((row) => [
      row.subjectLabel,
      row.operation,
      formatNumber(row.p50Ms),
      range(row.extra?.p50MinMs, row.extra?.p50MaxMs, ""),
      formatRatio(row.extra?.vsNothingP50),
      range(row.extra?.vsNothingMin, row.extra?.vsNothingMax, "×"),
      formatNumber(row.extra?.cpuPerStepMs),
      formatRatio(row.extra?.cpuVsNothing),
      formatNumber(row.roundTripsPerOp),
      signed(addedRoundTrips(ordered, row)),
      formatCount(row.extra?.rounds),
    ]),
  );
}

/**
 * One line per saver for the report's summary: the step p50 with nothing on, and each other
 * variant as its median per-round ratio (wall time, then client CPU) and the round trips it adds.
 */
export function safetyCostSummary(rows: readonly ResultRow[]): string[] {
  const ordered = sectionRows(rows);
  const savers = [...new Map(ordered.map((row) => [row.subjectId, row.subjectLabel]))];
  return savers.map(([subjectId, label]) => {
    const own = ordered.filter((row) => row.subjectId === subjectId);
    const baseline = own.find((row) => safetyVariantOf(row.operation) === BASELINE_VARIANT);
    const rounds = baseline?.extra?.rounds;
    const others = own
      .filter((row) => row !== baseline)
      .map((row) => {
        const added = addedRoundTrips(own, row);
        const roundTrips = added === null ? "" : `, ${signed(added)} RT`;
        const cpu = `CPU ${formatRatio(row.extra?.cpuVsNothing)}`;
        return `${safetyVariantOf(row.operation)!.shortName} ${formatRatio(row.extra?.vsNothingP50)} (${cpu})${roundTrips}`;
      });
    const base =
      baseline === undefined
        ? "nothing on: not measured"
        : `${formatNumber(baseline.p50Ms)} ms with nothing on`;
    const roundsNote = rounds == null ? "" : ` (median of ${formatCount(rounds)} rounds)`;
    return `- ${label}: step p50 ${base}; ${others.join("; ")}${roundsNote}`;
  });
}

/** The same table for the run's log, so the figures show before the report is written. */
export function formatSafetyLog(rows: readonly ResultRow[]): string[] {
  return [
    "run safety cost (step p50 and its ratio to (a), median over rounds):",
    ...safetyCostTable(rows),
  ];
}
