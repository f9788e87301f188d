import { PayloadTooLargeError } from "../errors/payload-too-large-error.js";
import {
  type ChannelSize,
  type LargeStateEvent,
  type StateSizeOptions,
  validateStateSizeOptions,
} from "./state-size-options.js";

/** One write, measured: what a saver hands the guard before it sends anything. */
export interface MeasuredWrite {
  operation: "put" | "putWrites";
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** Per channel (writes to the same channel are summed by the guard). */
  channels: readonly ChannelSize[];
  /** Stored bytes outside the channels (the checkpoint and metadata records of a put). */
  overheadBytes: number;
}

/** How many channels an error message names: enough to act on, short enough to read. */
const NAMED_CHANNELS = 3;
/** Ids are user strings of any length: the message shows at most this many characters. */
const SHOWN_ID_CHARS = 120;

/** An id quoted for a message, cut at `SHOWN_ID_CHARS` (ids may be of any length). */
export function shownId(id: string): string {
  const quoted = JSON.stringify(id);
  return quoted.length > SHOWN_ID_CHARS ? `${quoted.slice(0, SHOWN_ID_CHARS)}…` : quoted;
}

/** Channels merged by name, largest stored size first. */
export function largestChannels(channels: readonly ChannelSize[]): ChannelSize[] {
  const byName = new Map<string, ChannelSize>();
  for (const { channel, bytes, storedBytes } of channels) {
    const seen = byName.get(channel);
    byName.set(channel, {
      channel,
      bytes: (seen?.bytes ?? 0) + bytes,
      storedBytes: (seen?.storedBytes ?? 0) + storedBytes,
    });
  }
  return [...byName.values()].sort((a, b) => b.storedBytes - a.storedBytes);
}

function totalOf(write: MeasuredWrite): number {
  return write.channels.reduce((sum, size) => sum + size.storedBytes, write.overheadBytes);
}

function reportHookFailure(error: unknown): void {
  // The hook is the user's code: its failure is reported, never thrown into the write, and
  // only its error's name is printed (its message may carry state).
  const name = error instanceof Error ? error.name : typeof error;
  process.emitWarning(`onLargeState threw (${name}); the write went ahead`, "CheckpointKitWarning");
}

/**
 * Applies `maxCheckpointBytes` and `largeStateWarningBytes` to measured writes. Savers call
 * `check` after serializing and before their one round trip, so a refusal stores nothing.
 */
export class StateSizeGuard {
  readonly options: StateSizeOptions;

  constructor(options: StateSizeOptions) {
    validateStateSizeOptions(options);
    this.options = {
      maxCheckpointBytes: options.maxCheckpointBytes,
      largeStateWarningBytes: options.largeStateWarningBytes,
      onLargeState: options.onLargeState,
    };
  }

  /**
   * True when no option is set: `check` would do nothing. Savers still measure every put, for
   * the size record it stores (see `StoredCheckpointSize`).
   */
  get inactive(): boolean {
    const { maxCheckpointBytes, largeStateWarningBytes, onLargeState } = this.options;
    return (
      maxCheckpointBytes === undefined &&
      (largeStateWarningBytes === undefined || onLargeState === undefined)
    );
  }

  /** Throws `PayloadTooLargeError` past the limit; else calls the hook past the threshold. */
  check(write: MeasuredWrite): void {
    const totalBytes = totalOf(write);
    const { maxCheckpointBytes, largeStateWarningBytes, onLargeState } = this.options;
    if (maxCheckpointBytes !== undefined && totalBytes > maxCheckpointBytes) {
      throw tooLarge(write, totalBytes, maxCheckpointBytes);
    }
    if (
      write.operation !== "put" ||
      onLargeState === undefined ||
      largeStateWarningBytes === undefined ||
      totalBytes <= largeStateWarningBytes
    ) {
      return;
    }
    const event: LargeStateEvent = {
      threadId: write.threadId,
      checkpointNs: write.checkpointNs,
      checkpointId: write.checkpointId,
      totalBytes,
      channels: largestChannels(write.channels),
    };
    try {
      const result = onLargeState(event);
      if (result instanceof Promise) result.catch(reportHookFailure);
    } catch (error) {
      reportHookFailure(error);
    }
  }
}

function tooLarge(write: MeasuredWrite, totalBytes: number, limitBytes: number): Error {
  const named = largestChannels(write.channels)
    .slice(0, NAMED_CHANNELS)
    .map((size) => `${shownId(size.channel)} ${size.storedBytes} bytes`)
    .join(", ");
  return new PayloadTooLargeError(
    `${write.operation}: checkpoint ${shownId(write.checkpointId)} of thread ${shownId(write.threadId)} ` +
      `would store ${totalBytes} bytes, over maxCheckpointBytes ${limitBytes}; nothing was written` +
      (named === "" ? "" : `; largest channels: ${named}`),
    { sizeBytes: totalBytes, limitBytes },
  );
}
