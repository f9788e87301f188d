// @ts-check
// The jest test environment of the preset: jest's own Node environment, plus a recorder of
// every uncaught exception (an unhandled 'error' event is one) and unhandled rejection that
// reaches the worker process while a test file runs. It lives outside the test sandbox
// because the sandbox's `process` is a copy whose listeners Node never calls; the sandbox
// reads the records through a global (see process-fault-guard.ts), which fails the test.
const path = require("node:path");

const RECORDER_KEY = Symbol.for("checkpointkit.conformance.processFaultRecorder");

/**
 * jest-environment-node of the jest that runs this file (jest → jest-cli → jest-config, which
 * depends on it): resolved through that chain so its version always matches the runner's.
 */
function loadNodeEnvironment() {
  const resolveFrom = (request, directory) => require.resolve(request, { paths: [directory] });
  const jestDir = path.dirname(resolveFrom("jest/package.json", __dirname));
  const cliDir = path.dirname(resolveFrom("jest-cli/package.json", jestDir));
  const configDir = path.dirname(resolveFrom("jest-config/package.json", cliDir));
  const environmentModule = require(resolveFrom("jest-environment-node", configDir));
  return environmentModule.TestEnvironment ?? environmentModule.default ?? environmentModule;
}

const NodeEnvironment = loadNodeEnvironment();

/**
 * @typedef {{ kind: "uncaughtException" | "unhandledRejection"; error: unknown; promise?: Promise<unknown>; atMs: number }} ProcessFault
 */

class ProcessFaultEnvironment extends NodeEnvironment {
  /** @type {ProcessFault[]} */
  #faults = [];
  /** @type {Array<[string, (...args: any[]) => void]>} */
  #listeners = [];

  /** @param {any[]} args */
  constructor(...args) {
    // @ts-ignore -- the base class's constructor signature is jest's.
    super(...args);
    const faults = this.#faults;
    this.global[RECORDER_KEY] = {
      /** Records taken since the last call, oldest first; the list is emptied. */
      take() {
        return faults.splice(0, faults.length);
      },
      /** Records so far, without taking them. */
      peek() {
        return [...faults];
      },
    };
  }

  /**
   * jest-circus replaces the process's listeners for these events with its own at its
   * "setup" event and restores the old ones at "teardown", so ours are added after its
   * "setup" handler ran (environment handlers run after circus's) and removed at "teardown".
   * @param {{ name: string }} event
   */
  handleTestEvent(event) {
    if (event.name === "setup") this.#listen();
    if (event.name === "teardown") this.#stopListening();
  }

  async teardown() {
    this.#stopListening();
    await super.teardown();
  }

  #listen() {
    if (this.#listeners.length > 0) return;
    const faults = this.#faults;
    /** @type {Array<[string, (...args: any[]) => void]>} */
    const listeners = [
      [
        "uncaughtException",
        (error) => faults.push({ kind: "uncaughtException", error, atMs: Date.now() }),
      ],
      [
        "unhandledRejection",
        (error, promise) =>
          faults.push({ kind: "unhandledRejection", error, promise, atMs: Date.now() }),
      ],
      [
        // A rejection handled after Node reported it was not lost after all.
        "rejectionHandled",
        (promise) => {
          const index = faults.findIndex((fault) => fault.promise === promise);
          if (index !== -1) faults.splice(index, 1);
        },
      ],
    ];
    for (const [event, listener] of listeners) process.on(event, listener);
    this.#listeners = listeners;
  }

  #stopListening() {
    for (const [event, listener] of this.#listeners) process.removeListener(event, listener);
    this.#listeners = [];
  }
}

module.exports = ProcessFaultEnvironment;
module.exports.RECORDER_KEY = RECORDER_KEY;
