import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The full path of an executable named `binary` on PATH, or undefined when there is none. */
export function findOnPath(binary: string): string | undefined {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (directory === "") continue;
    const candidate = join(directory, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
