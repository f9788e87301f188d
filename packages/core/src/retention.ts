import { InvalidConfigError } from "./errors/invalid-config-error.js";
import { describeType, readThreadIdArgument } from "./input/well-formed-id.js";
import { requirePositiveInteger } from "./option-checks.js";

/** Time-based retention, shared by every saver's options. */
export interface RetentionOptions {
  /**
   * Seconds after the last write (or read, with `refreshTtlOnRead`) after which a thread's
   * data may be dropped by the backend. Undefined keeps data until deleted or pruned.
   * @default undefined
   */
  ttlSeconds?: number;
  /**
   * Restart the TTL clock when a thread is read, where the backend can do so cheaply.
   * @default false
   */
  refreshTtlOnRead?: boolean;
}

/** What `prune` removes: everything matching all given criteria, never the latest checkpoint of a namespace. */
export interface PruneOptions {
  /** Only this thread; all threads when undefined. */
  threadId?: string;
  /** Keep this many newest checkpoints per (thread, namespace); older ones go. */
  keepLatest?: number;
  /** Remove checkpoints written before this instant (a `Date` or epoch milliseconds). */
  olderThan?: Date | number;
}

/** What a `prune` call removed. */
export interface PruneResult {
  deletedCheckpoints: number;
}

export function validateRetentionOptions(options: RetentionOptions): void {
  requirePositiveInteger(options.ttlSeconds, "ttlSeconds");
}

/** Checks `prune` options; at least one of `keepLatest` / `olderThan` is required so a typo cannot wipe everything. */
export function validatePruneOptions(options: PruneOptions): void {
  const { keepLatest, olderThan } = options;
  if (keepLatest === undefined && olderThan === undefined) {
    throw new InvalidConfigError("prune needs keepLatest or olderThan", { field: "keepLatest" });
  }
  if (keepLatest !== undefined && !(Number.isInteger(keepLatest) && keepLatest >= 1)) {
    throw new InvalidConfigError(`keepLatest must be an integer ≥ 1, got ${keepLatest}`, {
      field: "keepLatest",
    });
  }
  if (olderThan !== undefined && Number.isNaN(toEpochMs(olderThan))) {
    throw new InvalidConfigError("olderThan must be a valid Date or epoch milliseconds", {
      field: "olderThan",
    });
  }
}

export function toEpochMs(instant: Date | number): number {
  return instant instanceof Date ? instant.getTime() : Number(instant);
}

/** `PruneOptions` once read: the thread id is a string, and a criterion is always set. */
export interface ResolvedPruneOptions extends PruneOptions {
  threadId: string | undefined;
}

/**
 * Reads the argument of `prune(options?)` the same way in every saver. `keepLatest` and
 * `olderThan` apply as given; with neither, `olderThan` is now minus the saver's `ttlSeconds`,
 * and a saver without `ttlSeconds` refuses, so a bare `prune()` never wipes history by
 * accident. `threadId` is read like every thread argument (a finite number is its decimal
 * string; `null` or an object is refused). Throws `InvalidConfigError`.
 */
export function resolvePruneOptions(
  options: PruneOptions | undefined,
  ttlSeconds: number | undefined,
  nowMs: number = Date.now(),
): ResolvedPruneOptions {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidConfigError(`prune options must be an object, got ${describeType(options)}`, {
      field: "options",
    });
  }
  const given = options ?? {};
  const threadId =
    given.threadId === undefined ? undefined : readThreadIdArgument(given.threadId, "threadId");
  const withoutCriteria = given.keepLatest === undefined && given.olderThan === undefined;
  if (withoutCriteria && ttlSeconds === undefined) {
    throw new InvalidConfigError(
      "prune needs keepLatest or olderThan (a saver with ttlSeconds prunes what is older than its TTL)",
      { field: "keepLatest" },
    );
  }
  const resolved: ResolvedPruneOptions = withoutCriteria
    ? { ...given, threadId, olderThan: nowMs - (ttlSeconds as number) * 1000 }
    : { ...given, threadId };
  validatePruneOptions(resolved);
  return resolved;
}
