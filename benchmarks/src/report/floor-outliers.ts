import type { ResultRow } from "./result-row.js";

const OUTLIER_COUNT = 3;

/**
 * The checkpointkit figures furthest above their raw floor (by p50 ratio): where the savers'
 * own overhead is largest, and so where work on them pays off first.
 */
export function furthestFromFloor(rows: readonly ResultRow[], count = OUTLIER_COUNT): ResultRow[] {
  return rows
    .filter(
      (row) =>
        row.subjectKind === "saver" &&
        row.subjectId.startsWith("checkpointkit-") &&
        row.vsFloor?.p50 !== null &&
        row.vsFloor?.p50 !== undefined &&
        !row.operation.startsWith("step"),
    )
    .sort((a, b) => (b.vsFloor?.p50 ?? 0) - (a.vsFloor?.p50 ?? 0))
    .slice(0, count);
}
