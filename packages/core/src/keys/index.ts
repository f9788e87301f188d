export { boundKeyLength } from "./bound-key-length.js";
export {
  decodeKeyPart,
  encodeKeyPart,
  joinKeyParts,
  KEY_SEPARATOR,
  splitKeyParts,
} from "./key-part-encoding.js";
