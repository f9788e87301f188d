import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";

/**
 * A temp directory whose every ancestor other users may traverse (o+x), so a server running
 * as another OS user (PostgreSQL as `postgres` when the tests run as root) can reach a data
 * directory created inside it. Falls back to /tmp when $TMPDIR is private.
 */
export function traversableTempBase(): string {
  for (const candidate of [tmpdir(), "/tmp"]) {
    if (isTraversableByOthers(candidate)) return candidate;
  }
  throw new Error(
    `Neither ${tmpdir()} nor /tmp can be traversed by other users; set TMPDIR to a ` +
      "directory whose parents are all world-executable (e.g. chmod o+x).",
  );
}

function isTraversableByOthers(directory: string): boolean {
  let current = resolve(directory);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
