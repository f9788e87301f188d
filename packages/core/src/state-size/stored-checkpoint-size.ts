import { CorruptCheckpointError } from "../errors/corrupt-checkpoint-error.js";
import { type MeasuredWrite, shownId } from "./state-size-guard.js";
import type { ChannelSize } from "./state-size-options.js";

/**
 * What a saver records, in the same write, of one `put`'s stored size: the new channel
 * values it stored (bytes the serde produced and bytes stored after compression) and its
 * checkpoint and metadata records. Pending writes are not part of it.
 */
export interface StoredCheckpointSize {
  checkpointNs: string;
  checkpointId: string;
  /** The channel values this `put` stored (channels it did not change are not listed). */
  channels: ChannelSize[];
  /** Stored bytes of the checkpoint and metadata records. */
  overheadBytes: number;
  /** `overheadBytes` plus every channel's `storedBytes`. */
  storedBytes: number;
}

/** The record of a measured `put` (see `measureCheckpointRecord` or a saver's own frames). */
export function storedSizeOf(write: MeasuredWrite): StoredCheckpointSize {
  const channels = write.channels.map(({ channel, bytes, storedBytes }) => ({
    channel,
    bytes,
    storedBytes,
  }));
  return {
    checkpointNs: write.checkpointNs,
    checkpointId: write.checkpointId,
    channels,
    overheadBytes: write.overheadBytes,
    storedBytes: channels.reduce((sum, size) => sum + size.storedBytes, write.overheadBytes),
  };
}

/** Format version of the encoded record; a reader refuses versions it does not know. */
const SIZE_RECORD_VERSION = 1;

/**
 * The record as every saver stores it: compact JSON `{"v":1,"o":overhead,"c":[[channel,
 * bytes,storedBytes],…]}`, the same text in a Redis hash, a PostgreSQL column or a Cosmos
 * item, so a tool reading one backend reads them all. The address is not repeated: it is
 * where the record is stored.
 */
export function encodeStoredSize(size: StoredCheckpointSize): string {
  return JSON.stringify({
    v: SIZE_RECORD_VERSION,
    o: size.overheadBytes,
    c: size.channels.map(({ channel, bytes, storedBytes }) => [channel, bytes, storedBytes]),
  });
}

function isByteCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isChannelEntry(entry: unknown): entry is [string, number, number] {
  return (
    Array.isArray(entry) &&
    entry.length === 3 &&
    typeof entry[0] === "string" &&
    isByteCount(entry[1]) &&
    isByteCount(entry[2])
  );
}

/**
 * Reads what `encodeStoredSize` wrote, for the checkpoint at this address. Damaged text is a
 * `CorruptCheckpointError` naming the checkpoint; checkpoints written before sizes were
 * recorded have no text, and savers return `undefined` for them without calling this.
 */
export function decodeStoredSize(
  text: string,
  address: { threadId: string; checkpointNs: string; checkpointId: string },
): StoredCheckpointSize {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = parsed as { v?: unknown; o?: unknown; c?: unknown } | undefined;
  if (
    record === undefined ||
    record === null ||
    typeof record !== "object" ||
    record.v !== SIZE_RECORD_VERSION ||
    !isByteCount(record.o) ||
    !Array.isArray(record.c) ||
    !record.c.every(isChannelEntry)
  ) {
    throw new CorruptCheckpointError(
      `the stored size record of checkpoint ${shownId(address.checkpointId)} ` +
        `(namespace ${shownId(address.checkpointNs)}) of thread ${shownId(address.threadId)} ` +
        "is damaged",
    );
  }
  return storedSizeOf({
    operation: "put",
    threadId: address.threadId,
    checkpointNs: address.checkpointNs,
    checkpointId: address.checkpointId,
    channels: (record.c as [string, number, number][]).map(([channel, bytes, storedBytes]) => ({
      channel,
      bytes,
      storedBytes,
    })),
    overheadBytes: record.o,
  });
}
