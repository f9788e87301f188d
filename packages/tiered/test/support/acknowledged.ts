/** Checkpoint ids per thread from a writer's `PUT <thread> <id>` lines: what was acknowledged. */
export function acknowledgedFromLines(lines: readonly string[]): Map<string, string[]> {
  const byThread = new Map<string, string[]>();
  for (const line of lines) {
    const match = /^PUT (\S+) (\S+)$/.exec(line);
    if (match === null) continue;
    byThread.set(match[1]!, [...(byThread.get(match[1]!) ?? []), match[2]!]);
  }
  return byThread;
}

/** Ids sorted per thread, threads sorted: equal maps mean the same checkpoints, each once. */
export function normalized(byThread: Map<string, string[]>): [string, string[]][] {
  return [...byThread]
    .map(([threadId, ids]): [string, string[]] => [threadId, [...ids].sort()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
