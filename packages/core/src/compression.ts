import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { CorruptCheckpointError } from "./errors/corrupt-checkpoint-error.js";
import { InvalidConfigError } from "./errors/invalid-config-error.js";

export type CompressionAlgorithm = "gzip" | "brotli";

/** How a stored value is encoded; recorded next to each value so reads need no option. */
export type ValueEncoding = "identity" | "gzip" | "brotli";

export interface CompressionOptions {
  /** Algorithm for values at or above the threshold. */
  algorithm: CompressionAlgorithm;
  /**
   * Values smaller than this many bytes are stored as they are: small values gain little and
   * cost CPU on every read.
   * @default 16384
   */
  thresholdBytes?: number;
}

export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 16_384;

export interface EncodedValue {
  encoding: ValueEncoding;
  bytes: Uint8Array;
}

export function validateCompressionOptions(options: CompressionOptions | undefined): void {
  if (options === undefined) return;
  if (options.algorithm !== "gzip" && options.algorithm !== "brotli") {
    throw new InvalidConfigError(`compression.algorithm must be "gzip" or "brotli"`, {
      field: "compression.algorithm",
    });
  }
  const threshold = options.thresholdBytes;
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 0)) {
    throw new InvalidConfigError("compression.thresholdBytes must be an integer ≥ 0", {
      field: "compression.thresholdBytes",
    });
  }
}

/** Compresses `bytes` when options are given and the value is large enough and actually shrinks. */
export function encodeValue(
  bytes: Uint8Array,
  options: CompressionOptions | undefined,
): EncodedValue {
  const threshold = options?.thresholdBytes ?? DEFAULT_COMPRESSION_THRESHOLD_BYTES;
  if (options === undefined || bytes.byteLength < threshold) {
    return { encoding: "identity", bytes };
  }
  const compressed = options.algorithm === "gzip" ? gzipSync(bytes) : brotliCompressSync(bytes);
  if (compressed.byteLength >= bytes.byteLength) {
    return { encoding: "identity", bytes };
  }
  return { encoding: options.algorithm, bytes: compressed };
}

export function decodeValue(encoded: EncodedValue): Uint8Array {
  try {
    switch (encoded.encoding) {
      case "identity":
        return encoded.bytes;
      case "gzip":
        return gunzipSync(encoded.bytes);
      case "brotli":
        return brotliDecompressSync(encoded.bytes);
      default:
        throw new Error(`unknown value encoding ${String(encoded.encoding)}`);
    }
  } catch (error) {
    throw new CorruptCheckpointError(`stored value could not be decoded (${encoded.encoding})`, {
      cause: error,
    });
  }
}
