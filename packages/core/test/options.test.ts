import {
  CorruptCheckpointError,
  decodeValue,
  encodeValue,
  InvalidConfigError,
} from "../src/index.js";
import {
  readCheckpointConfig,
  readThreadConfig,
  validateCompressionOptions,
  validatePruneOptions,
  validateRetentionOptions,
} from "../src/internal.js";

describe("thread config", () => {
  it("reads thread, namespace and checkpoint id", () => {
    expect(readThreadConfig({ configurable: { thread_id: "t", checkpoint_ns: "sub" } })).toEqual({
      threadId: "t",
      checkpointNs: "sub",
      checkpointId: undefined,
    });
  });

  it("throws a typed error without thread_id or checkpoint_id", () => {
    expect(() => readThreadConfig({ configurable: {} })).toThrow(InvalidConfigError);
    expect(() => readThreadConfig({})).toThrow("configurable.thread_id is required");
    expect(() => readCheckpointConfig({ configurable: { thread_id: "t" } })).toThrow(
      "configurable.checkpoint_id is required",
    );
    expect(() => readThreadConfig({ configurable: { thread_id: { x: 1 } } })).toThrow(
      InvalidConfigError,
    );
  });
});

describe("retention options", () => {
  it("rejects non-positive or fractional TTLs", () => {
    expect(() => validateRetentionOptions({ ttlSeconds: 0 })).toThrow(InvalidConfigError);
    expect(() => validateRetentionOptions({ ttlSeconds: 1.5 })).toThrow(InvalidConfigError);
    expect(() => validateRetentionOptions({ ttlSeconds: 60 })).not.toThrow();
  });

  it("refuses a prune without a criterion, so a typo cannot wipe a database", () => {
    expect(() => validatePruneOptions({ threadId: "t" })).toThrow(InvalidConfigError);
    expect(() => validatePruneOptions({ keepLatest: 0 })).toThrow(InvalidConfigError);
    expect(() => validatePruneOptions({ olderThan: new Date("nope") })).toThrow(InvalidConfigError);
    expect(() => validatePruneOptions({ keepLatest: 3 })).not.toThrow();
  });
});

describe("compression", () => {
  const large = new TextEncoder().encode("checkpoint ".repeat(10_000));

  it.each(["gzip", "brotli"] as const)(
    "round-trips large values with %s and records it",
    (algorithm) => {
      const encoded = encodeValue(large, { algorithm, thresholdBytes: 1024 });
      expect(encoded.encoding).toBe(algorithm);
      expect(encoded.bytes.byteLength).toBeLessThan(large.byteLength / 10);
      expect(Buffer.from(decodeValue(encoded)).equals(Buffer.from(large))).toBe(true);
    },
  );

  it("stores small or incompressible values as they are", () => {
    const small = new Uint8Array([1, 2, 3]);
    expect(encodeValue(small, { algorithm: "gzip" })).toEqual({
      encoding: "identity",
      bytes: small,
    });
    expect(encodeValue(large, undefined).encoding).toBe("identity");
  });

  it("reports undecodable data as corrupt", () => {
    expect(() => decodeValue({ encoding: "gzip", bytes: new Uint8Array([1, 2, 3]) })).toThrow(
      CorruptCheckpointError,
    );
  });

  it("validates options", () => {
    expect(() => validateCompressionOptions({ algorithm: "zstd" as never })).toThrow(
      InvalidConfigError,
    );
    expect(() => validateCompressionOptions({ algorithm: "gzip", thresholdBytes: -1 })).toThrow(
      InvalidConfigError,
    );
  });
});
