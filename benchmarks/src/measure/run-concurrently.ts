import { performance } from "node:perf_hooks";

/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight, in index order, and rejects
 * with the first error once the tasks already started have settled. Once `startBefore` (a
 * `performance.now()` time) has passed, no new task starts. Resolves to the tasks started.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  startBefore = Number.POSITIVE_INFINITY,
): Promise<number> {
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < count && firstError === undefined && performance.now() < startBefore) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (firstError !== undefined) throw firstError;
  return next;
}
