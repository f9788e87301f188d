import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { faultMatrixMarkdown } from "../../src/fault-matrix/fault-matrix-table.cjs";
import { measureOperation } from "../../src/fault-matrix/operation-outcome.js";
import { secretLeaks } from "../../src/fault-matrix/secret-leaks.js";
import { PENDING_SPECS_ENV, PendingCaseGate } from "../../src/spec/pending-cases.js";

describe("measureOperation", () => {
  it("tells resolved, typed rejections, untyped ones and hung calls apart", async () => {
    expect(await measureOperation(async () => "ok", 1_000)).toMatchObject({
      settled: "resolved",
      errorClass: undefined,
    });
    const unavailable = new BackendUnavailableError("timed out", { backend: "redis" });
    expect(await measureOperation(() => Promise.reject(unavailable), 1_000)).toMatchObject({
      settled: "rejected",
      errorClass: "BackendUnavailableError",
      message: "timed out",
    });
    const invalid = new InvalidConfigError("wrong password", { field: "url" });
    expect(await measureOperation(() => Promise.reject(invalid), 1_000)).toMatchObject({
      errorClass: "InvalidConfigError",
    });
    expect(await measureOperation(() => Promise.reject(new TypeError("x")), 1_000)).toMatchObject({
      errorClass: "untyped TypeError",
    });
    const hung = await measureOperation(() => new Promise(() => {}), 50);
    expect(hung.settled).toBe("still pending");
    expect(hung.elapsedMs).toBeGreaterThanOrEqual(45);
  });
});

describe("faultMatrixMarkdown", () => {
  const outcome = (settled: "resolved" | "rejected", errorClass?: string, elapsedMs = 10) => ({
    settled,
    elapsedMs,
    errorClass,
    message: undefined,
  });

  it("summarises fault × saver and details every operation, marking what failed", () => {
    const markdown = faultMatrixMarkdown([
      {
        saver: "A",
        fault: "refused",
        operation: "put",
        expected: "BackendUnavailableError",
        outcome: outcome("rejected", "BackendUnavailableError", 12),
        deadlineMs: 1000,
        passed: true,
      },
      {
        saver: "A",
        fault: "refused",
        operation: "list",
        expected: "BackendUnavailableError",
        outcome: outcome("resolved", undefined, 30),
        deadlineMs: 1000,
        passed: false,
      },
      {
        saver: "B",
        fault: "refused",
        operation: "put",
        expected: "BackendUnavailableError",
        outcome: outcome("rejected", "BackendUnavailableError", 7),
        deadlineMs: 2000,
        passed: true,
      },
    ]);
    expect(markdown).toContain("| fault | A | B |");
    expect(markdown).toContain(
      "| refused | ✗ 1/2 failed: BackendUnavailable / resolved, ≤ 30 ms | BackendUnavailable, ≤ 7 ms |",
    );
    expect(markdown).toContain("#### A (deadline 1000 ms)");
    expect(markdown).toContain("| refused | BackendUnavailable, 12 ms | ✗ resolved, 30 ms |");
  });
});

describe("PendingCaseGate", () => {
  it("refuses a pending id that names no case", () => {
    const gate = new PendingCaseGate("spec", ["refused × put"]);
    expect(() => gate.assertAllUsed()).toThrow(/"refused × put"/);
  });

  it("runs a pending case only when the variable is set", () => {
    const gate = new PendingCaseGate("spec", ["waiting"]);
    const previous = process.env[PENDING_SPECS_ENV];
    try {
      delete process.env[PENDING_SPECS_ENV];
      expect(gate.runs("waiting")).toBe(false);
      expect(gate.runs("other")).toBe(true);
      process.env[PENDING_SPECS_ENV] = "1";
      expect(gate.runs("waiting")).toBe(true);
    } finally {
      if (previous === undefined) delete process.env[PENDING_SPECS_ENV];
      else process.env[PENDING_SPECS_ENV] = previous;
    }
  });

  describe("registers a pending case as skipped", () => {
    const gate = new PendingCaseGate("spec", ["fails until fixed"]);
    if (process.env[PENDING_SPECS_ENV] !== "1") {
      // Skipped, so its failure never runs; registered, so assertAllUsed accepts the id.
      gate.it("fails until fixed", "throws", async () => {
        throw new Error("a pending case ran");
      });
      gate.assertAllUsed();
    }
    it("(the case above is listed as skipped)", () => {});
  });
});

describe("secretLeaks", () => {
  const secret = "pa/ss word 123";

  it("finds a secret in the message, the cause chain or a property util.inspect prints", () => {
    expect(secretLeaks(new Error(`login as ${secret} failed`), [secret])).toContain(
      "message shows secret #1",
    );
    const wrapped = new Error("login failed", { cause: new Error(`AUTH ${secret}`) });
    expect(secretLeaks(wrapped, [secret])).toContain("cause message shows secret #1");
    const withArgs = Object.assign(new Error("ERR"), {
      command: { args: [encodeURIComponent(secret)] },
    });
    expect(secretLeaks(withArgs, [secret])).toContain("util.inspect shows secret #1");
  });

  it("passes an error that shows none, and ignores secrets too short to tell apart", () => {
    expect(secretLeaks(new Error("login refused"), [secret])).toEqual([]);
    expect(secretLeaks(new Error("key abc"), ["abc"])).toEqual([]);
  });
});
