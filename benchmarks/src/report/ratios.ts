import type { RatioSet, ResultRow } from "./result-row.js";

export const OFFICIAL_SUBJECT_ID = "official-postgres";

function ratio(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null || reference === 0) return null;
  return value / reference;
}

function ratios(row: ResultRow, reference: ResultRow | undefined): RatioSet | undefined {
  if (reference === undefined || reference === row) return undefined;
  return {
    p50: ratio(row.p50Ms, reference.p50Ms),
    p99: ratio(row.p99Ms, reference.p99Ms),
    opsPerSecond: ratio(row.opsPerSecond, reference.opsPerSecond),
    roundTripsPerOp: ratio(row.roundTripsPerOp, reference.roundTripsPerOp),
  };
}

const groupKey = (row: ResultRow) => `${row.scenarioId}\u0000${row.variant}\u0000${row.operation}`;

/**
 * Fills `vsOfficial` (divided by the official PostgresSaver's row of the same scenario,
 * variant and operation) and `vsFloor` (divided by the raw floor of the row's backend).
 * Latency and round-trip ratios above 1 are worse; an ops/s ratio below 1 is worse.
 */
export function attachRatios(rows: ResultRow[]): void {
  const official = new Map<string, ResultRow>();
  const floors = new Map<string, ResultRow>();
  for (const row of rows) {
    if (row.subjectId === OFFICIAL_SUBJECT_ID) official.set(groupKey(row), row);
    if (row.subjectKind === "floor") floors.set(`${groupKey(row)}\u0000${row.floorBackend}`, row);
  }
  for (const row of rows) {
    row.vsOfficial = ratios(row, official.get(groupKey(row)));
    if (row.floorBackend !== undefined) {
      row.vsFloor = ratios(row, floors.get(`${groupKey(row)}\u0000${row.floorBackend}`));
    }
  }
}
