import { JsonPlusSerializer, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { CorruptCheckpointError } from "../errors/corrupt-checkpoint-error.js";
import { InvalidConfigError } from "../errors/invalid-config-error.js";
import type { EncryptedSerializerOptions } from "./encrypted-serializer-options.js";
import { openEnvelope, readEnvelope, sealEnvelope } from "./encryption-envelope.js";
import { EncryptionKeyRing } from "./encryption-keys.js";
import { decodeTypedPlaintext, encodeTypedPlaintext } from "./typed-plaintext.js";

/** The type tag every encrypted value is stored under; the inner tag is inside the ciphertext. */
export const ENCRYPTED_VALUE_TYPE = "encrypted";

/**
 * A `SerializerProtocol` that encrypts what another serializer writes with AES-256-GCM, for
 * the `serde` option of every checkpointkit saver. Each value is stored as an envelope naming
 * the key id it was encrypted with (see encryption-envelope.ts), so keys can rotate: new
 * values use `currentKeyId`, older values decrypt as long as their key is still in `keys`.
 *
 * Reading: a value whose key id is not in `keys` is an `InvalidConfigError`; a changed,
 * truncated or foreign value is a `CorruptCheckpointError` (savers report both as the
 * `cause` of their own `CorruptCheckpointError`, naming where the value lives).
 */
export class EncryptedSerializer implements SerializerProtocol {
  // Private fields: `util.inspect`, loggers and JSON.stringify of the serde show none of this.
  readonly #keyRing: EncryptionKeyRing;
  readonly #inner: SerializerProtocol;
  readonly #readUnencrypted: boolean;

  constructor(options: EncryptedSerializerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidConfigError("EncryptedSerializer needs { keys, currentKeyId }", {
        field: "keys",
      });
    }
    this.#keyRing = new EncryptionKeyRing(options.keys, options.currentKeyId);
    this.#inner = validInnerSerializer(options.serde);
    this.#readUnencrypted = options.readUnencrypted === true;
  }

  /** The key id new values are encrypted with. */
  get currentKeyId(): string {
    return this.#keyRing.currentKeyId;
  }

  /** Every key id this serializer can decrypt. */
  get keyIds(): string[] {
    return this.#keyRing.keyIds;
  }

  async dumpsTyped(value: unknown): Promise<[string, Uint8Array]> {
    const [type, serialized] = await this.#inner.dumpsTyped(value);
    // The protocol says bytes, but serializers written for it sometimes return text.
    const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
    const plaintext = encodeTypedPlaintext({ type, bytes });
    const { currentKeyId } = this.#keyRing;
    return [ENCRYPTED_VALUE_TYPE, sealEnvelope(currentKeyId, this.#keyRing.currentKey, plaintext)];
  }

  async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    if (type !== ENCRYPTED_VALUE_TYPE) {
      if (this.#readUnencrypted) return this.#inner.loadsTyped(type, data);
      throw new CorruptCheckpointError(
        `value is stored unencrypted (type ${JSON.stringify(type)}); set readUnencrypted to read values written before encryption`,
      );
    }
    if (typeof data === "string") {
      // An envelope is binary: a saver that hands over text has already lost bytes.
      throw new CorruptCheckpointError("encrypted value was handed over as text, not bytes");
    }
    const envelope = readEnvelope(data);
    const plaintext = openEnvelope(envelope, this.#keyRing.keyFor(envelope.keyId));
    const inner = decodeTypedPlaintext(plaintext);
    return this.#inner.loadsTyped(inner.type, inner.bytes);
  }
}

/** Same as `new EncryptedSerializer(options)`. */
export function createEncryptedSerializer(
  options: EncryptedSerializerOptions,
): EncryptedSerializer {
  return new EncryptedSerializer(options);
}

function validInnerSerializer(serde: SerializerProtocol | undefined): SerializerProtocol {
  if (serde === undefined) return new JsonPlusSerializer();
  if (
    typeof serde !== "object" ||
    serde === null ||
    typeof serde.dumpsTyped !== "function" ||
    typeof serde.loadsTyped !== "function"
  ) {
    throw new InvalidConfigError("serde must have dumpsTyped and loadsTyped methods", {
      field: "serde",
    });
  }
  return serde;
}
