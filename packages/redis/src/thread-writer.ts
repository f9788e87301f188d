import {
  type ChannelSize,
  encodeKeyPart,
  encodeStoredSize,
  isUpsertWrite,
  type MeasuredWrite,
  type StateSizeGuard,
  storedSizeOf,
  storedWriteIndex,
} from "@checkpointkit/core";
import {
  type FenceRefusal,
  fenceConflictError,
  type WriteFence,
} from "@checkpointkit/core/internal";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  copyCheckpoint,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { LuaScript, ScriptArgument } from "./lua-script.js";
import type { RecordCodec } from "./record-codec.js";
import type { RedisKeyLayout } from "./redis-keys.js";
import {
  outboxEntryFromReply,
  type RedisOutboxEntry,
  type RedisOutboxEntryKind,
} from "./redis-outbox.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { versionToken } from "./version-token.js";

/** Runs one of the saver's scripts on a thread's keys, bounded and with typed errors. */
export type ThreadScriptRunner = (
  operation: string,
  script: LuaScript,
  threadId: string,
  args: ScriptArgument[],
  /** KEYS after the thread's script keys (same hash slot), e.g. copyThread's scratch keys. */
  extraKeys?: string[],
) => Promise<unknown>;

export interface ThreadWriterOptions {
  keyLayout: RedisKeyLayout;
  codec: RecordCodec;
  run: ThreadScriptRunner;
  /** Milliseconds as the scripts take them; "0" = no TTL. */
  ttlMs: string;
  /** "" = no outbox, "0" = outbox without trimming, n = MAXLEN ~ n. */
  outboxMode: string;
  /** `history: "latest"`: puts trim what they supersede, writes to a superseded checkpoint are dropped. */
  latestOnly: boolean;
  /** Checked on the encoded frames before the script runs; none for restores. */
  stateSize?: StateSizeGuard;
}

/** Where a checkpoint goes: its thread, namespace, and the checkpoint it follows. */
export interface CheckpointTarget {
  threadId: string;
  checkpointNs: string;
  parentCheckpointId: string | undefined;
}

/** The checkpoints-hash field of a checkpoint, as the scripts' `enc` builds it: `<ns>:<id>`. */
function checkpointField(encodedNs: string, checkpointId: string): string {
  return `${encodedNs}:${encodeKeyPart(checkpointId)}`;
}

/** The channel-values field of one channel version (the scripts' `value_field`). */
function valueField(encodedNs: string, channel: string, token: string): string {
  return `${encodedNs}:${encodeKeyPart(channel)}:${encodeKeyPart(token)}`;
}

const NO_FENCE: WriteFence = { leaseToken: undefined, checkParent: false };

/** The script's fence refusal ({ -1, "lease" | "parent" }) as the typed error; nothing was written. */
function throwIfFenced(reply: unknown, threadId: string, operation: string): void {
  if (!Array.isArray(reply) || reply[0] !== -1) return;
  throw fenceConflictError(String(reply[1]) as FenceRefusal, threadId, operation);
}

/**
 * The saver's writes, each one script, each returning the outbox entry it appended (or
 * undefined: outbox off, or a retried write that changed nothing). Input is checked by the
 * caller, before anything is encoded.
 */
export class ThreadWriter {
  constructor(private readonly options: ThreadWriterOptions) {}

  /** The same writes, appending no outbox entries (for data that came from the outbox's consumer). */
  withoutOutbox(): ThreadWriter {
    // A restore brings back what was already accepted: size limits do not apply to it.
    return new ThreadWriter({ ...this.options, outboxMode: "", stateSize: undefined });
  }

  async putCheckpoint(
    target: CheckpointTarget,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
    fence: WriteFence = NO_FENCE,
  ): Promise<RedisOutboxEntry | undefined> {
    const { codec } = this.options;
    const { threadId, checkpointNs } = target;
    const prepared = copyCheckpoint(checkpoint);
    const record = await codec.encodeRecord(prepared, metadata, target.parentCheckpointId);
    const encodedNs = encodeKeyPart(checkpointNs);
    const values: ScriptArgument[] = [];
    const sizes: ChannelSize[] = [];
    for (const [channel, version] of Object.entries(newVersions ?? {})) {
      const present = Object.hasOwn(prepared.channel_values, channel);
      const value = (prepared.channel_values as Record<string, unknown>)[channel];
      const { frame, serdeBytes } = await codec.encodeChannelValue(present, value);
      values.push(valueField(encodedNs, channel, versionToken(version)), frame);
      sizes.push({ channel, bytes: serdeBytes, storedBytes: frame.byteLength });
    }
    // Measured from the frames the script stores: the size record goes in the same script.
    const measured: MeasuredWrite = {
      operation: "put",
      threadId,
      checkpointNs,
      checkpointId: checkpoint.id,
      channels: sizes,
      overheadBytes: record.byteLength,
    };
    this.options.stateSize?.check(measured);
    const storedSize = storedSizeOf(measured);
    const reply = await this.options.run("put", REDIS_SCRIPTS.putCheckpoint, threadId, [
      threadId,
      checkpointNs,
      checkpoint.id,
      encodedNs,
      checkpointField(encodedNs, checkpoint.id),
      record,
      this.options.ttlMs,
      this.options.outboxMode,
      this.options.latestOnly ? "1" : "0",
      values.length / 2,
      ...values,
      fence.leaseToken ?? "",
      fence.checkParent ? "1" : "",
      target.parentCheckpointId ?? "",
      target.parentCheckpointId === undefined ? "0" : "1",
      encodeStoredSize(storedSize),
      storedSize.storedBytes,
    ]);
    throwIfFenced(reply, threadId, "put");
    return this.#entry(reply, "put", threadId, checkpointNs, checkpoint.id);
  }

