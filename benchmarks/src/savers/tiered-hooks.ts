/**
 * What the tiered scenario needs from a tiered saver beyond `BaseCheckpointSaver`. The tiered
 * plugin maps these onto the saver's own API (`flush()`, its metrics), so the scenario does
 * not depend on how the package names them.
 */
export interface TieredHooks {
  /** Resolves once everything acknowledged so far is in the cold tier. */
  flush(): Promise<void>;
  /** The saver's current flush lag (age of the oldest unflushed put), in milliseconds. */
  flushLagMs(): Promise<number>;
  /** Puts acknowledged but not yet in the cold tier. */
  backlog(): Promise<number>;
  /**
   * Round trips the flusher (both tiers) has made so far; kept apart from the saver's own.
   * Undefined when they cannot be counted (a flusher in a worker thread).
   */
  flusherRoundTrips(): number | undefined;
}
