import {
  checkpointConfig,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { CorruptCheckpointError, decodeStoredSize } from "@checkpointkit/core";
import { checkpointItemId, threadPartition } from "../src/cosmos-items.js";
import { CosmosSaver } from "../src/index.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * Every put stores its size record on its checkpoint item, in its own batch, measured from
 * what it stores: the serde's bytes and the bytes after compression, per new channel value,
 * plus the checkpoint and metadata payloads.
 */
const cosmos = useCosmosSaver({
  saverOptions: { compression: { algorithm: "gzip", thresholdBytes: 1024 } },
});

interface RawCheckpointItem {
  stored_size?: string;
  stored_bytes?: number;
  checkpoint: { data?: string };
  metadata: { data?: string };
}

async function rawCheckpointItem(
  saver: CosmosSaver,
  threadId: string,
  checkpointId: string,
): Promise<RawCheckpointItem> {
  const { resource } = await saver.container
    .item(checkpointItemId("", checkpointId), threadPartition(threadId, undefined).partitionKey)
    .read<RawCheckpointItem>();
  if (resource === undefined) throw new Error("no checkpoint item");
  return resource;
}

describe("CosmosSaver size records", () => {
  it("records per new channel the serde's bytes and the compressed bytes stored, and the checkpoint and metadata payloads", async () => {
    const threadId = freshThreadId();
    const compressible = "abc".repeat(5000);
    const first = makeCheckpoint({ big: compressible, small: "s" });
    const config = await cosmos.saver.put(threadConfig(threadId), first, makeMetadata(), {
      big: 1,
      small: 1,
    });
    const second = makeCheckpoint({ big: compressible, small: "t" }, { big: 1, small: 2 });
    const secondConfig = await cosmos.saver.put(config, second, makeMetadata({ step: 1 }), {
      small: 2,
    });

    const size = await cosmos.saver.getCheckpointSize(config);
    const [, serialized] = await cosmos.saver.serde.dumpsTyped(compressible);
    const big = size?.channels.find((channel) => channel.channel === "big");
    expect(big?.bytes).toBe(Buffer.from(serialized).byteLength);
    // Stored gzip-compressed: far fewer bytes than the serde produced.
    expect(big?.storedBytes).toBeLessThan((big?.bytes ?? 0) / 10);
    const item = await rawCheckpointItem(cosmos.saver, threadId, first.id);
    const payloadBytes = (payload: { data?: string }) =>
      Buffer.from(payload.data ?? "", "base64").byteLength;
    expect(size?.overheadBytes).toBe(payloadBytes(item.checkpoint) + payloadBytes(item.metadata));
    expect(size).toEqual({
      checkpointNs: "",
      checkpointId: first.id,
      channels: expect.arrayContaining([
        { channel: "small", bytes: expect.any(Number), storedBytes: expect.any(Number) },
      ]),
      overheadBytes: expect.any(Number),
      storedBytes: size?.channels.reduce(
        (sum, channel) => sum + channel.storedBytes,
        size.overheadBytes,
      ),
    });
    expect(size?.channels).toHaveLength(2);
    expect(item.stored_bytes).toBe(size?.storedBytes);
    expect(decodeStoredSize(item.stored_size as string, { threadId, ...size! })).toEqual(size);

    // The child stored only `small`: only `small` is in its record.
    const child = await cosmos.saver.getCheckpointSize(secondConfig);
    expect(child?.channels.map((channel) => channel.channel)).toEqual(["small"]);
  });

  it("getCheckpointSize is undefined for a checkpoint that does not exist, and refuses a config without checkpoint_id", async () => {
    const threadId = freshThreadId();
    expect(
      await cosmos.saver.getCheckpointSize(checkpointConfig(threadId, "", "missing")),
    ).toBeUndefined();
    const error = await errorOf(() => cosmos.saver.getCheckpointSize(threadConfig(threadId)));
    expect(error).toBeInstanceOf(Error);
  });

  it("a damaged record is a CorruptCheckpointError naming the checkpoint", async () => {
    const threadId = freshThreadId();
    const checkpoint = makeCheckpoint({ a: 1 });
    const config = await cosmos.saver.put(threadConfig(threadId), checkpoint, makeMetadata(), {
      a: 1,
    });
    const item = await rawCheckpointItem(cosmos.saver, threadId, checkpoint.id);
    await cosmos.saver.container.items.upsert({ ...item, stored_size: "{not json" });
    const error = await errorOf(() => cosmos.saver.getCheckpointSize(config));
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(checkpoint.id);
  });

  it("threadSizeSummary reports the recorded sizes of the last N checkpoints, newest first", async () => {
    const threadId = freshThreadId();
    let config = threadConfig(threadId);
    const configs = [];
    for (let step = 0; step < 4; step += 1) {
      const checkpoint = makeCheckpoint({ step: "x".repeat(100 * (step + 1)) }, { step: step + 1 });
      config = await cosmos.saver.put(config, checkpoint, makeMetadata({ step }), {
        step: step + 1,
      });
      configs.push(config);
    }
    const summary = await cosmos.saver.threadSizeSummary(threadId, { lastN: 3 });
    const recorded = [];
    for (const checkpointConfigOf of configs.slice(1).reverse()) {
      recorded.push(await cosmos.saver.getCheckpointSize(checkpointConfigOf));
    }
    expect(summary).toMatchObject({
      threadId,
      scope: "lastN",
      checkpointCount: 3,
      recentCheckpoints: recorded,
      totalBytes: recorded.reduce((sum, size) => sum + (size?.storedBytes ?? 0), 0),
      growthBytes: (recorded[0]?.storedBytes ?? 0) - (recorded[2]?.storedBytes ?? 0),
    });
    expect(summary.largestChannels[0]?.channel).toBe("step");
  });

  it("a chunked value's record counts its whole stored payload", async () => {
    const chunked = new CosmosSaver({ container: cosmos.saver.container, chunkSizeBytes: 1024 });
    const threadId = freshThreadId();
    const value = Array.from({ length: 3000 }, (_, index) => index);
    const checkpoint = makeCheckpoint({ value });
    const config = await chunked.put(threadConfig(threadId), checkpoint, makeMetadata(), {
      value: 1,
    });
    const size = await chunked.getCheckpointSize(config);
    const [, serialized] = await chunked.serde.dumpsTyped(value);
    expect(size?.channels).toEqual([
      { channel: "value", bytes: serialized.byteLength, storedBytes: serialized.byteLength },
    ]);
  });
});
