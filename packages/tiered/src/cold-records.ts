import type {
  StoredChannelValue,
  StoredCheckpointRecord,
  StoredWrite,
} from "@checkpointkit/redis/internal";
import type { ColdCheckpointRecord, ColdWritesRecord } from "./cold-tier.js";

type ColdChannelValue = ColdCheckpointRecord["channelValues"][number];

import { entryIdTimeMs } from "./entry-id.js";

export interface RecordAddress {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  entryId: string;
}

/**
 * A checkpoint as the hot tier holds it. `introducedChannels` (from the put's size record)
 * travel with it, so a cold record shipping every channel still counts only the put's own.
 */
export function checkpointRecordFromHot(
  address: RecordAddress,
  record: StoredCheckpointRecord,
  values: readonly StoredChannelValue[],
  introducedChannels?: readonly string[],
): ColdCheckpointRecord {
  const channelValues: ColdChannelValue[] = [];
  record.channels.forEach(({ channel, version }, index) => {
    const value = values[index];
    // Never stored in Redis: whoever stored that version wrote it to the cold tier too.
    if (value !== "missing") channelValues.push({ channel, version, value });
  });
  return {
    ...address,
    parentCheckpointId: record.parentCheckpointId,
    checkpoint: record.checkpoint,
    metadata: record.metadata,
    channelValues,
    createdAt: new Date(record.writtenAtMs),
    ...(introducedChannels === undefined ? {} : { introducedChannels }),
  };
}

/**
 * A task's writes as the hot tier holds them, each with the index it is stored under, which
 * the cold tiers keep (no list is rebuilt to give the indexes back by position). In index
 * order, so records read back the same whatever order Redis returned them in.
 */
export function writesRecordFromHot(
  address: RecordAddress & { taskId: string },
  writes: readonly StoredWrite[],
): ColdWritesRecord {
  const ordered = [...writes].sort((a, b) => a.idx - b.idx);
  return {
    ...address,
    taskPath: writes[0]?.taskPath ?? "",
    // When Redis accepted the writes: the write's own time, as checkpoint.ts is the checkpoint's.
    createdAt: new Date(entryIdTimeMs(address.entryId)),
    writes: ordered.map(({ channel, value, idx }) => ({ channel, value, idx })),
  };
}
