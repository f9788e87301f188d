import { InvalidConfigError } from "@checkpointkit/core";

/**
 * `requireLease` and `concurrency` are options of the other savers (see the core README,
 * "Thread leases and optimistic concurrency"); CosmosSaver does not enforce them yet. Passed
 * anyway (plain JavaScript, or one options object shared between savers), they are refused:
 * ignored, they would leave writes unfenced that their author believes fenced.
 */
export function refuseWriteFenceOptions(options: object): void {
  for (const name of ["requireLease", "concurrency"]) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined || value === false || value === "fork") continue;
    throw new InvalidConfigError(
      `CosmosSaver has no thread leases or optimistic concurrency yet: ${name} would not be enforced`,
      { field: name },
    );
  }
}
