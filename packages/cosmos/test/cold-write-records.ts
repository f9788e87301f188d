import { makeMetadata } from "@checkpointkit/conformance";
import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import type { CosmosSaver } from "../src/index.js";
import type {
  FencedCheckpointRecord,
  FencedWritesRecord,
  SerializedValue,
} from "../src/internal.js";

/** Builds records as a hot tier holds them, serialized with the saver's serde. */
export function coldWriteRecords(saver: () => CosmosSaver) {
  async function serialize(value: unknown): Promise<SerializedValue> {
    const [type, bytes] = await saver().serde.dumpsTyped(value);
    return { type, bytes: typeof bytes === "string" ? Buffer.from(bytes) : bytes };
  }

  /** A checkpoint record: the arguments of one `put`, serialized. */
  async function checkpointRecord(
    threadId: string,
    checkpoint: Checkpoint,
    fencePosition: string,
    options: { parent?: string; metadata?: CheckpointMetadata } = {},
  ): Promise<FencedCheckpointRecord> {
    const { channel_values: values, ...body } = checkpoint;
    return {
      threadId,
      checkpointNs: "",
      checkpointId: checkpoint.id,
      parentCheckpointId: options.parent,
      checkpoint: await serialize(body),
      metadata: await serialize(options.metadata ?? makeMetadata()),
      channelValues: await Promise.all(
        Object.entries(checkpoint.channel_versions).map(async ([channel, version]) => ({
          channel,
          version,
          value: channel in values ? await serialize(values[channel]) : undefined,
        })),
      ),
      fencePosition,
    };
  }

  /** A writes record: the arguments of one `putWrites` (task "task"), serialized. */
  async function writesRecord(
    threadId: string,
    checkpointId: string,
    writes: [string, unknown][],
    fencePosition: string,
  ): Promise<FencedWritesRecord> {
    return {
      threadId,
      checkpointNs: "",
      checkpointId,
      taskId: "task",
      taskPath: "",
      writes: await Promise.all(
        writes.map(async ([channel, value]) => ({ channel, value: await serialize(value) })),
      ),
      fencePosition,
    };
  }

  return { serialize, checkpointRecord, writesRecord };
}
