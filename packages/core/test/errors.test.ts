import {
  BackendUnavailableError,
  CheckpointConflictError,
  CheckpointKitError,
  CorruptCheckpointError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "../src/index.js";
import { redactSecrets } from "../src/internal.js";

describe("typed errors", () => {
  it("carry their name, cause and fields", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new BackendUnavailableError("redis unreachable", {
      backend: "redis",
      cause,
      retryAfterMs: 50,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("BackendUnavailableError");
    expect(error.cause).toMatchObject({ name: "Error", message: "ECONNREFUSED" });
    expect(error.backend).toBe("redis");
    expect(error.retryAfterMs).toBe(50);
  });

  it("recognise their own instances and only those", () => {
    const config = new InvalidConfigError("missing thread_id", { field: "configurable.thread_id" });
    expect(InvalidConfigError.isInstance(config)).toBe(true);
    expect(CheckpointKitError.isInstance(config)).toBe(true);
    expect(CorruptCheckpointError.isInstance(config)).toBe(false);
    expect(InvalidConfigError.isInstance(new Error("x"))).toBe(false);
    expect(InvalidConfigError.isInstance(null)).toBe(false);
    expect(InvalidConfigError.isInstance("InvalidConfigError")).toBe(false);
  });

  it("recognise instances made by another copy of the module (cross-realm)", () => {
    jest.isolateModules(() => {
      const other = require("../src/index.js") as typeof import("../src/index.js");
      const foreign = new other.PayloadTooLargeError("too big", { sizeBytes: 3, limitBytes: 2 });
      expect(foreign).not.toBeInstanceOf(PayloadTooLargeError);
      expect(PayloadTooLargeError.isInstance(foreign)).toBe(true);
      expect(CheckpointConflictError.isInstance(foreign)).toBe(false);
    });
  });

  it("never put a secret into a message", () => {
    const messages = [
      new BackendUnavailableError("cannot connect to redis://app:s3cr3t-pw@cache.internal:6380/0", {
        backend: "redis",
      }),
      new BackendUnavailableError("postgres://admin:s3cr3t-pw@db:5432/app refused", {
        backend: "postgres",
      }),
      new InvalidConfigError(
        "bad AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=s3cr3t-pw==;",
      ),
      new InvalidConfigError("host=db password=s3cr3t-pw sslmode=require"),
    ].map((error) => error.message);
    for (const message of messages) {
      expect(message).not.toContain("s3cr3t-pw");
    }
    expect(messages[0]).toContain("redis://app:***@cache.internal:6380/0");
  });

  it("leave messages without secrets untouched", () => {
    expect(redactSecrets("thread case_8842 has no checkpoint 1ef-abc")).toBe(
      "thread case_8842 has no checkpoint 1ef-abc",
    );
  });
});
