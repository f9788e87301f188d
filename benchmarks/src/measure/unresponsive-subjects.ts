import { BenchTimeoutError } from "./deadline.js";

/**
 * Savers and floors that ran into a time limit once. A server that stopped answering would
 * otherwise cost a full time limit in every later scenario; instead they are skipped for the
 * rest of the run, with the first timeout as the reason. Other failures stay local to the
 * scenario they happened in.
 */
export class UnresponsiveSubjects {
  private readonly reasons = new Map<string, string>();

  recordFailure(subjectId: string, error: unknown): void {
    if (error instanceof BenchTimeoutError && !this.reasons.has(subjectId)) {
      this.reasons.set(subjectId, error.message);
    }
  }

  /** Why `subjectId` is skipped, or undefined while it still answers. */
  skipReason(subjectId: string): string | undefined {
    const reason = this.reasons.get(subjectId);
    return reason === undefined ? undefined : `skipped: it stopped answering earlier (${reason})`;
  }
}
