import { CheckpointConflictError } from "@checkpointkit/core";
import type { CheckpointDifference } from "./thread-comparison.js";

/** Checkpoints named in a conflict message; the rest are counted. */
const LISTED_DIFFERENCES = 5;

function describe(difference: CheckpointDifference): string {
  const where = `namespace ${JSON.stringify(difference.checkpointNs)}, checkpoint ${difference.checkpointId}`;
  const what = [
    ...(difference.missing ? ["missing"] : []),
    ...(difference.tasksToWrite.length > 0 ? ["pending writes missing"] : []),
    ...difference.conflicts,
  ];
  return `${where}: ${what.join("; ")}`;
}

/** The target's copy of a thread does not equal the source's. */
export function conflictError(
  threadId: string,
  differences: readonly CheckpointDifference[],
  prefix = "",
): CheckpointConflictError {
  const listed = differences.slice(0, LISTED_DIFFERENCES).map(describe);
  const more = differences.length - listed.length;
  return new CheckpointConflictError(
    `${prefix}thread ${JSON.stringify(threadId)} differs between source and target (${differences.length} checkpoint(s)): ${listed.join(" | ")}${more > 0 ? ` | and ${more} more` : ""}`,
  );
}
