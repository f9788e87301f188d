import { makeMetadata } from "@checkpointkit/conformance";
import type { Checkpoint, SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type {
  FencedCheckpointRecord,
  FencedWritesRecord,
  SerializedValue,
} from "../src/internal.js";

/**
 * Records as a hot tier hands them to the cold writer, each dated by its `createdAt`: what
 * the cold writer's thread expiry counts idle time from.
 */
export function datedRecords(serde: () => SerializerProtocol) {
  async function serialize(value: unknown): Promise<SerializedValue> {
    const [type, bytes] = await serde().dumpsTyped(value);
    return { type, bytes: typeof bytes === "string" ? Buffer.from(bytes) : bytes };
  }

  return {
    /** The arguments of one `put` of `checkpoint` on `threadId`'s root namespace. */
    async checkpoint(
      threadId: string,
      checkpoint: Checkpoint,
      at: { fencePosition: string; createdAt: Date; parent?: string },
    ): Promise<FencedCheckpointRecord> {
      const { channel_values: values, ...body } = checkpoint;
      const channelValues = [];
      for (const [channel, version] of Object.entries(checkpoint.channel_versions)) {
        const value = channel in values ? await serialize(values[channel]) : undefined;
        channelValues.push({ channel, version, value });
      }
      return {
        threadId,
        checkpointNs: "",
        checkpointId: checkpoint.id,
        parentCheckpointId: at.parent,
        checkpoint: await serialize(body),
        metadata: await serialize(makeMetadata()),
        channelValues,
        fencePosition: at.fencePosition,
        createdAt: at.createdAt,
      };
    },

    /** One pending write (`messages: ["pending"]`) of task `task` to `checkpointId`. */
    async pendingWrite(
      threadId: string,
      checkpointId: string,
      at: { fencePosition: string; createdAt: Date },
    ): Promise<FencedWritesRecord> {
      return {
        threadId,
        checkpointNs: "",
        checkpointId,
        taskId: "task",
        taskPath: "",
        writes: [{ channel: "messages", value: await serialize(["pending"]) }],
        fencePosition: at.fencePosition,
        createdAt: at.createdAt,
      };
    },
  };
}
