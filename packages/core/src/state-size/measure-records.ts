import { introducedChannelValues } from "../records/introduced-values.js";
import type {
  SerializedCheckpointRecord,
  SerializedWritesRecord,
} from "../records/serialized-records.js";
import type { MeasuredWrite } from "./state-size-guard.js";

/*
 * Sizes of records stored as the serde wrote them (no compression): what the PostgreSQL
 * saver and a cold tier store. Savers that compress measure their own frames instead.
 */

/**
 * One `put`'s record: its new channel values (only `introducedChannels` when the record names
 * them: a cold write may ship unchanged ones too), plus the checkpoint and metadata as overhead.
 */
export function measureCheckpointRecord(record: SerializedCheckpointRecord): MeasuredWrite {
  return {
    operation: "put",
    threadId: record.threadId,
    checkpointNs: record.checkpointNs,
    checkpointId: record.checkpointId,
    channels: introducedChannelValues(record).map(({ channel, value }) => {
      const bytes = value?.bytes.byteLength ?? 0;
      return { channel, bytes, storedBytes: bytes };
    }),
    overheadBytes: record.checkpoint.bytes.byteLength + record.metadata.bytes.byteLength,
  };
}

/** One `putWrites`'s record: each write counted under its channel. */
export function measureWritesRecord(record: SerializedWritesRecord): MeasuredWrite {
  return {
    operation: "putWrites",
    threadId: record.threadId,
    checkpointNs: record.checkpointNs,
    checkpointId: record.checkpointId,
    channels: record.writes.map(({ channel, value }) => ({
      channel,
      bytes: value.bytes.byteLength,
      storedBytes: value.bytes.byteLength,
    })),
    overheadBytes: 0,
  };
}
