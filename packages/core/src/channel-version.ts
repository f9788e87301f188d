import { randomBytes } from "node:crypto";

const COUNTER_DIGITS = 32;

/**
 * The next version of a channel, for savers that store channel values once per
 * `(thread, namespace, channel, version)`.
 *
 * LangGraph's default versions are plain integers. Time travel forks a thread from an older
 * checkpoint, and the fork then produces version N of a channel again, with another value:
 * the original branch's checkpoints would read the fork's value (or the fork the original's).
 * Versions are therefore `<zero-padded counter>.<16 random hex digits>`: as strings (how
 * LangGraph compares string versions) they sort by counter first, and a fork's version N
 * differs from the original branch's.
 *
 * A thread whose channels already carry integer versions (written with another saver) keeps
 * its counter, but LangGraph compares a string with a number as strings, so such a thread's
 * next version sorts before the old integer one; start such threads afresh or keep integers.
 */
export function nextChannelVersion(current: number | string | undefined): string {
  return formatChannelVersion(channelVersionCounter(current) + 1, randomBytes(8).toString("hex"));
}

/**
 * A version as `nextChannelVersion` writes them: the counter zero-padded, then `suffix` (16
 * hex digits there). For code that must make one deterministically, e.g. a migration.
 */
export function formatChannelVersion(counter: number, suffix: string): string {
  return `${String(counter).padStart(COUNTER_DIGITS, "0")}.${suffix}`;
}

/** The counter part of a version made by `nextChannelVersion`, or a plain integer version. */
export function channelVersionCounter(version: number | string | undefined): number {
  if (typeof version === "number") return Math.trunc(version);
  if (typeof version === "string") return Number.parseInt(version.split(".")[0] ?? "0", 10) || 0;
  return 0;
}
