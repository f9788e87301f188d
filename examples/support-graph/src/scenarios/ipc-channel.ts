/** Whether an IPC message names one of `channels` (every demo IPC message has a `channel`). */
export function hasChannelIn(message: unknown, channels: ReadonlySet<string>): boolean {
  const channel = (message as { channel?: unknown } | null)?.channel;
  return typeof channel === "string" && channels.has(channel);
}
