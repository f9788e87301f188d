import { formatChannelVersion } from "@checkpointkit/core/internal";
import type {
  BaseCheckpointSaver,
  ChannelVersions,
  Checkpoint,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";

/** The suffix of a migrated version: below every random suffix of the same counter. */
const MIGRATED_SUFFIX = "0".repeat(16);

/**
 * The official saver numbers channel versions 1, 2, 3...; checkpointkit savers make string
 * versions `<zero-padded counter>.<random hex>` so forks never share a version. LangGraph
 * compares a string version with a number as strings, so a migrated thread that kept its
 * integers would see the target's next version sort *before* the old one and stop scheduling
 * nodes on resume. Integer N becomes N's counter with an all-zero suffix: deterministic (a
 * re-run writes the same versions), ordered like the integers, and below every version the
 * target makes next (same counter + 1, random suffix).
 */
export function migratedChannelVersion(version: number | string): number | string {
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0) return version;
  return formatChannelVersion(version, MIGRATED_SUFFIX);
}

/** True when the target makes string versions, so migrated integer versions must become strings. */
export function targetMakesStringVersions(target: BaseCheckpointSaver): boolean {
  return typeof target.getNextVersion(1) === "string";
}

function rewriteVersions(versions: ChannelVersions): ChannelVersions {
  return Object.fromEntries(
    Object.entries(versions).map(([channel, version]) => [
      channel,
      migratedChannelVersion(version),
    ]),
  );
}

function rewriteCheckpoint(checkpoint: Checkpoint): Checkpoint {
  return {
    ...checkpoint,
    channel_versions: rewriteVersions(checkpoint.channel_versions),
    versions_seen: Object.fromEntries(
      Object.entries(checkpoint.versions_seen).map(([node, seen]) => [node, rewriteVersions(seen)]),
    ),
  };
}

/** The tuple as the target should store it: same ids, values and writes, versions rewritten. */
export function withMigratedVersions(tuple: CheckpointTuple): CheckpointTuple {
  return { ...tuple, checkpoint: rewriteCheckpoint(tuple.checkpoint) };
}
