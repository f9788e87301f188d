import { CorruptCheckpointError } from "../errors/corrupt-checkpoint-error.js";
import { InvalidConfigError } from "../errors/invalid-config-error.js";

/**
 * What an envelope encrypts: the inner serializer's type tag and its bytes,
 *
 * | offset | bytes | content                                       |
 * |--------|-------|-----------------------------------------------|
 * | 0      | 1     | T, length of the type tag in UTF-8 bytes      |
 * | 1      | T     | type tag (`"json"`, `"bytes"`, ...), UTF-8    |
 * | 1 + T  | rest  | the inner serializer's bytes                  |
 *
 * The tag is encrypted too: it tells a reader whether a value is raw bytes or JSON, which
 * is already more than storage should learn, and it must not be swappable without the key.
 */
export interface TypedBytes {
  type: string;
  bytes: Uint8Array;
}

const MAX_TYPE_BYTES = 255;

export function encodeTypedPlaintext(value: TypedBytes): Uint8Array {
  const type = Buffer.from(value.type, "utf8");
  if (type.byteLength > MAX_TYPE_BYTES) {
    throw new InvalidConfigError(
      `the inner serializer returned a type tag of ${type.byteLength} bytes; at most ${MAX_TYPE_BYTES} fit`,
      { field: "serde" },
    );
  }
  return Buffer.concat([Buffer.from([type.byteLength]), type, value.bytes]);
}

export function decodeTypedPlaintext(plaintext: Uint8Array): TypedBytes {
  const typeLength = plaintext[0];
  if (typeLength === undefined || plaintext.byteLength < 1 + typeLength) {
    // Authenticated plaintext of the wrong shape: written by a different program with the same key.
    throw new CorruptCheckpointError("decrypted value has no complete type tag");
  }
  const body = plaintext.subarray(1 + typeLength);
  return {
    type: Buffer.from(plaintext.buffer, plaintext.byteOffset + 1, typeLength).toString("utf8"),
    // A copy in an ArrayBuffer of its own: small Buffers share Node's allocation pool, and a
    // `bytes` value handed to the graph must not expose its neighbours through `.buffer`.
    bytes: new Uint8Array(body),
  };
}
