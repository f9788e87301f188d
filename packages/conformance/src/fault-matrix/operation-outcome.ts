import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";

/** How one operation under a fault ended, and how long it took. */
export interface OperationOutcome {
  settled: "resolved" | "rejected" | "still pending";
  elapsedMs: number;
  /** `BackendUnavailableError`, `InvalidConfigError`, or the untyped error's own name. */
  errorClass: string | undefined;
  /** The first line of the error's message, shortened. */
  message: string | undefined;
}

/** An outcome with the error itself, for checks the table does not show. */
export interface MeasuredOperation extends OperationOutcome {
  error?: unknown;
}

export type ExpectedErrorClass = "BackendUnavailableError" | "InvalidConfigError";

/** The typed class of `error` (by `isInstance`, so another copy of core counts too). */
export function errorClassOf(error: unknown): string {
  if (BackendUnavailableError.isInstance(error)) return "BackendUnavailableError";
  if (InvalidConfigError.isInstance(error)) return "InvalidConfigError";
  const name = (error as { name?: unknown } | null)?.name;
  return `untyped ${typeof name === "string" ? name : typeof error}`;
}

function shortMessage(error: unknown): string {
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  const firstLine = message.split("\n")[0] ?? "";
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}

/**
 * Runs `operation` and waits for it at most `giveUpAfterMs`: an operation that outlives that
 * is reported as still pending (and left running: there is no way to cancel it), so one hung
 * call fails its own test instead of the whole run.
 */
export async function measureOperation(
  operation: () => Promise<unknown>,
  giveUpAfterMs: number,
): Promise<MeasuredOperation> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<MeasuredOperation>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          settled: "still pending",
          elapsedMs: elapsed(),
          errorClass: undefined,
          message: undefined,
        }),
      giveUpAfterMs,
    );
  });
  const settled = Promise.resolve()
    .then(operation)
    .then(
      (): MeasuredOperation => ({
        settled: "resolved",
        elapsedMs: elapsed(),
        errorClass: undefined,
        message: undefined,
      }),
      (error: unknown): MeasuredOperation => ({
        settled: "rejected",
        elapsedMs: elapsed(),
        errorClass: errorClassOf(error),
        message: shortMessage(error),
        error,
      }),
    );
  try {
    return await Promise.race([settled, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
