import { randomBytes, randomUUID } from "node:crypto";
import {
  collect,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  threadConfig,
} from "@checkpointkit/conformance";
import { EncryptedSerializer } from "@checkpointkit/core";
import { PostgresSaver } from "../src/index.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

const VALUE_MARKER = `value-${randomUUID()}`;
const METADATA_MARKER = `metadata-${randomUUID()}`;

const OLD_KEY = randomBytes(32);

function encryptedSerde(): EncryptedSerializer {
  return new EncryptedSerializer({ keys: { k1: OLD_KEY }, currentKeyId: "k1" });
}

/** Every row of the saver's tables as text, bytea columns as latin1, read with plain SQL. */
async function storedRows(context: SchemaSaver): Promise<Record<string, string>> {
  const schema = context.saver.schema.quoted;
  const rowsAsText: Record<string, string> = {};
  for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) {
    const { rows } = await context.pool.query(`SELECT * FROM ${schema}.${table}`);
    expect(rows.length).toBeGreaterThan(0);
    rowsAsText[table] = rows
      .flatMap((row: Record<string, unknown>) =>
        Object.entries(row).map(([column, value]) =>
          Buffer.isBuffer(value)
            ? `${column}=${value.toString("latin1")}`
            : `${column}=${JSON.stringify(value)}`,
        ),
      )
      .join("\n");
  }
  return rowsAsText;
}

/** A checkpoint and a pending write carrying VALUE_MARKER, metadata carrying METADATA_MARKER. */
async function putMarkedCheckpoint(saver: PostgresSaver, threadId: string) {
  const checkpoint = makeCheckpoint({
    note: `refund for ${VALUE_MARKER}`,
    bytes: new Uint8Array([7]),
  });
  const metadata = makeMetadata({ customer: METADATA_MARKER });
  const config = await putCheckpoint(saver, threadConfig(threadId), checkpoint, metadata);
  await saver.putWrites(config, [["note", `pending ${VALUE_MARKER}`]], "task-1");
  return config;
}

describe("PostgresSaver with an EncryptedSerializer", () => {
  let encrypted: SchemaSaver;
  let plain: SchemaSaver;
  beforeAll(async () => {
    encrypted = await createSchemaSaver({ serde: encryptedSerde() });
    plain = await createSchemaSaver();
  });
  afterAll(async () => {
    await encrypted?.dispose();
    await plain?.dispose();
  });

  it("stores no channel value, pending write or checkpoint in plaintext, and reads them back", async () => {
    const config = await putMarkedCheckpoint(encrypted.saver, "encrypted-thread");

    const rows = await storedRows(encrypted);
    for (const table of Object.values(rows)) expect(table).not.toContain(VALUE_MARKER);
    // The checkpoint's and the metadata's own serde copies are ciphertext too.
    const { rows: checkpointRows } = await encrypted.pool.query(
      `SELECT checkpoint_type, checkpoint, metadata_type, metadata FROM ${encrypted.saver.schema.quoted}.checkpoints`,
    );
    expect(checkpointRows[0]).toMatchObject({
      checkpoint_type: "encrypted",
      metadata_type: "encrypted",
    });
    expect(checkpointRows[0].metadata.toString("latin1")).not.toContain(METADATA_MARKER);

    const tuple = await encrypted.saver.getTuple(config);
    expect(tuple?.checkpoint.channel_values).toEqual({
      note: `refund for ${VALUE_MARKER}`,
      bytes: new Uint8Array([7]),
    });
    expect(tuple?.metadata).toMatchObject({ customer: METADATA_MARKER });
    expect(tuple?.pendingWrites).toEqual([["task-1", "note", `pending ${VALUE_MARKER}`]]);
  });

  it("(control: without encryption the same read finds the value marker)", async () => {
    await putMarkedCheckpoint(plain.saver, "plain-thread");
    const rows = await storedRows(plain);
    expect(rows.checkpoint_blobs).toContain(VALUE_MARKER);
    expect(rows.checkpoint_writes).toContain(VALUE_MARKER);
  });

  it("keeps metadata queryable: its JSONB copy (metadata_json) stays plaintext, as documented", async () => {
    await putMarkedCheckpoint(encrypted.saver, "filtered-thread");
    const rows = await storedRows(encrypted);
    expect(rows.checkpoints).toContain(METADATA_MARKER);
    const listed = await collect(
      encrypted.saver.list(threadConfig("filtered-thread"), {
        filter: { customer: METADATA_MARKER },
      }),
    );
    expect(listed).toHaveLength(1);
  });

  it("the audit views show no decoded value for encrypted rows", async () => {
    await putMarkedCheckpoint(encrypted.saver, "audited-thread");
    const { rows } = await encrypted.pool.query(
      `SELECT channel, type, value FROM ${encrypted.saver.schema.quoted}.checkpoint_state WHERE thread_id = $1`,
      ["audited-thread"],
    );
    expect(rows).toEqual(
      expect.arrayContaining([{ channel: "note", type: "encrypted", value: null }]),
    );
  });

  it("during a rotation, SQL can count what each key id still protects (the README's query)", async () => {
    const rotated = new EncryptedSerializer({
      keys: { k1: OLD_KEY, k2: randomBytes(32) },
      currentKeyId: "k2",
    });
    const context = await createSchemaSaver({ serde: rotated });
    try {
      const oldWriter = new PostgresSaver({
        pool: context.pool,
        schema: context.saver.schema.name,
        serde: encryptedSerde(),
      });
      await putMarkedCheckpoint(oldWriter, "before-rotation");
      await putMarkedCheckpoint(context.saver, "after-rotation");
      const { rows } = await context.pool.query(
        `SELECT convert_from(substring(blob FROM 3 FOR get_byte(blob, 1)), 'UTF8') AS key_id,
           count(*)::int AS blobs
         FROM ${context.saver.schema.quoted}.checkpoint_blobs
         WHERE type = 'encrypted' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual([
        { key_id: "k1", blobs: 2 },
        { key_id: "k2", blobs: 2 },
      ]);
      // Both generations read back through the rotated serde.
      const threads = await collect(context.saver.list({}));
      expect(threads).toHaveLength(2);
    } finally {
      await context.dispose();
    }
  });
});
