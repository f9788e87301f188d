/**
 * Jest additions the official `@langchain/langgraph-checkpoint-validation` specs need.
 *
 * Those specs are written for vitest and call `expect.soft(actual)`, which jest lacks. Here
 * `expect.soft` returns jest's own matchers (including `.not`, `.resolves`, `.rejects`)
 * wrapped so a failing matcher is recorded instead of thrown: the test body keeps running,
 * like vitest's soft assertions, and an `afterEach` hook fails the test with every recorded
 * message. Jest attaches an `afterEach` error to the test that just ran, so the failure is
 * reported under the right test name. A soft failure therefore cannot pass silently.
 */

// Fails a test when an uncaught exception or unhandled rejection reached the process.
import "./process-fault-guard.js";

declare global {
  namespace jest {
    interface Expect {
      /** Like `expect`, but a failing matcher fails the test at its end instead of throwing. */
      soft<T = any>(actual: T): JestMatchers<T>;
    }
  }
}

const softFailures: Error[] = [];

function recordFailure(error: unknown): void {
  softFailures.push(error instanceof Error ? error : new Error(String(error)));
}

/** Wraps every matcher of `matchers` (and of its `.not`/`.resolves`/`.rejects` chains). */
function softened<M extends object>(matchers: M): M {
  return new Proxy(matchers, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member === "function") {
        return (...args: unknown[]) => {
          try {
            const result = member.apply(target, args);
            // `.resolves`/`.rejects` matchers return promises: record their rejection too.
            if (result instanceof Promise) return result.catch(recordFailure);
            return result;
          } catch (error) {
            recordFailure(error);
            return undefined;
          }
        };
      }
      if (typeof member === "object" && member !== null) return softened(member);
      return member;
    },
  });
}

/**
 * Marks the test file's global object once the hooks are registered: this module runs both as
 * a `setupFilesAfterEnv` entry and as an import of `describeCheckpointSaver`, and the hooks
 * must not be registered twice. Jest gives each test file a fresh global object.
 */
const INSTALLED = Symbol.for("checkpointkit.conformance.softExpectInstalled");

function installSoftExpect(): void {
  const globals = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (globals[INSTALLED]) return;
  globals[INSTALLED] = true;

  expect.soft = <T>(actual: T) => softened(expect(actual));

  beforeEach(() => {
    softFailures.length = 0;
  });

  afterEach(() => {
    if (softFailures.length === 0) return;
    const messages = softFailures.map((failure, index) => `#${index + 1}: ${failure.message}`);
    softFailures.length = 0;
    throw new Error(
      `expect.soft: ${messages.length} assertion(s) failed\n\n${messages.join("\n\n")}`,
    );
  });
}

installSoftExpect();
