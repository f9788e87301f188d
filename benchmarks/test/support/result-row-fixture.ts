import type { ResultRow } from "../../src/report/result-row.js";

/** A complete row with neutral figures; a test overrides what it is about. */
export function resultRow(overrides: Partial<ResultRow>): ResultRow {
  return {
    scenarioId: "a",
    scenario: "a. loop",
    variant: "1 KB",
    operation: "put",
    subjectId: "x",
    subjectLabel: "x",
    subjectKind: "saver",
    p50Ms: 1,
    p99Ms: 1,
    opsPerSecond: 1,
    roundTripsPerOp: 1,
    ...overrides,
  };
}
