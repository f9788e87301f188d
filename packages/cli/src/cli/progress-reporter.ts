import type { ThreadProgressEvent } from "../migrate-threads-options.js";

/** Where progress goes: stderr, or anything with the same shape. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 24;
/** A redraw at most this often (ms), so a fast run does not spend its time drawing. */
const REDRAW_INTERVAL_MS = 100;

export interface ProgressReporter {
  onThread(event: ThreadProgressEvent): void;
  /** Ends the bar's line (a terminal) so what follows starts on a line of its own. */
  finish(): void;
}

function rateOf(done: number, startedAt: number, now: number): string {
  const seconds = (now - startedAt) / 1000;
  return seconds > 0 ? `${(done / seconds).toFixed(1)} threads/s` : "";
}

function barLine(event: ThreadProgressEvent, rate: string): string {
  const fraction = event.threadsTotal === 0 ? 1 : event.threadsDone / event.threadsTotal;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}`;
  return `\r\u001b[K[${bar}] ${event.threadsDone}/${event.threadsTotal} threads  ${rate}`;
}

function plainLine(event: ThreadProgressEvent): string {
  const counts =
    event.outcome === "copied" || event.outcome === "would-copy"
      ? ` (${event.checkpoints} checkpoints, ${event.writes} writes)`
      : "";
  return `${event.threadsDone}/${event.threadsTotal} ${event.outcome} ${JSON.stringify(event.threadId)}${counts}\n`;
}

/**
 * A bar with threads done / total and the rate on a terminal, one plain line per thread
 * otherwise (logs, CI, pipes), where carriage returns would only garble the output.
 */
export function createProgressReporter(
  stream: ProgressStream,
  now: () => number = Date.now,
): ProgressReporter {
  const startedAt = now();
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    onThread(event) {
      if (!stream.isTTY) {
        stream.write(plainLine(event));
        return;
      }
      const time = now();
      const last = event.threadsDone >= event.threadsTotal;
      if (!last && time - lastDrawAt < REDRAW_INTERVAL_MS) return;
      lastDrawAt = time;
      drawn = true;
      stream.write(barLine(event, rateOf(event.threadsDone, startedAt, time)));
    },
    finish() {
      if (drawn) stream.write("\n");
    },
  };
}
