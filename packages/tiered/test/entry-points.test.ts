import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const SOURCE = join(__dirname, "..", "src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g;

/** Every package a module imports at runtime or for its types, following relative imports. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith(".")) {
        visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      } else {
        packages.add(specifier);
      }
    }
  };
  visit(join(SOURCE, entry));
  return packages;
}

describe("entry points: only the cold tier you use needs its package", () => {
  it("@checkpointkit/tiered reaches neither cold-tier package", () => {
    const reached = [...packagesReachedFrom("index.ts")];
    expect(reached.filter((name) => /^@checkpointkit\/(postgres|cosmos)/.test(name))).toEqual([]);
    // The walk follows imports for real: the saver's own hot tier is reached.
    expect(reached).toContain("@checkpointkit/redis");
  });

  it.each([
    ["postgres.ts", "@checkpointkit/postgres", "@checkpointkit/cosmos"],
    ["cosmos.ts", "@checkpointkit/cosmos", "@checkpointkit/postgres"],
  ])("%s reaches %s and not %s", (entry, own, other) => {
    const reached = [...packagesReachedFrom(entry)];
    expect(reached.some((name) => name.startsWith(own))).toBe(true);
    expect(reached.some((name) => name.startsWith(other))).toBe(false);
  });
});
