/** One measured rejection: which fault, which operation, how long until it rejected, with what. */
export interface FaultTiming {
  fault: string;
  operation: string;
  elapsedMs: number;
  error: unknown;
}

const timings: FaultTiming[] = [];

export function recordFaultTiming(timing: FaultTiming): void {
  timings.push(timing);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message}`.slice(0, 140);
}

/**
 * Prints the measured time to reject per fault and operation when `COSMOS_FAULT_REPORT=1`,
 * which is how the README's error table was measured; silent otherwise.
 */
export function reportFaultTimings(): void {
  if (process.env.COSMOS_FAULT_REPORT !== "1" || timings.length === 0) return;
  const lines = ["| fault | operation | time to reject (ms) | error |", "|---|---|---|---|"];
  for (const { fault, operation, elapsedMs, error } of timings) {
    lines.push(`| ${fault} | ${operation} | ${elapsedMs} | ${describeError(error)} |`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
