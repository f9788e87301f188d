import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { refuseUnstorable } from "./refuse-unstorable.js";
import { checkIdString, describeType } from "./well-formed-id.js";

/**
 * Checks what `put` is about to store, before anything is written: a checkpoint id and
 * channel names every backend stores exactly, versions LangGraph can compare, and channel
 * values and metadata the serializer can read back. Throws `InvalidConfigError` naming the
 * field; a checkpoint that passes can always be read again.
 *
 * Only the channels named in `newVersions` are checked, because only those are stored.
 */
export function assertCheckpointInput(
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata | undefined,
  newVersions: Record<string, unknown> | undefined,
): void {
  if (typeof checkpoint !== "object" || checkpoint === null) {
    throw new InvalidConfigError(`checkpoint must be an object, got ${describeType(checkpoint)}`, {
      field: "checkpoint",
    });
  }
  checkIdString(checkpoint.id, "checkpoint.id");
  const values = readRecord(checkpoint.channel_values, "checkpoint.channel_values");
  const versions = readRecord(checkpoint.channel_versions, "checkpoint.channel_versions");
  for (const [channel, version] of Object.entries(versions)) {
    checkIdString(channel, "checkpoint.channel_versions (channel name)");
    if (typeof version !== "string" && typeof version !== "number") {
      throw new InvalidConfigError(
        `checkpoint.channel_versions.${channel} must be a string or a number, got ${describeType(version)}`,
        { field: `checkpoint.channel_versions.${channel}` },
      );
    }
  }
  const stored = newVersions === undefined ? Object.keys(values) : Object.keys(newVersions);
  for (const channel of stored) {
    checkIdString(channel, "newVersions (channel name)");
    refuseUnstorable(values[channel], `checkpoint.channel_values.${channel}`);
  }
  if (metadata !== undefined) refuseUnstorable(metadata, "metadata");
}

function readRecord(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidConfigError(`${field} must be an object, got ${describeType(value)}`, {
      field,
    });
  }
  return value as Record<string, unknown>;
}
