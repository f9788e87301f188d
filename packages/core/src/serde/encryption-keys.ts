import { createSecretKey, type KeyObject } from "node:crypto";
import { InvalidConfigError } from "../errors/invalid-config-error.js";

/** AES-256 takes a 32-byte key. */
export const ENCRYPTION_KEY_BYTES = 32;

/** Key ids travel in every envelope behind a one-byte length. */
export const MAX_KEY_ID_BYTES = 255;

/**
 * The keys an `EncryptedSerializer` may use, by key id. The key material is copied into
 * `KeyObject`s held in a private field: neither `util.inspect`, `JSON.stringify` nor an
 * error built from this object can reach it, and zeroing or reusing the caller's buffers
 * afterwards changes nothing here.
 */
export class EncryptionKeyRing {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly currentKeyId: string;

  constructor(keys: unknown, currentKeyId: unknown) {
    if (typeof keys !== "object" || keys === null || Array.isArray(keys)) {
      throw new InvalidConfigError("keys must be an object of key id → 32-byte key", {
        field: "keys",
      });
    }
    const ring = new Map<string, KeyObject>();
    for (const [keyId, key] of Object.entries(keys)) {
      validateKeyId(keyId, `keys[${JSON.stringify(keyId)}]`);
      ring.set(keyId, toSecretKey(keyId, key));
    }
    if (ring.size === 0) {
      throw new InvalidConfigError("keys must hold at least one key", { field: "keys" });
    }
    if (typeof currentKeyId !== "string" || !ring.has(currentKeyId)) {
      const named = typeof currentKeyId === "string" ? JSON.stringify(currentKeyId) : "missing";
      throw new InvalidConfigError(`currentKeyId (${named}) must name one of the keys`, {
        field: "currentKeyId",
      });
    }
    this.#keys = ring;
    this.currentKeyId = currentKeyId;
  }

  /** The ids of every key held, so callers can tell which old values are still readable. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  get currentKey(): KeyObject {
    // The constructor checked that currentKeyId is in the ring.
    return this.#keys.get(this.currentKeyId) as KeyObject;
  }

  /**
   * The key a stored value names. A missing id is a configuration problem (the key was
   * removed from the ring too early, or another deployment wrote the value), not corruption:
   * the value is intact and readable again once the key is back.
   */
  keyFor(keyId: string): KeyObject {
    const key = this.#keys.get(keyId);
    if (key === undefined) {
      throw new InvalidConfigError(
        `the value was encrypted with key id ${JSON.stringify(keyId)}, which is not in keys`,
        { field: "keys" },
      );
    }
    return key;
  }
}

function validateKeyId(keyId: string, field: string): void {
  const length = Buffer.byteLength(keyId, "utf8");
  if (length === 0 || length > MAX_KEY_ID_BYTES) {
    throw new InvalidConfigError(
      `key ids must be 1 to ${MAX_KEY_ID_BYTES} bytes of UTF-8, got ${length}`,
      { field },
    );
  }
}

function toSecretKey(keyId: string, key: unknown): KeyObject {
  const field = `keys[${JSON.stringify(keyId)}]`;
  if (!(key instanceof Uint8Array)) {
    throw new InvalidConfigError(`${field} must be a Buffer or Uint8Array of 32 bytes`, { field });
  }
  if (key.byteLength !== ENCRYPTION_KEY_BYTES) {
    throw new InvalidConfigError(
      `${field} must be ${ENCRYPTION_KEY_BYTES} bytes (AES-256), got ${key.byteLength}`,
      { field },
    );
  }
  return createSecretKey(key);
}
