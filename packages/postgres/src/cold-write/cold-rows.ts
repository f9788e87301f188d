import { encodeStoredSize, measureCheckpointRecord, storedSizeOf } from "@checkpointkit/core";
import { introducedChannelValues } from "@checkpointkit/core/internal";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { buildPutManyBatch } from "../put-many-batch.js";
import type { PutManyInput, SerializedCheckpointRecord } from "../serialized-records.js";
import type { WriteBatch } from "../sql/write-statements.js";
import { toStoredText } from "../stored-text.js";

/**
 * The rows of a cold batch. A record that names its `introducedChannels` may ship channels
 * its put did not change (the flusher ships a checkpoint self-contained when it cannot rely
 * on its parent): its size record counts only the introduced ones, as the hot tier's does.
 */
export async function buildColdRows(
  serde: SerializerProtocol,
  input: PutManyInput,
): Promise<WriteBatch> {
  const rows = await buildPutManyBatch(serde, input);
  const naming = new Map<string, SerializedCheckpointRecord>();
  for (const record of input.checkpoints ?? []) {
    // The last record of a key wins, as it does in the rows.
    const { threadId, checkpointNs, checkpointId } = record;
    naming.set(rowKey([threadId, checkpointNs, checkpointId].map(toStoredText)), record);
  }
  for (const row of rows.checkpoints) {
    const record = naming.get(rowKey([row.threadId, row.checkpointNs, row.checkpointId]));
    if (record?.introducedChannels === undefined) continue;
    const size = storedSizeOf(
      measureCheckpointRecord({ ...record, channelValues: introducedChannelValues(record) }),
    );
    row.storedSize = encodeStoredSize(size);
    row.storedBytes = size.storedBytes;
  }
  return rows;
}

/** A checkpoint row's key, from its stored (PostgreSQL-safe) thread, namespace and id. */
function rowKey(storedAddress: readonly string[]): string {
  return JSON.stringify(storedAddress);
}
