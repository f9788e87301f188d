import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { refuseUnstorable } from "./refuse-unstorable.js";
import { checkIdString, describeType } from "./well-formed-id.js";

/**
 * Checks what `putWrites` is about to store, before anything is written. Returns the task
 * path to store: LangGraph versions before `taskPath` existed call without it, and `""`
 * sorts those writes the way they always did.
 */
export function assertPendingWritesInput(
  writes: readonly PendingWrite[],
  taskId: unknown,
  taskPath: unknown,
): string {
  checkIdString(taskId, "taskId");
  const path =
    taskPath === undefined || taskPath === null ? "" : checkIdString(taskPath, "taskPath");
  if (!Array.isArray(writes)) {
    throw new InvalidConfigError(`writes must be an array, got ${describeType(writes)}`, {
      field: "writes",
    });
  }
  writes.forEach((write, index) => {
    if (!Array.isArray(write) || write.length < 2) {
      throw new InvalidConfigError(`writes[${index}] must be a [channel, value] pair`, {
        field: `writes[${index}]`,
      });
    }
    const channel = checkIdString(write[0], `writes[${index}] channel`);
    refuseUnstorable(write[1], `writes[${index}] (${channel})`);
  });
  return path;
}
