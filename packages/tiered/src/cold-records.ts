import type {
  StoredChannelValue,
  StoredCheckpointRecord,
  StoredWrite,
} from "@checkpointkit/redis/internal";
import { WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import type { ColdCheckpointRecord, ColdWritesRecord } from "./cold-tier.js";

type ColdChannelValue = ColdCheckpointRecord["channelValues"][number];

import { entryIdTimeMs } from "./entry-id.js";

export interface RecordAddress {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  entryId: string;
}

export function checkpointRecordFromHot(
  address: RecordAddress,
  record: StoredCheckpointRecord,
  values: readonly StoredChannelValue[],
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
  };
}

/**
 * The cold tiers take a task's writes as a list and give each regular write its position as
 * index (special channels have fixed negative indexes). The hot tier stores the index, so
 * the list is rebuilt with every regular write at its index and the special writes in the
 * gaps, which gives every write back exactly the index it had.
 */
export function writesRecordFromHot(
  address: RecordAddress & { taskId: string },
  writes: readonly StoredWrite[],
): ColdWritesRecord {
  const regular = writes.filter((write) => !(write.channel in WRITES_IDX_MAP));
  const special = writes.filter((write) => write.channel in WRITES_IDX_MAP);
  const size = Math.max(regular.length + special.length, ...regular.map((write) => write.idx + 1));
  const slots: (StoredWrite | undefined)[] = new Array(size).fill(undefined);
  for (const write of regular) slots[write.idx] = write;
  const spare = [...special];
  for (let position = 0; position < slots.length; position++) {
    if (slots[position] === undefined) slots[position] = spare.shift() ?? special[0];
  }
  // Gaps outnumbering special writes can only come from special writes replaced in place;
  // repeating one fills them harmlessly (same channel, same fixed index, same value).
  const ordered = [...slots, ...spare].filter((write): write is StoredWrite => write !== undefined);
  return {
    ...address,
    taskPath: writes[0]?.taskPath ?? "",
    // When Redis accepted the writes: the write's own time, as checkpoint.ts is the checkpoint's.
    createdAt: new Date(entryIdTimeMs(address.entryId)),
    writes: ordered.map((write) => ({ channel: write.channel, value: write.value })),
  };
}
