import { InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions } from "@langchain/langgraph-checkpoint";
import type { ListQuery } from "./checkpoint-lister.js";

function optionalString(config: RunnableConfig | undefined, field: string): string | undefined {
  const value = config?.configurable?.[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" && typeof value !== "number") {
    throw new InvalidConfigError(`configurable.${field} must be a string, got ${typeof value}`, {
      field: `configurable.${field}`,
    });
  }
  return String(value);
}

/** Reads `list`'s arguments; unlike other calls, `thread_id` and `checkpoint_ns` are optional. */
export function readListQuery(config: RunnableConfig, options?: CheckpointListOptions): ListQuery {
  const limit = options?.limit;
  if (limit !== undefined && !Number.isInteger(limit)) {
    throw new InvalidConfigError(`limit must be an integer, got ${limit}`, { field: "limit" });
  }
  const filter = options?.filter;
  if (filter !== undefined && (typeof filter !== "object" || filter === null)) {
    throw new InvalidConfigError("filter must be an object", { field: "filter" });
  }
  return {
    threadId: optionalString(config, "thread_id"),
    checkpointNs: optionalString(config, "checkpoint_ns"),
    checkpointId: optionalString(config, "checkpoint_id"),
    beforeId: optionalString(options?.before, "checkpoint_id"),
    limit,
    filter: filter === undefined || Object.keys(filter).length === 0 ? undefined : filter,
  };
}
