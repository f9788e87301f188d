import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "./errors/invalid-config-error.js";
import { checkIdString, readThreadIdArgument } from "./input/well-formed-id.js";

/** The checkpoint address a `RunnableConfig` names. */
export interface ThreadConfig {
  threadId: string;
  /** `""` is the root graph's namespace. */
  checkpointNs: string;
  /** Undefined means "the latest checkpoint". */
  checkpointId: string | undefined;
}

function readOptionalId(config: RunnableConfig, field: string): string | undefined {
  const value = config.configurable?.[field];
  if (value === undefined || value === null) return undefined;
  return readThreadIdArgument(value, `configurable.${field}`);
}

/**
 * Reads thread id, namespace and optional checkpoint id; throws `InvalidConfigError` without a
 * thread id, or with an id no backend can store exactly (see `checkIdString`).
 */
export function readThreadConfig(config: RunnableConfig): ThreadConfig {
  const threadId = readOptionalId(config, "thread_id");
  if (threadId === undefined) {
    throw new InvalidConfigError("configurable.thread_id is required", {
      field: "configurable.thread_id",
    });
  }
  const namespace = config.configurable?.checkpoint_ns;
  return {
    threadId,
    checkpointNs:
      namespace === undefined || namespace === null
        ? ""
        : checkIdString(namespace, "configurable.checkpoint_ns"),
    checkpointId: readOptionalId(config, "checkpoint_id"),
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