  async putWrites(
    address: { threadId: string; checkpointNs: string; checkpointId: string },
    writes: readonly PendingWrite[],
    taskId: string,
    taskPath: string,
    fence: WriteFence = NO_FENCE,
  ): Promise<RedisOutboxEntry | undefined> {
    const { threadId, checkpointNs, checkpointId } = address;
    if (writes.length === 0) return undefined;
    const encodedNs = encodeKeyPart(checkpointNs);
    const field = checkpointField(encodedNs, checkpointId);
    const taskPrefix = `${field}:${encodeKeyPart(taskId)}:`;
    const args: ScriptArgument[] = [];
    const sizes: ChannelSize[] = [];
    for (const [position, [channel, value]] of writes.entries()) {
      const idx = storedWriteIndex(channel, position);
      const { frame, serdeBytes } = await this.options.codec.encodeWrite(
        taskId,
        channel,
        taskPath,
        idx,
        value,
      );
      args.push(`${taskPrefix}${idx}`, isUpsertWrite(channel) ? "1" : "0", frame);
      sizes.push({ channel, bytes: serdeBytes, storedBytes: frame.byteLength });
    }
    this.options.stateSize?.check({
      operation: "putWrites",
      ...address,
      channels: sizes,
      overheadBytes: 0,
    });
    const reply = await this.options.run("putWrites", REDIS_SCRIPTS.putWrites, threadId, [
      threadId,
      checkpointNs,
      checkpointId,
      encodedNs,
      field,
      this.options.ttlMs,
      this.options.outboxMode,
      this.options.latestOnly ? "1" : "0",
      taskId,
      writes.length,
      ...args,
      fence.leaseToken ?? "",
    ]);
    throwIfFenced(reply, threadId, "putWrites");
    return this.#entry(reply, "writes", threadId, checkpointNs, checkpointId, taskId);
  }

  async deleteThread(threadId: string): Promise<RedisOutboxEntry | undefined> {
    const reply = await this.options.run("deleteThread", REDIS_SCRIPTS.deleteThread, threadId, [
      threadId,
      this.options.outboxMode,
    ]);
    return this.#entry(reply, "delete", threadId, "", "");
  }

  /** Two scripts: the threads may live on different Cluster nodes. */
  async copyThread(
    fromThreadId: string,
    toThreadId: string,
  ): Promise<RedisOutboxEntry | undefined> {
    const run = this.options.run;
    const dumps = (await run("copyThread", REDIS_SCRIPTS.dumpThread, fromThreadId, [])) as Buffer[];
    if (dumps.every((dump) => dump.byteLength === 0)) return undefined;
    const entryId = await run(
      "copyThread",
      REDIS_SCRIPTS.restoreThread,
      toThreadId,
      [
        toThreadId,
        fromThreadId,
        this.options.ttlMs,
        this.options.outboxMode,
        ...dumps,
        this.options.latestOnly ? "1" : "0",
      ],
      this.options.keyLayout.copyScratchKeys(toThreadId),
    );
    return this.#entry([1, entryId], "copy", toThreadId, "", "", "", fromThreadId);
  }

  #entry(
    reply: unknown,
    kind: RedisOutboxEntryKind,
    threadId: string,
    checkpointNs: string,
    checkpointId: string,
    taskId = "",
    fromThreadId = "",
  ): RedisOutboxEntry | undefined {
    const { keyLayout } = this.options;
    return outboxEntryFromReply(reply, {
      streamKey: keyLayout.shardKeys(keyLayout.shardOf(threadId)).outbox,
      kind,
      threadId,
      checkpointNs,
      checkpointId,
      taskId,
      fromThreadId,
    });
  }
}
