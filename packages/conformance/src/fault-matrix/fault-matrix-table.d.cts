import type { OperationOutcome } from "./operation-outcome.js";

/** One measured case of the matrix: a fault, an operation (or `recovery`), how it ended. */
export interface FaultMatrixEntry {
  saver: string;
  fault: string;
  operation: string;
  /** What the spec required, e.g. `BackendUnavailableError`, or `works again` for recovery. */
  expected: string;
  outcome: OperationOutcome;
  deadlineMs: number;
  passed: boolean;
}

export function faultMatrixMarkdown(entries: readonly FaultMatrixEntry[]): string;
