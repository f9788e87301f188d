/** Where data lives, for error messages; long ids are shortened. */
export function describeThread(threadId: string, checkpointNs: string | undefined): string {
  const shorten = (text: string) =>
    JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return checkpointNs === undefined
    ? `thread ${shorten(threadId)}`
    : `thread ${shorten(threadId)} namespace ${shorten(checkpointNs)}`;
}
