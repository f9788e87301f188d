import type { RedisOutboxEntry } from "@checkpointkit/redis";
import { readSerializedRecords, type SerializedRecordRead } from "@checkpointkit/redis/internal";
import { checkpointRecordFromHot, writesRecordFromHot } from "./cold-records.js";
import type { ColdCheckpointRecord, ColdWritesRecord } from "./cold-tier.js";
import type { FlushContext, PoisonEntry } from "./flush-pipeline.js";
import type { ThreadPlan } from "./flush-plan.js";

/** One record read from Redis, ready for the cold tier. */
export interface PendingRecord {
  entry: RedisOutboxEntry;
  checkpoint?: {
    /** With every channel value Redis holds for the checkpoint's versions. */
    full: ColdCheckpointRecord;
    /** Every channel of the checkpoint's `channel_versions`, with its version. */
    versions: ReadonlyMap<string, number | string>;
    /** Only the values whose version differs from the parent's: its `newVersions`. */
    newValues: ColdCheckpointRecord["channelValues"];
    /**
     * What shipping only `newValues` relies on: the parent's record in this same flush, or
     * `"shipped"` when this process already committed the parent. Undefined: no parent
     * known, every value is shipped.
     */
    reliesOn: PendingRecord | "shipped" | undefined;
  };
  writes?: ColdWritesRecord;
}

/** What reading a flush's records gave. */
export interface RecordsRead {
  records: PendingRecord[];
  /** Entries whose data Redis no longer holds. */
  missing: RedisOutboxEntry[];
  poison: PoisonEntry[];
}

/**
 * Reads what the plans' record entries name from Redis (one script per thread, values still
 * serialized) and builds cold records, each checkpoint knowing which of its values are new.
 * Throws a typed error when Redis did not serve a read (the caller retries).
 */
export async function readRecords(
  context: FlushContext,
  plans: readonly ThreadPlan[],
): Promise<RecordsRead> {
  const read: RecordsRead = { records: [], missing: [], poison: [] };
  const perThread = await Promise.all(
    plans.map(async (plan) => {
      if (plan.records.length === 0) return [];
      return context.redis.call("flush read", (client) =>
        readSerializedRecords(client, context.keyLayout, plan.threadId, plan.records),
      );
    }),
  );
  plans.forEach((plan, index) => {
    const lastCheckpoint = new Map<string, PendingRecord>();
    plan.records.forEach((entry, position) => {
      const stored = perThread[index]![position];
      if (stored === undefined) {
        read.missing.push(entry);
        return;
      }
      // A newer checkpoint of the namespace trimmed it (history "latest"): that checkpoint's
      // own entry, later in the stream, carries the namespace to the cold tier. Acknowledged.
      if (stored.kind === "superseded") return;
      if (stored.kind === "corrupt") {
        read.poison.push({ entry, error: stored.error });
        return;
      }
      const record = buildRecord(context, entry, stored, lastCheckpoint);
      read.records.push(record);
      if (record.checkpoint !== undefined) lastCheckpoint.set(entry.checkpointNs, record);
    });
  });
  return read;
}

function buildRecord(
  context: FlushContext,
  entry: RedisOutboxEntry,
  stored: Exclude<SerializedRecordRead, { kind: "corrupt" } | { kind: "superseded" }>,
  lastCheckpoint: ReadonlyMap<string, PendingRecord>,
): PendingRecord {
  const address = {
    threadId: entry.threadId,
    checkpointNs: entry.checkpointNs,
    checkpointId: entry.checkpointId,
    entryId: entry.entryId,
  };
  if (stored.kind === "writes") {
    return {
      entry,
      writes: writesRecordFromHot({ ...address, taskId: entry.taskId }, stored.writes),
    };
  }
  const full = checkpointRecordFromHot(
    address,
    stored.record,
    stored.values,
    stored.introducedChannels,
  );
  const parentId = full.parentCheckpointId;
  const inFlush = lastCheckpoint.get(entry.checkpointNs);
  let reliesOn: PendingRecord | "shipped" | undefined;
  let parentVersions: ReadonlyMap<string, number | string> | undefined;
  if (inFlush?.checkpoint !== undefined && inFlush.entry.checkpointId === parentId) {
    reliesOn = inFlush;
    parentVersions = inFlush.checkpoint.versions;
  } else {
    parentVersions = context.shippedHeads.parentVersions(
      entry.threadId,
      entry.checkpointNs,
      parentId,
    );
    if (parentVersions !== undefined) reliesOn = "shipped";
  }
  const newValues =
    parentVersions === undefined
      ? full.channelValues
      : full.channelValues.filter(
          ({ channel, version }) => !sameVersion(parentVersions.get(channel), version),
        );
  const versions = new Map(
    stored.record.channels.map(({ channel, version }) => [channel, version as number | string]),
  );
  return { entry, checkpoint: { full, versions, newValues, reliesOn } };
}

function sameVersion(a: number | string | undefined, b: number | string): boolean {
  return a !== undefined && String(a) === String(b);
}
