import { CorruptCheckpointError } from "@checkpointkit/core";

/** A bulk string of a script's reply as text (UTF-8); anything else is a reply the saver did not expect. */
export function replyText(part: unknown, reply: string): string {
  if (Buffer.isBuffer(part)) return part.toString("utf8");
  if (typeof part === "string") return part;
  throw new CorruptCheckpointError(`unexpected reply to ${reply}`);
}
