import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "./errors/invalid-config-error.js";

/** The checkpoint address a `RunnableConfig` names. */
export interface ThreadConfig {
  threadId: string;
  /** `""` is the root graph's namespace. */
  checkpointNs: string;
  /** Undefined means "the latest checkpoint". */
  checkpointId: string | undefined;
}

function readOptionalString(config: RunnableConfig, field: string): string | undefined {
  const value = config.configurable?.[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" && typeof value !== "number") {
    throw new InvalidConfigError(`configurable.${field} must be a string, got ${typeof value}`, {
      field: `configurable.${field}`,
    });
  }
  return String(value);
}

/** Reads thread id, namespace and optional checkpoint id; throws `InvalidConfigError` without a thread id. */
export function readThreadConfig(config: RunnableConfig): ThreadConfig {
  const threadId = readOptionalString(config, "thread_id");
  if (threadId === undefined) {
    throw new InvalidConfigError("configurable.thread_id is required", {
      field: "configurable.thread_id",
    });
  }
  return {
    threadId,
    checkpointNs: readOptionalString(config, "checkpoint_ns") ?? "",
    checkpointId: readOptionalString(config, "checkpoint_id"),
  };
}

/** Like `readThreadConfig`, but `checkpoint_id` is required too (`putWrites` targets one checkpoint). */
export function readCheckpointConfig(
  config: RunnableConfig,
): ThreadConfig & { checkpointId: string } {
  const thread = readThreadConfig(config);
  if (thread.checkpointId === undefined) {
    throw new InvalidConfigError("configurable.checkpoint_id is required", {
      field: "configurable.checkpoint_id",
    });
  }
  return { ...thread, checkpointId: thread.checkpointId };
}
