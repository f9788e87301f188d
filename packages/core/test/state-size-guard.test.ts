import {
  InvalidConfigError,
  type LargeStateEvent,
  PayloadTooLargeError,
  StateSizeGuard,
} from "../src/index.js";

const write = {
  operation: "put" as const,
  threadId: "t",
  checkpointNs: "",
  checkpointId: "c1",
  channels: [
    { channel: "small", bytes: 10, storedBytes: 10 },
    { channel: "big", bytes: 900, storedBytes: 300 },
  ],
  overheadBytes: 50,
};

describe("StateSizeGuard", () => {
  it("refuses a write over maxCheckpointBytes, naming the largest channel and no value", () => {
    const guard = new StateSizeGuard({ maxCheckpointBytes: 359 });
    let error: unknown;
    try {
      guard.check(write);
    } catch (caught) {
      error = caught;
    }
    expect(PayloadTooLargeError.isInstance(error)).toBe(true);
    const refused = error as PayloadTooLargeError;
    expect(refused.sizeBytes).toBe(360);
    expect(refused.limitBytes).toBe(359);
    expect(refused.message).toMatch(/"big" 300 bytes, "small" 10 bytes/);
    expect(refused.message).toContain('"c1"');
    expect(() => new StateSizeGuard({ maxCheckpointBytes: 360 }).check(write)).not.toThrow();
  });

  it("calls onLargeState past the threshold with channels largest first, once per put", () => {
    const events: LargeStateEvent[] = [];
    const guard = new StateSizeGuard({
      largeStateWarningBytes: 359,
      onLargeState: (event) => {
        events.push(event);
      },
    });
    guard.check(write);
    guard.check({ ...write, operation: "putWrites" });
    guard.check({ ...write, channels: [] });
    expect(events).toEqual([
      {
        threadId: "t",
        checkpointNs: "",
        checkpointId: "c1",
        totalBytes: 360,
        channels: [write.channels[1], write.channels[0]],
      },
    ]);
  });

  it("a throwing or rejecting hook is reported as a warning, never thrown into the write", async () => {
    let warnings: unknown[] = [];
    const emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      new StateSizeGuard({
        largeStateWarningBytes: 1,
        onLargeState: () => {
          throw new TypeError("secret state");
        },
      }).check(write);
      new StateSizeGuard({
        largeStateWarningBytes: 1,
        onLargeState: async () => {
          throw new RangeError("secret state");
        },
      }).check(write);
      await new Promise((resolve) => setImmediate(resolve));
      // Read before mockRestore, which clears the recorded calls.
      warnings = emitWarning.mock.calls.map((call) => call[0]);
    } finally {
      emitWarning.mockRestore();
    }
    expect(warnings).toEqual([
      "onLargeState threw (TypeError); the write went ahead",
      "onLargeState threw (RangeError); the write went ahead",
    ]);
  });

  it("refuses bad options at construction", () => {
    for (const options of [
      { maxCheckpointBytes: 0 },
      { maxCheckpointBytes: 1.5 },
      { largeStateWarningBytes: -1 },
      { onLargeState: "no" as unknown as () => void },
    ]) {
      expect(() => new StateSizeGuard(options)).toThrow(InvalidConfigError);
    }
  });
});
