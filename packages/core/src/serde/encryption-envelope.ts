import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from "node:crypto";
import { CorruptCheckpointError } from "../errors/corrupt-checkpoint-error.js";

/**
 * The envelope one encrypted value is stored in (format version 1):
 *
 * | offset      | bytes | content                                                   |
 * |-------------|-------|-----------------------------------------------------------|
 * | 0           | 1     | format version, `0x01`                                    |
 * | 1           | 1     | L, length of the key id in UTF-8 bytes (1–255)            |
 * | 2           | L     | key id, UTF-8                                             |
 * | 2 + L       | 12    | IV, random per value                                      |
 * | 14 + L      | 16    | AES-GCM authentication tag                                |
 * | 30 + L      | rest  | AES-256-GCM ciphertext                                    |
 *
 * The associated data is the header, bytes `0 .. 2 + L` (version, length, key id): a value
 * whose version or key id was changed fails authentication like a changed ciphertext.
 */
export const ENVELOPE_FORMAT_VERSION = 1;

const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Version byte and key id length byte. */
const FIXED_HEADER_BYTES = 2;

/** An envelope split into its parts; nothing is decrypted or authenticated yet. */
export interface EnvelopeParts {
  keyId: string;
  /** Bytes the tag authenticates besides the ciphertext: version, length, key id. */
  associatedData: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

export function sealEnvelope(keyId: string, key: KeyObject, plaintext: Uint8Array): Uint8Array {
  const keyIdBytes = Buffer.from(keyId, "utf8");
  const header = Buffer.concat([
    Buffer.from([ENVELOPE_FORMAT_VERSION, keyIdBytes.byteLength]),
    keyIdBytes,
  ]);
  // A random 96-bit IV per value: no counter to persist or coordinate between processes.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
}

/** Splits an envelope; anything that is not a version 1 envelope is a `CorruptCheckpointError`. */
export function readEnvelope(envelope: Uint8Array): EnvelopeParts {
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (bytes.byteLength < FIXED_HEADER_BYTES) {
    throw new CorruptCheckpointError(`encrypted value is truncated (${bytes.byteLength} bytes)`);
  }
  const version = bytes[0];
  if (version !== ENVELOPE_FORMAT_VERSION) {
    throw new CorruptCheckpointError(
      `encrypted value has unknown format version ${String(version)} (this version reads ${ENVELOPE_FORMAT_VERSION})`,
    );
  }
  const keyIdLength = bytes[1] as number;
  const ivStart = FIXED_HEADER_BYTES + keyIdLength;
  const ciphertextStart = ivStart + IV_BYTES + TAG_BYTES;
  if (keyIdLength === 0 || bytes.byteLength < ciphertextStart) {
    throw new CorruptCheckpointError(`encrypted value is truncated (${bytes.byteLength} bytes)`);
  }
  const keyIdBytes = bytes.subarray(FIXED_HEADER_BYTES, ivStart);
  const keyId = keyIdBytes.toString("utf8");
  // Sealing writes valid UTF-8; bytes that do not survive decoding were damaged, and must
  // not be reported as a (mangled) missing key id.
  if (!Buffer.from(keyId, "utf8").equals(keyIdBytes)) {
    throw new CorruptCheckpointError("encrypted value has a damaged key id");
  }
  return {
    keyId,
    associatedData: bytes.subarray(0, ivStart),
    iv: bytes.subarray(ivStart, ivStart + IV_BYTES),
    tag: bytes.subarray(ivStart + IV_BYTES, ciphertextStart),
    ciphertext: bytes.subarray(ciphertextStart),
  };
}

/** Decrypts and authenticates; a changed byte anywhere is a `CorruptCheckpointError`. */
export function openEnvelope(parts: EnvelopeParts, key: KeyObject): Uint8Array {
  const decipher = createDecipheriv(CIPHER, key, parts.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(parts.associatedData);
  decipher.setAuthTag(parts.tag);
  try {
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
  } catch (error) {
    throw new CorruptCheckpointError(
      `encrypted value failed authentication with key id ${JSON.stringify(parts.keyId)}: it was changed after encryption, or another key with this id encrypted it`,
      { cause: error },
    );
  }
}
