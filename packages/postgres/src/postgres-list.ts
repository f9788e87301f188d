import { readListScope, readThreadIdArgument } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { metadataFilterParameters } from "./metadata-projection.js";
import type { PostgresSaver } from "./postgres-saver.js";
import {
  buildListPageStatement,
  type ListCursor,
  type ListSelection,
} from "./sql/list-page-statement.js";
import type { TupleRow } from "./sql/tuple-select.js";
import { toStoredText } from "./stored-text.js";

/** `options.before`'s checkpoint id, as a list bound; undefined when not given. */
function optionalConfigString(
  config: RunnableConfig | undefined,
  field: string,
): string | undefined {
  const value = config?.configurable?.[field];
  if (value === undefined || value === null) return undefined;
  return toStoredText(readThreadIdArgument(value, `before.configurable.${field}`));
}

function listSelection(config: RunnableConfig, options: CheckpointListOptions): ListSelection {
  const scope = readListScope(config);
  const checkpointId =
    scope.checkpointId === undefined ? undefined : toStoredText(scope.checkpointId);
  const beforeCheckpointId = optionalConfigString(options.before, "checkpoint_id");
  return {
    threadId: scope.threadId === undefined ? undefined : toStoredText(scope.threadId),
    checkpointNs: scope.checkpointNs === undefined ? undefined : toStoredText(scope.checkpointNs),
    checkpointId: checkpointId === "" ? undefined : checkpointId,
    beforeCheckpointId: beforeCheckpointId === "" ? undefined : beforeCheckpointId,
    filter: options.filter === undefined ? undefined : metadataFilterParameters(options.filter),
  };
}

/**
 * `list`, one query per page: at most `listPageSize` rows are fetched and decoded at a
 * time, and the next page is requested only when the consumer has taken the previous one.
 */
export async function* listTuples(
  saver: PostgresSaver,
  config: RunnableConfig,
  options: CheckpointListOptions,
): AsyncGenerator<CheckpointTuple> {
  const selection = listSelection(config, options);
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let cursor: ListCursor | undefined;
  while (remaining > 0) {
    const pageSize = Math.min(saver.listPageSize, remaining);
    const rows = await saver.runner.run<TupleRow>(
      "list",
      buildListPageStatement(saver.schema, selection, cursor, pageSize),
    );
    const tuples = await Promise.all(rows.map((row) => saver.decodeRow(row)));
    for (const tuple of tuples) yield tuple;
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < pageSize) return;
    cursor = {
      threadId: last.thread_id,
      checkpointNs: last.checkpoint_ns,
      checkpointId: last.checkpoint_id,
    };
  }
}
