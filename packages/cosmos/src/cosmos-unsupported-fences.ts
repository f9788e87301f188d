import type { WriteFenceOptions } from "@checkpointkit/core";
import { InvalidConfigError } from "@checkpointkit/core";
import { validateWriteFenceOptions } from "@checkpointkit/core/internal";

/**
 * Checks `requireLease` and `concurrency`. With `history: "latest"` CosmosSaver does not
 * enforce them yet (its put is another batch, see cosmos-put-latest.ts): refused, since
 * ignored they would leave writes unfenced that their author believes fenced.
 */
export function refuseWriteFenceOptions(options: WriteFenceOptions & { history?: unknown }): void {
  validateWriteFenceOptions(options);
  if (options.history !== "latest") return;
  for (const name of ["requireLease", "concurrency"] as const) {
    const value = options[name];
    if (value === undefined || value === false || value === "fork") continue;
    throw new InvalidConfigError(
      `CosmosSaver with history "latest" has no thread leases or optimistic concurrency yet: ${name} would not be enforced`,
      { field: name },
    );
  }
}

/** A lease token on a write of a `history: "latest"` CosmosSaver: refused, not ignored. */
export function refuseLatestHistoryLeaseToken(threadId: string): never {
  throw new InvalidConfigError(
    `CosmosSaver with history "latest" does not check lease tokens yet (thread ${JSON.stringify(threadId)})`,
    { field: "configurable.checkpointkit_lease_token" },
  );
}
