import { decodeStoredSize } from "@checkpointkit/core";
import type { RedisKeyLayout } from "./redis-keys.js";
import type { RedisOutboxEntry } from "./redis-outbox.js";
import type { RedisClient } from "./redis-saver-options.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import {
  decodeChannelValueFrame,
  decodeRecordFrame,
  decodeWriteFrame,
  type SerializedValue,
  type StoredCheckpointRecord,
  type StoredWrite,
} from "./stored-records.js";

/**
 * A channel value as Redis holds it: serialized, `undefined` when the channel is empty at
 * its version, or `"missing"` when the record names a version whose value Redis does not
 * hold (a `put` whose `newVersions` left the channel out, or an evicted key). A copy must
 * not turn a missing value into an empty one.
 */
export type StoredChannelValue = SerializedValue | undefined | "missing";

/**
 * What Redis holds for one outbox entry: a `put` entry's checkpoint with a value per channel
 * of `record.channels`, a `writes` entry's task writes (in no particular order),
 * `superseded` when Redis no longer holds the record because a newer checkpoint of its
 * namespace is stored (`history: "latest"` trimmed it, or `prune` removed it), or `corrupt`
 * when the stored bytes cannot be read (the other entries are still read).
 */
export type SerializedRecordRead =
  | {
      kind: "checkpoint";
      record: StoredCheckpointRecord;
      values: StoredChannelValue[];
      /**
       * The channels the `put` stored new versions of, from its size record; undefined when
       * it has none (written before sizes were recorded).
       */
      introducedChannels?: string[];
    }
  | { kind: "writes"; writes: StoredWrite[] }
  | { kind: "superseded" }
  | { kind: "corrupt"; error: unknown };

/** The fields of an outbox entry that name a record; `delete` and `copy` entries name none. */
export type SerializedRecordRequest = Pick<
  RedisOutboxEntry,
  "kind" | "checkpointNs" | "checkpointId" | "taskId"
>;

type ReplyItem =
  | []
  | [superseded: 0]
  | [record: Buffer, values: (Buffer | null)[], size: Buffer | string | null]
  | [writes: (Buffer | null)[]];

/**
 * Reads what outbox entries of ONE thread name, in one round trip, values still serialized:
 * for an outbox consumer that copies records to another store (the tiered flusher) without
 * paying for a deserialize and serialize of every value. One result per request, in order:
 * `superseded` when a newer checkpoint of the namespace replaced it; undefined when Redis
 * no longer holds the record otherwise (deleted, expired), for a task without writes, and for
 * `delete` and `copy` entries.
 *
 * Rejects when the script fails (Redis unreachable, or a stored frame so garbled that the
 * script cannot find a record's channels); runs without the saver's `commandTimeoutMs`.
 */
export async function readSerializedRecords(
  client: RedisClient,
  keyLayout: RedisKeyLayout,
  threadId: string,
  requests: readonly SerializedRecordRequest[],
): Promise<(SerializedRecordRead | undefined)[]> {
  const positions = requests.flatMap(({ kind }, position) =>
    kind === "put" || kind === "writes" ? [position] : [],
  );
  const results: (SerializedRecordRead | undefined)[] = requests.map(() => undefined);
  if (positions.length === 0) return results;
  const args: string[] = [String(positions.length)];
  for (const position of positions) {
    const request = requests[position]!;
    args.push(
      request.checkpointNs,
      request.checkpointId,
      request.kind === "put" ? "" : request.taskId,
    );
  }
  const reply = (await REDIS_SCRIPTS.readSerializedRecords.run(
    client,
    keyLayout.scriptKeys(threadId),
    args,
  )) as ReplyItem[];
  positions.forEach((position, index) => {
    results[position] = decodeOrReport(requests[position]!, reply[index], threadId);
  });
  return results;
}

function decodeOrReport(
  request: SerializedRecordRequest,
  item: ReplyItem | undefined,
  threadId: string,
): SerializedRecordRead | undefined {
  try {
    return decodeReplyItem(request, item, threadId);
  } catch (error) {
    return { kind: "corrupt", error };
  }
}

function decodeReplyItem(
  request: SerializedRecordRequest,
  item: ReplyItem | undefined,
  threadId: string,
): SerializedRecordRead | undefined {
  if (!Array.isArray(item) || item.length === 0) return undefined;
  if (item[0] === 0) return { kind: "superseded" };
  const location = `thread ${JSON.stringify(threadId)} checkpoint ${JSON.stringify(request.checkpointId)}`;
  if (request.kind === "put") {
    const [recordFrame, valueFrames, sizeRecord] = item as [
      Buffer,
      (Buffer | null)[],
      Buffer | string | null | undefined,
    ];
    const record = decodeRecordFrame(recordFrame, location);
    const values = record.channels.map(({ channel }, index): StoredChannelValue => {
      const frame = valueFrames[index];
      return Buffer.isBuffer(frame)
        ? decodeChannelValueFrame(frame, `${location} channel ${JSON.stringify(channel)}`)
        : "missing";
    });
    if (sizeRecord === null || sizeRecord === undefined) {
      return { kind: "checkpoint", record, values };
    }
    const size = decodeStoredSize(sizeRecord.toString(), {
      threadId,
      checkpointNs: request.checkpointNs,
      checkpointId: request.checkpointId,
    });
    const introducedChannels = size.channels.map(({ channel }) => channel);
    return { kind: "checkpoint", record, values, introducedChannels };
  }
  const [writeFrames] = item as [(Buffer | null)[]];
  const writes = writeFrames
    .filter((frame): frame is Buffer => Buffer.isBuffer(frame))
    .map((frame) => decodeWriteFrame(frame, `${location} write`));
  return writes.length === 0 ? undefined : { kind: "writes", writes };
}
