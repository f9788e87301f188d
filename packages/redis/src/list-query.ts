import { InvalidConfigError } from "@checkpointkit/core";
import { readListScope, readThreadIdArgument } from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions } from "@langchain/langgraph-checkpoint";
import type { ListQuery } from "./checkpoint-lister.js";

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
  const before = options?.before?.configurable?.checkpoint_id;
  return {
    ...readListScope(config),
    beforeId:
      before === undefined || before === null
        ? undefined
        : readThreadIdArgument(before, "before.configurable.checkpoint_id"),
    limit,
    filter: filter === undefined || Object.keys(filter).length === 0 ? undefined : filter,
  };
}
