import { CorruptCheckpointError } from "@checkpointkit/core";
import { readListScope, readThreadIdArgument } from "@checkpointkit/core/internal";
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
 * Decodes one page. A row that cannot be decoded is handed to `onCorrupt` and left out, so
 * one corrupt checkpoint (or thread) never hides the others; any other error is thrown.
 */
async function decodePage(
  saver: PostgresSaver,
  rows: readonly TupleRow[],
  onCorrupt: (error: CorruptCheckpointError) => void,
): Promise<CheckpointTuple[]> {
  const outcomes = await Promise.allSettled(rows.map((row) => saver.decodeRow(row)));
  const tuples: CheckpointTuple[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") tuples.push(outcome.value);
    else if (CorruptCheckpointError.isInstance(outcome.reason)) onCorrupt(outcome.reason);
    else throw outcome.reason;
  }
  return tuples;
}

/**
 * `list`, one query per page: at most `listPageSize` rows are fetched and decoded at a
 * time, and the next page is requested only when the consumer has taken the previous one.
 * Corrupt checkpoints are skipped: reported to `onCorruptRecord` when the saver has one,
 * else the first is thrown once every healthy checkpoint has been yielded. `limit` counts
 * the checkpoints yielded.
 */
export async function* listTuples(
  saver: PostgresSaver,
  config: RunnableConfig,
  options: CheckpointListOptions,
): AsyncGenerator<CheckpointTuple> {
  const selection = listSelection(config, options);
  let firstCorrupt: CorruptCheckpointError | undefined;
  const onCorrupt = (error: CorruptCheckpointError) => {
    if (saver.onCorruptRecord !== undefined) saver.onCorruptRecord(error);
    else firstCorrupt ??= error;
  };
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let cursor: ListCursor | undefined;
  while (remaining > 0) {
    const pageSize = Math.min(saver.listPageSize, remaining);
    const rows = await saver.runner.run<TupleRow>(
      "list",
      buildListPageStatement(saver.schema, selection, cursor, pageSize),
    );
    const tuples = await decodePage(saver, rows, onCorrupt);
    for (const tuple of tuples) yield tuple;
    remaining -= tuples.length;
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < pageSize) break;
    cursor = {
      threadId: last.thread_id,
      checkpointNs: last.checkpoint_ns,
      checkpointId: last.checkpoint_id,
    };
  }
  if (firstCorrupt !== undefined) throw firstCorrupt;
}
