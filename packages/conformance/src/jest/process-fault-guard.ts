/**
 * Fails a test when an uncaught exception (an unhandled `'error'` event is one) or an unhandled
 * rejection reached the process while it ran: a saver must never let a driver's error escape,
 * since in production that crashes the process. The records come from the preset's test
 * environment (`process-fault-environment.cjs`), which listens on the real `process`; the
 * sandbox's `process` is a copy that Node never emits on.
 *
 * jest 30 also fails a test for these on its own; this guard does not depend on the runner
 * doing so, names the fault kind, and lets specs ask whether the guard is active at all
 * (`processFaultGuardActive()`), so a fault spec can refuse to run unguarded.
 */

/** One uncaught exception or unhandled rejection that reached the process. */
export interface ProcessFault {
  kind: "uncaughtException" | "unhandledRejection";
  error: unknown;
  atMs: number;
}

interface ProcessFaultRecorder {
  take(): ProcessFault[];
  peek(): ProcessFault[];
}

const RECORDER_KEY = Symbol.for("checkpointkit.conformance.processFaultRecorder");
const INSTALLED = Symbol.for("checkpointkit.conformance.processFaultGuardInstalled");

function recorder(): ProcessFaultRecorder | undefined {
  return (globalThis as { [RECORDER_KEY]?: ProcessFaultRecorder })[RECORDER_KEY];
}

/** True when the test file runs in the preset's environment, so process faults fail tests. */
export function processFaultGuardActive(): boolean {
  return recorder() !== undefined;
}

/** The faults recorded so far in the current test (not taken: the guard still reports them). */
export function processFaultsSoFar(): ProcessFault[] {
  return recorder()?.peek() ?? [];
}

function describeFault(fault: ProcessFault): string {
  const error = fault.error;
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `non-error value ${String(error)}`;
  const what = fault.kind === "uncaughtException" ? "uncaught exception" : "unhandled rejection";
  return `${what} (${text})`;
}

/** Throws one error listing `faults`, with the first fault as its cause. */
function failWith(faults: ProcessFault[], when: string): void {
  if (faults.length === 0) return;
  const lines = faults.map((fault, index) => `#${index + 1}: ${describeFault(fault)}`);
  throw new Error(
    `process fault guard: ${faults.length} fault(s) reached the process ${when}\n${lines.join("\n")}`,
    { cause: faults[0]?.error },
  );
}

function installProcessFaultGuard(): void {
  const globals = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (globals[INSTALLED]) return;
  globals[INSTALLED] = true;

  // Faults between tests (after the previous test's afterEach) are reported by the next
  // test: they happened while this file ran, and are not lost.
  afterEach(() => {
    failWith(recorder()?.take() ?? [], "during or just before this test");
  });
  afterAll(() => {
    failWith(recorder()?.take() ?? [], "after the last test of this file");
  });
}

installProcessFaultGuard();
