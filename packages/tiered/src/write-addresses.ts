/** Identifies one checkpoint of one thread and namespace, as a map key. */
export function checkpointAddress(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId]);
}
