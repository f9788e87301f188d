import { withDeadline } from "../src/internal.js";

describe("withDeadline", () => {
  it("rejects with the timeout error and aborts the operation's signal", async () => {
    let seen: AbortSignal | undefined;
    const timeout = new Error("timed out");
    await expect(
      withDeadline(
        (signal) => {
          seen = signal;
          return new Promise(() => {});
        },
        { timeoutMs: 20, onTimeout: () => timeout },
      ),
    ).rejects.toBe(timeout);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(timeout);
  });

  it("passes through a result or an error that comes in time", async () => {
    const options = { timeoutMs: 1_000, onTimeout: () => new Error("late") };
    await expect(withDeadline(async () => 5, options)).resolves.toBe(5);
    await expect(
      withDeadline(async () => {
        throw new Error("own");
      }, options),
    ).rejects.toThrow("own");
  });

  it("swallows the abandoned operation's later rejection", async () => {
    const unhandled = jest.fn();
    process.on("unhandledRejection", unhandled);
    try {
      let rejectLate: (error: Error) => void = () => {};
      const late = new Promise<never>((_, reject) => {
        rejectLate = reject;
      });
      await expect(
        withDeadline(() => late, { timeoutMs: 5, onTimeout: () => new Error("deadline") }),
      ).rejects.toThrow("deadline");
      rejectLate(new Error("after"));
      await late.catch(() => {});
      // Unhandled rejections are reported once the microtask queue has drained.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
