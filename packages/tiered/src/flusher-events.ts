/** Emitted after each committed batch. */
export interface FlushedEvent {
  entries: number;
  checkpoints: number;
  writes: number;
  deletes: number;
  durationMs: number;
  /** When Redis appended each flushed entry (epoch ms of its stream id), oldest first. */
  entryTimesMs: number[];
  /** When the cold tier committed the batch (epoch ms, local clock). */
  committedAtMs: number;
}

/** Emitted before each retry of a batch the cold tier (or Redis) failed. */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Emitted when an entry is moved to the dead-letter stream. */
export interface DeadLetterEvent {
  entryId: string;
  threadId: string | undefined;
  attempts: number;
  error: unknown;
}

/** Counters since the flusher started. */
export interface FlusherCounters {
  flushedEntries: number;
  flushedCheckpoints: number;
  flushedWrites: number;
  retries: number;
  deadLetters: number;
  sweptThreads: number;
}

/** Counters of a flusher that has done nothing yet. */
export function zeroCounters(): FlusherCounters {
  return {
    flushedEntries: 0,
    flushedCheckpoints: 0,
    flushedWrites: 0,
    retries: 0,
    deadLetters: 0,
    sweptThreads: 0,
  };
}

/** The events of `Flusher` (and `TieredSaver.events`). */
export interface FlusherEventMap {
  flushed: [FlushedEvent];
  retry: [RetryEvent];
  deadLetter: [DeadLetterEvent];
  /** A background step failed (sweep, claim); the flusher keeps going. */
  error: [unknown];
}
