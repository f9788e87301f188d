import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  CheckpointListOptions,
  CheckpointTuple,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import { type CompressionOptions, encodeValue } from "../compression.js";
import { largestChannels } from "./state-size-guard.js";
import type { ChannelSize } from "./state-size-options.js";
import { SUMMARY_CHANNEL_COUNT } from "./summary-from-records.js";
import {
  type CheckpointSize,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "./thread-size-summary.js";

/** What the summary reads: a saver's own `list` and its serde. */
export interface ListableSaver {
  serde: SerializerProtocol;
  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple>;
}

async function measure(
  serde: SerializerProtocol,
  compression: CompressionOptions | undefined,
  channel: string,
  value: unknown,
): Promise<ChannelSize> {
  const [, serialized] = await serde.dumpsTyped(value);
  const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
  return {
    channel,
    bytes: bytes.byteLength,
    storedBytes: encodeValue(bytes, compression).bytes.byteLength,
  };
}

/** The channels this checkpoint stored: versions its parent (when listed) did not have. */
function introducedChannels(tuple: CheckpointTuple, parent: CheckpointTuple | undefined): string[] {
  const versions = tuple.checkpoint.channel_versions;
  const parentVersions = parent?.checkpoint.channel_versions ?? {};
  return Object.keys(versions).filter(
    (channel) =>
      String(versions[channel]) !== String(parentVersions[channel]) &&
      Object.hasOwn(tuple.checkpoint.channel_values, channel),
  );
}

function tupleKey(checkpointNs: unknown, checkpointId: unknown): string {
  return JSON.stringify([String(checkpointNs ?? ""), String(checkpointId)]);
}

/**
 * A size summary of a thread's last N checkpoints, for backends that do not record sizes:
 * reads N + 1 checkpoints through the saver's `list` (one page) and re-serializes what
 * each stored (its new channel values, checkpoint and metadata) with the saver's serde and
 * compression. Scope `lastN`: it never walks the whole thread. The sizes are what the
 * saver's encoding produces, not what the backend reports (framing is not counted).
 */
export async function summarizeFromHistory(
  saver: ListableSaver,
  threadId: string,
  compression: CompressionOptions | undefined,
  options: ThreadSizeSummaryOptions = {},
): Promise<ThreadSizeSummary> {
  const lastN = options.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N;
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of saver.list(
    { configurable: { thread_id: threadId } },
    { limit: lastN + 1 },
  )) {
    tuples.push(tuple);
  }
  const byKey = new Map(
    tuples.map((tuple) => [
      tupleKey(tuple.config.configurable?.checkpoint_ns, tuple.config.configurable?.checkpoint_id),
      tuple,
    ]),
  );
  const channels: ChannelSize[] = [];
  const recentCheckpoints: CheckpointSize[] = [];
  for (const tuple of tuples.slice(0, lastN)) {
    const checkpointNs = String(tuple.config.configurable?.checkpoint_ns ?? "");
    const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
    const parent = parentId === undefined ? undefined : byKey.get(tupleKey(checkpointNs, parentId));
    const values = tuple.checkpoint.channel_values as Record<string, unknown>;
    const sizes = await Promise.all(
      introducedChannels(tuple, parent).map((channel) =>
        measure(saver.serde, compression, channel, values[channel]),
      ),
    );
    const { channel_values: _values, ...record } = tuple.checkpoint;
    const overhead = await Promise.all([
      measure(saver.serde, compression, "", record),
      measure(saver.serde, compression, "", tuple.metadata ?? {}),
    ]);
    channels.push(...sizes);
    const overheadBytes = overhead.reduce((sum, size) => sum + size.storedBytes, 0);
    recentCheckpoints.push({
      checkpointNs,
      checkpointId: tuple.checkpoint.id,
      channels: sizes,
      overheadBytes,
      storedBytes: sizes.reduce((sum, size) => sum + size.storedBytes, overheadBytes),
    });
  }
  const newest = recentCheckpoints[0];
  const oldest = recentCheckpoints.at(-1);
  return {
    threadId,
    scope: "lastN",
    totalBytes: recentCheckpoints.reduce((sum, size) => sum + size.storedBytes, 0),
    checkpointCount: recentCheckpoints.length,
    largestChannels: largestChannels(channels).slice(0, SUMMARY_CHANNEL_COUNT),
    recentCheckpoints,
    growthBytes:
      newest === undefined || oldest === undefined ? 0 : newest.storedBytes - oldest.storedBytes,
  };
}
