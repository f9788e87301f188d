/** A figure divided by the same figure of a reference (official saver or raw floor). */
export interface RatioSet {
  p50: number | null;
  p99: number | null;
  opsPerSecond: number | null;
  roundTripsPerOp: number | null;
}

/** One measured figure set: one subject (saver or floor) doing one operation of one scenario variant. */
export interface ResultRow {
  scenarioId: string;
  scenario: string;
  /** e.g. `5 KB (20 messages)`, `concurrency 32`. */
  variant: string;
  /** e.g. `put`, `first page`, `thread end to end`. */
  operation: string;
  subjectId: string;
  subjectLabel: string;
  subjectKind: "saver" | "floor";
  /** Backend of the raw floor this row is compared with. */
  floorBackend?: string;
  p50Ms: number | null;
  p99Ms: number | null;
  opsPerSecond: number | null;
  roundTripsPerOp: number | null;
  /** Scenario-specific figures, their unit in the name (`rssGrowthMb`, `flushLagP99Ms`). */
  extra?: Record<string, number | null>;
  vsOfficial?: RatioSet;
  vsFloor?: RatioSet;
}

/** A subject that could not produce a figure in one scenario variant, and why. */
export interface ResultNote {
  scenarioId: string;
  variant: string;
  subjectLabel: string;
  note: string;
}

/** Where scenarios put what they measured. */
export class ResultCollector {
  readonly rows: ResultRow[] = [];
  readonly notes: ResultNote[] = [];

  addRow(row: ResultRow): void {
    this.rows.push(row);
  }

  addNote(note: ResultNote): void {
    this.notes.push(note);
  }
}

/** NaN and infinities become null, so the JSON stays valid and the table shows a dash. */
export function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
