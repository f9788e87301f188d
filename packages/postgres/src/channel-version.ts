import { randomInt } from "node:crypto";

const COUNTER_DIGITS = 32;
const SUFFIX_DIGITS = 16;

/**
 * Channel values are stored once per `(thread, namespace, channel, version)`. With plain
 * integer versions a fork (resuming from an older checkpoint) would produce version N of a
 * channel again with a different value and silently read the abandoned branch's value
 * instead. Versions are therefore `<zero-padded counter>.<random digits>`: they still sort
 * (as strings, which is how LangGraph compares string versions) by counter first, and a
 * fork's version N differs from the original branch's version N.
 */
export function nextChannelVersion(current: number | string | undefined): string {
  let counter = 0;
  if (typeof current === "number") counter = Math.trunc(current);
  else if (typeof current === "string")
    counter = Number.parseInt(current.split(".")[0] ?? "0", 10) || 0;
  const suffix = `${randomInt(0, 1e8)}`.padStart(8, "0") + `${randomInt(0, 1e8)}`.padStart(8, "0");
  return `${String(counter + 1).padStart(COUNTER_DIGITS, "0")}.${suffix.slice(0, SUFFIX_DIGITS)}`;
}
