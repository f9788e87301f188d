export {
  createEncryptedSerializer,
  ENCRYPTED_VALUE_TYPE,
  EncryptedSerializer,
} from "./encrypted-serializer.js";
export type { EncryptedSerializerOptions } from "./encrypted-serializer-options.js";
export { ENVELOPE_FORMAT_VERSION } from "./encryption-envelope.js";
export { ENCRYPTION_KEY_BYTES } from "./encryption-keys.js";
