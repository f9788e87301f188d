import { inspect } from "node:util";
import { SanitizedCause, sanitizeCause } from "../src/errors/sanitize-cause.js";
import { BackendUnavailableError, InvalidConfigError } from "../src/index.js";

const PASSWORD = "hunter2-s3cret";

/** Shaped like ioredis's ReplyError after a failed AUTH: the command and its args ride along. */
function driverAuthError(): Error {
  const error = new Error("WRONGPASS invalid username-password pair or user is disabled.");
  Object.assign(error, {
    name: "ReplyError",
    command: { name: "auth", args: ["default", PASSWORD] },
    code: "WRONGPASS",
  });
  return error;
}

/** Shaped like Node's ERR_INVALID_URL: `input` keeps the whole URL. */
function invalidUrlError(): Error {
  const error = new TypeError("Invalid URL");
  Object.assign(error, { code: "ERR_INVALID_URL", input: `redis://user:${PASSWORD}@host:port` });
  return error;
}

function everythingPrinted(error: Error): string {
  return [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    String(error),
  ].join("\n");
}

describe("typed errors keep a sanitized copy of their cause", () => {
  it("drops the command arguments of a driver error, keeping its name, message and code", () => {
    const error = new InvalidConfigError("authentication failed", { cause: driverAuthError() });
    expect(everythingPrinted(error)).not.toContain(PASSWORD);
    expect(error.cause).toBeInstanceOf(SanitizedCause);
    expect(error.cause).toMatchObject({ name: "ReplyError", code: "WRONGPASS" });
    expect((error.cause as Error).message).toContain("WRONGPASS");
  });

  it("drops the input of a URL parse error", () => {
    const error = new InvalidConfigError("not a valid URL", { cause: invalidUrlError() });
    expect(everythingPrinted(error)).not.toContain(PASSWORD);
    expect(error.cause).toMatchObject({ code: "ERR_INVALID_URL" });
  });

  it("redacts secrets in messages and stacks all along the cause chain", () => {
    const inner = new Error(`connect to postgres://app:${PASSWORD}@db:5432/app failed`);
    const outer = new Error("pool error", { cause: driverAuthError() });
    (outer.cause as Error).cause = inner;
    const aggregate = new AggregateError([outer, invalidUrlError()], "all attempts failed");
    const error = new BackendUnavailableError("unreachable", {
      backend: "postgres",
      cause: aggregate,
    });
    const printed = everythingPrinted(error);
    expect(printed).not.toContain(PASSWORD);
    expect(printed).toContain("pool error");
    expect(printed).toContain("all attempts failed");
  });

  it("keeps causes that are already typed errors or sanitized copies as they are", () => {
    const typed = new InvalidConfigError("bad");
    expect(sanitizeCause(typed)).toBe(typed);
    const copy = sanitizeCause(new Error("x"));
    expect(sanitizeCause(copy)).toBe(copy);
  });

  it("describes a non-error object cause by its kind, not its content", () => {
    expect(sanitizeCause({ password: PASSWORD })).toBe("[Object]");
    expect(sanitizeCause(`password=${PASSWORD}`)).toBe("password=***");
    expect(sanitizeCause(42)).toBe(42);
  });

  it("cuts a cause chain that never ends", () => {
    const looping = new Error("loop");
    looping.cause = looping;
    const error = new BackendUnavailableError("x", { backend: "redis", cause: looping });
    expect(() => inspect(error, { depth: 20 })).not.toThrow();
  });
});
