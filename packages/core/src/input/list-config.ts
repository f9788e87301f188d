import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { checkIdString, readThreadIdArgument } from "./well-formed-id.js";

/** What a `list` call is narrowed to; `undefined` fields do not narrow it. */
export interface ListScope {
  threadId: string | undefined;
  /** `undefined` lists every namespace; `""` only the root graph's. */
  checkpointNs: string | undefined;
  checkpointId: string | undefined;
}

/**
 * Reads the `configurable` of a `list` call. `checkpoint_ns` of `undefined` or `null` means
 * "every namespace" in every saver (LangGraph's own savers treat both alike), so a config that
 * went through JSON (where `undefined` becomes `null`) lists the same checkpoints.
 */
export function readListScope(config: RunnableConfig | undefined): ListScope {
  const configurable = config?.configurable ?? {};
  if (typeof configurable !== "object") {
    throw new InvalidConfigError("configurable must be an object", { field: "configurable" });
  }
  return {
    threadId: optional(configurable.thread_id, (value) =>
      readThreadIdArgument(value, "configurable.thread_id"),
    ),
    checkpointNs: readListNamespace(config),
    checkpointId: optional(configurable.checkpoint_id, (value) =>
      readThreadIdArgument(value, "configurable.checkpoint_id"),
    ),
  };
}

/** The namespace a `list` call is narrowed to, or `undefined` for every namespace. */
export function readListNamespace(config: RunnableConfig | undefined): string | undefined {
  return optional(config?.configurable?.checkpoint_ns, (value) =>
    checkIdString(value, "configurable.checkpoint_ns"),
  );
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}
