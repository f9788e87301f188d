/** How long a failing call took to reject, and with what. */
export interface Rejection {
  error: Error;
  elapsedMs: number;
}

const measured: { fault: string; error: string; elapsedMs: number }[] = [];

/**
 * Awaits a call that must fail and measures how long it took. With REPORT_FAULT_TIMES=1 the
 * measurements are printed as a table when the file's tests are done (see the README's error
 * table); tests assert generous bounds only, never speed.
 */
export async function timeRejection(
  fault: string,
  call: () => Promise<unknown>,
): Promise<Rejection> {
  const startedAt = performance.now();
  const outcome = await call().then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  const elapsedMs = Math.round(performance.now() - startedAt);
  if (outcome === undefined) throw new Error(`${fault}: expected the call to fail`);
  measured.push({ fault, error: `${outcome.name}: ${outcome.message}`, elapsedMs });
  return { error: outcome, elapsedMs };
}

afterAll(() => {
  if (process.env.REPORT_FAULT_TIMES !== "1" || measured.length === 0) return;
  const lines = measured.map(
    ({ fault, error, elapsedMs }) => `| ${fault} | ${elapsedMs} ms | ${error} |`,
  );
  process.stdout.write(
    `\n| fault | time to reject | error |\n|---|---|---|\n${lines.join("\n")}\n`,
  );
});
