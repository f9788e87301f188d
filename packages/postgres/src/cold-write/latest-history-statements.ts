import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { buildPutManyBatch } from "../put-many-batch.js";
import type { SchemaName } from "../schema-name.js";
import { type BuiltStatement, buildWriteBatchStatement } from "../sql/write-statements.js";
import type { FencedBatch } from "./fenced-records.js";

/**
 * The statements that store a fenced batch into a saver with `history: "latest"`, run in
 * order inside the cold writer's transaction: one per checkpoint, in the batch's order, each
 * trimming what it supersedes in its (thread, namespace) exactly as the saver's own `put`
 * does (and storing nothing when a newer checkpoint is already there, so a late or replayed
 * flush never brings an older one back), then one for the writes, which drops writes to
 * checkpoints superseded by then. One statement per checkpoint, because the trim keeps one
 * checkpoint per namespace and a child in the same batch may carry only its new values:
 * its parent's statement must have stored the values it still names.
 */
export async function latestHistoryStatements(
  serde: SerializerProtocol,
  schema: SchemaName,
  batch: FencedBatch,
): Promise<BuiltStatement[]> {
  const statements: BuiltStatement[] = [];
  for (const checkpoint of batch.checkpoints) {
    const rows = await buildPutManyBatch(serde, { checkpoints: [checkpoint], writes: [] });
    const statement = buildWriteBatchStatement(schema, { ...rows, latestOnly: true });
    if (statement !== undefined) statements.push(statement);
  }
  const writeRows = await buildPutManyBatch(serde, { checkpoints: [], writes: batch.writes });
  const writes = buildWriteBatchStatement(schema, { ...writeRows, latestOnly: true });
  if (writes !== undefined) statements.push(writes);
  return statements;
}
