import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";

export interface EncryptedSerializerOptions {
  /**
   * Every key that may have encrypted a stored value, by key id: 32-byte AES-256 keys
   * (`Buffer` or `Uint8Array`). Key ids are stored in plaintext next to each value, so they
   * must not be secret (use a name or a date, e.g. `"2026-12"`), 1–255 bytes of UTF-8.
   */
  keys: Readonly<Record<string, Uint8Array>>;
  /** The key id new values are encrypted with; must be one of `keys`. */
  currentKeyId: string;
  /**
   * The serializer whose output is encrypted (and which reads the decrypted bytes).
   * @default new JsonPlusSerializer()
   */
  serde?: SerializerProtocol;
  /**
   * Also read values stored before encryption was turned on: any type tag other than
   * `"encrypted"` goes to the inner serializer as it is. Such values are neither confidential
   * nor authenticated, and anyone able to write to storage can plant them; turn this off once
   * the old values are gone.
   * @default false
   */
  readUnencrypted?: boolean;
}
