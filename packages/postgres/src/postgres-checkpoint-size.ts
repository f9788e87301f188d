import { decodeStoredSize, type StoredCheckpointSize } from "@checkpointkit/core";
import { readThreadConfig } from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { SchemaName } from "./schema-name.js";
import {
  buildCheckpointSizeStatement,
  type CheckpointSizeRow,
} from "./sql/checkpoint-size-statement.js";
import type { StatementRunner } from "./statement-runner.js";
import { fromStoredText, toStoredText } from "./stored-text.js";

/**
 * `getCheckpointSize`: the record the checkpoint's put stored (the latest checkpoint of the
 * namespace without `checkpoint_id`), in one statement; undefined when there is no such
 * checkpoint or it was written before size records.
 */
export async function postgresCheckpointSize(
  schema: SchemaName,
  runner: StatementRunner,
  config: RunnableConfig,
): Promise<StoredCheckpointSize | undefined> {
  const { threadId, checkpointNs, checkpointId } = readThreadConfig(config);
  const [row] = await runner.run<CheckpointSizeRow>(
    "getCheckpointSize",
    buildCheckpointSizeStatement(
      schema,
      toStoredText(threadId),
      toStoredText(checkpointNs),
      checkpointId === undefined || checkpointId === "" ? undefined : toStoredText(checkpointId),
    ),
  );
  if (row === undefined || row.stored_size === null) return undefined;
  return decodeStoredSize(row.stored_size, {
    threadId,
    checkpointNs: fromStoredText(row.checkpoint_ns),
    checkpointId: fromStoredText(row.checkpoint_id),
  });
}
