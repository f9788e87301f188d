import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  CorruptCheckpointError,
  ENCRYPTED_VALUE_TYPE,
  EncryptedSerializer,
  InvalidConfigError,
} from "../src/index.js";

const KEY_1 = randomBytes(32);
const KEY_2 = randomBytes(32);

function serializer(keys: Record<string, Buffer>, currentKeyId: string): EncryptedSerializer {
  return new EncryptedSerializer({ keys, currentKeyId });
}

/** The documented layout, read by hand: version, key id length, key id, IV, tag, ciphertext. */
function parseByHand(envelope: Uint8Array) {
  const bytes = Buffer.from(envelope);
  const keyIdLength = bytes[1] as number;
  const ivStart = 2 + keyIdLength;
  return {
    version: bytes[0],
    keyId: bytes.toString("utf8", 2, ivStart),
    header: bytes.subarray(0, ivStart),
    iv: bytes.subarray(ivStart, ivStart + 12),
    tag: bytes.subarray(ivStart + 12, ivStart + 28),
    ciphertext: bytes.subarray(ivStart + 28),
  };
}

describe("the envelope format (as documented in encryption-envelope.ts)", () => {
  it("is version 1, names the key id, and decrypts by hand to the inner type and bytes", async () => {
    const [type, envelope] = await serializer({ "2026-12": KEY_1 }, "2026-12").dumpsTyped({
      note: "hello",
    });
    expect(type).toBe(ENCRYPTED_VALUE_TYPE);
    const parts = parseByHand(envelope);
    expect(parts.version).toBe(1);
    expect(parts.keyId).toBe("2026-12");

    const decipher = createDecipheriv("aes-256-gcm", KEY_1, parts.iv);
    decipher.setAAD(parts.header);
    decipher.setAuthTag(parts.tag);
    const plaintext = Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
    const typeLength = plaintext[0] as number;
    expect(plaintext.toString("utf8", 1, 1 + typeLength)).toBe("json");
    expect(JSON.parse(plaintext.toString("utf8", 1 + typeLength))).toEqual({ note: "hello" });
  });

  it("reads an envelope another program built from the documented layout", async () => {
    const header = Buffer.concat([Buffer.from([1, 2]), Buffer.from("k1")]);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", KEY_1, iv);
    cipher.setAAD(header);
    const plaintext = Buffer.concat([Buffer.from([4]), Buffer.from("json"), Buffer.from("[1,2]")]);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const envelope = Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
    await expect(
      serializer({ k1: KEY_1 }, "k1").loadsTyped(ENCRYPTED_VALUE_TYPE, envelope),
    ).resolves.toEqual([1, 2]);
  });

  it("uses a fresh IV per value: the same value never encrypts to the same bytes", async () => {
    const serde = serializer({ k1: KEY_1 }, "k1");
    const envelopes = await Promise.all(
      Array.from({ length: 50 }, () => serde.dumpsTyped("same value")),
    );
    const ivs = new Set(envelopes.map(([, bytes]) => parseByHand(bytes).iv.toString("hex")));
    expect(ivs.size).toBe(50);
  });
});

describe("a changed envelope never decrypts", () => {
  const serde = serializer({ k1: KEY_1, k2: KEY_2 }, "k1");

  it("whichever single byte changed", async () => {
    const [, envelope] = await serde.dumpsTyped({ amount: 749, reason: "charged three times" });
    for (let position = 0; position < envelope.byteLength; position++) {
      const changed = Buffer.from(envelope);
      changed[position] = (changed[position] as number) ^ 0x01;
      const error = await serde.loadsTyped(ENCRYPTED_VALUE_TYPE, changed).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      // Bytes 1–3 are the key id length and the key id "k1": a flipped bit there can name a
      // key id that is not in keys ("j1", "k0", "k1" plus an IV byte) instead.
      const namesOtherKey = position <= 3 && InvalidConfigError.isInstance(error);
      expect({
        position,
        rejected: CorruptCheckpointError.isInstance(error) || namesOtherKey,
      }).toEqual({
        position,
        rejected: true,
      });
    }
  });

  it("when the key id is relabelled to another key of the ring (the key id is authenticated)", async () => {
    const [, envelope] = await serde.dumpsTyped("moved");
    const relabelled = Buffer.from(envelope);
    relabelled.write("k2", 2, "utf8");
    await expect(serde.loadsTyped(ENCRYPTED_VALUE_TYPE, relabelled)).rejects.toThrow(
      CorruptCheckpointError,
    );
  });

  it("when another key carries the same key id", async () => {
    const [, envelope] = await serde.dumpsTyped("who wrote this?");
    const impostor = serializer({ k1: KEY_2 }, "k1");
    await expect(impostor.loadsTyped(ENCRYPTED_VALUE_TYPE, envelope)).rejects.toThrow(
      /failed authentication with key id "k1"/,
    );
  });

  it("when truncated anywhere", async () => {
    const [, envelope] = await serde.dumpsTyped("short");
    for (const length of [0, 1, 2, 4, 10, 33, envelope.byteLength - 1]) {
      await expect(
        serde.loadsTyped(ENCRYPTED_VALUE_TYPE, envelope.subarray(0, length)),
      ).rejects.toThrow(CorruptCheckpointError);
    }
  });

  it("when its format version is unknown", async () => {
    const [, envelope] = await serde.dumpsTyped("from the future");
    const future = Buffer.from(envelope);
    future[0] = 2;
    await expect(serde.loadsTyped(ENCRYPTED_VALUE_TYPE, future)).rejects.toThrow(
      /unknown format version 2/,
    );
  });
});
