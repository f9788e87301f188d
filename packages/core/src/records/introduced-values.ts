import type { SerializedChannelValue, SerializedCheckpointRecord } from "./serialized-records.js";

/**
 * The values a checkpoint record's size record counts: those of `introducedChannels` when
 * the record names them (it may ship unchanged channels too), else every value it carries.
 */
export function introducedChannelValues(
  record: Pick<SerializedCheckpointRecord, "channelValues" | "introducedChannels">,
): readonly SerializedChannelValue[] {
  const introduced = record.introducedChannels;
  if (introduced === undefined) return record.channelValues;
  const channels = new Set(introduced);
  return record.channelValues.filter(({ channel }) => channels.has(channel));
}
