import type { EventEmitter } from "node:events";
import type { FlusherCounters, FlusherEventMap } from "./flusher-events.js";

/**
 * The flusher a `TieredSaver` runs, in either mode: a `Flusher` on the application's event
 * loop (`in-process`) or a `FlusherWorker` driving one in a worker thread (`worker`).
 */
export interface TieredFlusher extends EventEmitter<FlusherEventMap> {
  readonly consumerName: string;
  /** Counters since the flusher started (in worker mode: as of its last event). */
  readonly counters: FlusherCounters;
  readonly running: boolean;
  start(): void;
  /**
   * Resolves once a started flusher reads the outbox (a worker thread has loaded and
   * connected), or once it stopped trying.
   */
  ready(): Promise<void>;
  wake(shard?: number): void;
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
  /** Resolves once the read-flush cycle under way (if any) has ended. */
  settled(): Promise<void>;
  /** The thread was deleted: nothing of it may be assumed to be in the cold tier any more. */
  forgetThread(threadId: string): void;
}
