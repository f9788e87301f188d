import { randomBytes } from "node:crypto";

const COUNTER_DIGITS = 32;

/**
 * Channel values are stored once per (thread, namespace, channel, version) in both tiers. With
 * integer versions a fork (resuming from an older checkpoint) would write version N of a
 * channel again with another value, overwriting the original branch's value in Redis and
 * losing to it in the cold tier. Versions are `<zero-padded counter>.<random hex>`: they sort
 * as strings by counter first (how LangGraph compares string versions), and a fork's version N
 * differs from the original branch's.
 */
export function nextChannelVersion(current: number | string | undefined): string {
  let counter = 0;
  if (typeof current === "number") counter = Math.trunc(current);
  else if (typeof current === "string")
    counter = Number.parseInt(current.split(".")[0] ?? "0", 10) || 0;
  return `${String(counter + 1).padStart(COUNTER_DIGITS, "0")}.${randomBytes(8).toString("hex")}`;
}
