import {
  type BackendName,
  BackendUnavailableError,
  CorruptCheckpointError,
  InvalidConfigError,
  PayloadTooLargeError,
} from "@checkpointkit/core";
import { redactSecrets } from "@checkpointkit/core/internal";
import type { ColdTierDescription } from "./cold-tier-description.js";
import type {
  DeadLetterEvent,
  FlushedEvent,
  FlusherCounters,
  RetryEvent,
} from "./flusher-events.js";
import type { FlusherOptions } from "./flusher-options.js";
import type { RedisConnectionDescription } from "./redis-connection-description.js";

/** What the flusher's worker thread is started with (`workerData`); holds secrets, never logged. */
export interface FlusherThreadData {
  redis: RedisConnectionDescription;
  cold: ColdTierDescription;
  keyPrefix: string | undefined;
  shardCount: number | undefined;
  /** Linux nice value the thread gives itself (see `TieredFlusherOptions.workerNice`). */
  nice: number;
  /** The flusher's options, `consumerName` set: a restarted worker keeps its name. */
  flusher: FlusherOptions & { consumerName: string };
}

/** Messages from the saver to its flusher's thread. */
export type ToFlusherThread =
  | { type: "wake"; shards: number[] }
  | { type: "forgetThread"; threadId: string }
  | { type: "settled"; requestId: number }
  | { type: "stop"; drainTimeoutMs: number };

/** An error as it crosses the thread boundary: its class, message (redacted) and fields. */
export interface EncodedError {
  name: string;
  message: string;
  backend?: BackendName;
  field?: string;
  sizeBytes?: number;
  limitBytes?: number;
}

/** Messages from the flusher's thread; each event carries the counters after it. */
export type FromFlusherThread =
  | { type: "ready" }
  | { type: "flushed"; event: FlushedEvent; counters: FlusherCounters }
  | {
      type: "retry";
      event: Omit<RetryEvent, "error">;
      error: EncodedError;
      counters: FlusherCounters;
    }
  | {
      type: "deadLetter";
      event: Omit<DeadLetterEvent, "error">;
      error: EncodedError;
      counters: FlusherCounters;
    }
  | { type: "error"; error: EncodedError; counters: FlusherCounters }
  | { type: "settled"; requestId: number }
  | { type: "stopped"; counters: FlusherCounters };

export function encodeError(error: unknown): EncodedError {
  if (!(error instanceof Error)) return { name: "Error", message: redactSecrets(String(error)) };
  const { backend, field, sizeBytes, limitBytes } = error as EncodedError;
  const encoded: EncodedError = { name: error.name, message: redactSecrets(error.message) };
  if (backend !== undefined) encoded.backend = backend;
  if (field !== undefined) encoded.field = field;
  if (typeof sizeBytes === "number") encoded.sizeBytes = sizeBytes;
  if (typeof limitBytes === "number") encoded.limitBytes = limitBytes;
  return encoded;
}

/** The error again, as core's typed class where it was one (its `cause` stays behind). */
export function decodeError(encoded: EncodedError): Error {
  switch (encoded.name) {
    case "BackendUnavailableError":
      return new BackendUnavailableError(encoded.message, {
        backend: encoded.backend ?? "redis",
      });
    case "InvalidConfigError":
      return new InvalidConfigError(encoded.message, { field: encoded.field });
    case "CorruptCheckpointError":
      return new CorruptCheckpointError(encoded.message);
    case "PayloadTooLargeError":
      return new PayloadTooLargeError(encoded.message, {
        sizeBytes: encoded.sizeBytes ?? 0,
        limitBytes: encoded.limitBytes ?? 0,
      });
    default: {
      const error = new Error(encoded.message);
      error.name = encoded.name;
      return error;
    }
  }
}
