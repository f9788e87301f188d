import { CorruptCheckpointError } from "@checkpointkit/core";

/**
 * The framing of every value the saver stores: a sequence of parts, each written as
 * `<decimal byte length>:<bytes>`. Binary-safe, cheap to build, and easy to read in Lua
 * (the scripts need a few fields of a record, e.g. its parent and channel versions).
 */
export type FramePart = string | Uint8Array;

export function encodeFrame(parts: readonly FramePart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part);
    chunks.push(Buffer.from(`${bytes.byteLength}:`, "latin1"), bytes);
  }
  return Buffer.concat(chunks);
}

/** Reverses `encodeFrame`; anything else is reported as a `CorruptCheckpointError`. */
export function decodeFrame(frame: Buffer, location: string): Buffer[] {
  const parts: Buffer[] = [];
  let position = 0;
  while (position < frame.byteLength) {
    const colon = frame.indexOf(0x3a, position);
    const lengthText = colon < 0 ? "" : frame.toString("latin1", position, colon);
    if (!/^(0|[1-9][0-9]{0,9})$/.test(lengthText)) throw corruptFrame(location);
    const end = colon + 1 + Number(lengthText);
    if (end > frame.byteLength) throw corruptFrame(location);
    parts.push(frame.subarray(colon + 1, end));
    position = end;
  }
  return parts;
}

function corruptFrame(location: string): CorruptCheckpointError {
  return new CorruptCheckpointError(`stored value at ${location} is not a checkpointkit record`, {
    location,
  });
}
