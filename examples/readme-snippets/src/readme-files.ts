import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { extractSnippets, type ReadmeSnippet } from "./extract-snippets.js";

export const REPOSITORY_ROOT = path.resolve(__dirname, "../../..");

/**
 * Not checked: `@checkpointkit/conformance` is private (never installed by a user); its README
 * shows excerpts of this repository's jest test files, which run as those tests.
 */
const UNCHECKED_PACKAGES = new Set(["conformance"]);

/** The READMEs users read: the root one and each published package's, relative to the root. */
export function userReadmePaths(): string[] {
  const packages = readdirSync(path.join(REPOSITORY_ROOT, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !UNCHECKED_PACKAGES.has(entry.name))
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((readmePath) => existsSync(path.join(REPOSITORY_ROOT, readmePath)))
    .sort();
  return ["README.md", ...packages];
}

/** Every snippet of the users' READMEs, in README order. */
export function userReadmeSnippets(): ReadmeSnippet[] {
  return userReadmePaths().flatMap((readmePath) =>
    extractSnippets(readFileSync(path.join(REPOSITORY_ROOT, readmePath), "utf8"), readmePath),
  );
}
