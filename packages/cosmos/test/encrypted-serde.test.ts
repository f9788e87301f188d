import { randomBytes, randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import {
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  threadConfig,
} from "@checkpointkit/conformance";
import { EncryptedSerializer } from "@checkpointkit/core";
import type { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  partitionItems,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

const VALUE_MARKER = `value-${randomUUID()}`;
const METADATA_MARKER = `metadata-${randomUUID()}`;

/**
 * Every string of every item of the thread, each also decoded as base64: payloads are stored
 * as base64, in which a plaintext marker would not appear literally.
 */
async function storedText(saver: CosmosSaver, threadId: string): Promise<string> {
  const items = await partitionItems(saver, threadId);
  expect(items.length).toBeGreaterThan(0);
  const strings: string[] = [];
  JSON.stringify(items, (_key, value: unknown) => {
    if (typeof value === "string")
      strings.push(value, Buffer.from(value, "base64").toString("latin1"));
    return value;
  });
  return strings.join("\n");
}

/**
 * A checkpoint and a pending write carrying VALUE_MARKER; metadata carrying METADATA_MARKER
 * at the top level and nested. `big` is larger than the test's chunk size, so it is stored
 * in chunk items.
 */
async function putMarkedCheckpoint(saver: CosmosSaver, threadId: string) {
  const checkpoint = makeCheckpoint({
    note: `refund for ${VALUE_MARKER}`,
    big: `${VALUE_MARKER} ${"x".repeat(5_000)}`,
    bytes: new Uint8Array([7]),
  });
  const config = await putCheckpoint(
    saver,
    threadConfig(threadId),
    checkpoint,
    makeMetadata({ customer: METADATA_MARKER, case: { owner: `nested ${METADATA_MARKER}` } }),
  );
  await saver.putWrites(config, [["note", `pending ${VALUE_MARKER}`]], "task-1");
  return config;
}

describe("CosmosSaver with an EncryptedSerializer", () => {
  let client: CosmosClient;
  let encrypted: CosmosSaver;
  let plain: CosmosSaver;
  beforeAll(async () => {
    client = newClient(await sharedServer());
    const serde = new EncryptedSerializer({ keys: { k1: randomBytes(32) }, currentKeyId: "k1" });
    encrypted = await saverInFreshContainer(client, { serde, chunkSizeBytes: 2_048 });
    plain = await saverInFreshContainer(client, { chunkSizeBytes: 2_048 });
  });
  afterAll(async () => {
    if (encrypted !== undefined) await dropContainer(encrypted);
    if (plain !== undefined) await dropContainer(plain);
    client?.dispose();
  });

  it("stores no channel value, pending write or nested metadata in plaintext, and reads them back", async () => {
    const config = await putMarkedCheckpoint(encrypted, "encrypted-thread");

    const items = await partitionItems(encrypted, "encrypted-thread");
    expect(items.filter((item) => item.kind === "chunk").length).toBeGreaterThan(0);
    const stored = await storedText(encrypted, "encrypted-thread");
    expect(stored).not.toContain(VALUE_MARKER);
    expect(stored).not.toContain(`nested ${METADATA_MARKER}`);

    const tuple = await encrypted.getTuple(config);
    expect(tuple?.checkpoint.channel_values).toEqual({
      note: `refund for ${VALUE_MARKER}`,
      big: `${VALUE_MARKER} ${"x".repeat(5_000)}`,
      bytes: new Uint8Array([7]),
    });
    expect(tuple?.metadata).toMatchObject({ customer: METADATA_MARKER });
    expect(tuple?.pendingWrites).toEqual([["task-1", "note", `pending ${VALUE_MARKER}`]]);
  });

  it("(control: without encryption the same read finds the markers)", async () => {
    await putMarkedCheckpoint(plain, "plain-thread");
    const stored = await storedText(plain, "plain-thread");
    expect(stored).toContain(`refund for ${VALUE_MARKER}`);
    expect(stored).toContain(`pending ${VALUE_MARKER}`);
    expect(stored).toContain(`nested ${METADATA_MARKER}`);
  });

  it("keeps top-level primitive metadata queryable: metadata_json stays plaintext, as documented", async () => {
    await putMarkedCheckpoint(encrypted, "filtered-thread");
    const items = await partitionItems(encrypted, "filtered-thread");
    const checkpointItem = items.find((item) => item.kind === "checkpoint") as unknown as {
      metadata_json: Record<string, unknown>;
    };
    expect(checkpointItem.metadata_json).toEqual({
      source: "loop",
      step: 0,
      customer: METADATA_MARKER,
    });
    const listed = [];
    for await (const tuple of encrypted.list(threadConfig("filtered-thread"), {
      filter: { customer: METADATA_MARKER },
    })) {
      listed.push(tuple);
    }
    expect(listed).toHaveLength(1);
  });
});
