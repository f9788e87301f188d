import type { SaverHarness } from "../harness.js";

const DEFAULT_BEFORE_ALL_TIMEOUT_MS = 60_000;

/** Runs the harness's `beforeAll`/`afterAll` around the enclosing `describe`. */
export function useHarnessLifecycle(
  harness: Pick<SaverHarness, "beforeAll" | "afterAll" | "beforeAllTimeoutMs">,
): void {
  beforeAll(async () => {
    await harness.beforeAll?.();
  }, harness.beforeAllTimeoutMs ?? DEFAULT_BEFORE_ALL_TIMEOUT_MS);
  afterAll(async () => {
    await harness.afterAll?.();
  }, DEFAULT_BEFORE_ALL_TIMEOUT_MS);
}
