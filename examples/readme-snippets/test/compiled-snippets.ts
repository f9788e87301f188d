import path from "node:path";
import { createSnippetCheck, type SnippetCheck } from "../src/check-snippets.js";
import type { ReadmeSnippet } from "../src/extract-snippets.js";

/**
 * Registers the hooks that compile `snippets` once before the file's tests (in a project
 * next to this package's node_modules, as a user's project sees installed packages) and
 * delete the project after them; returns the check, usable inside tests.
 */
export function compiledSnippets(
  snippets: readonly ReadmeSnippet[],
  deadlineMs: number,
): () => SnippetCheck {
  let check: SnippetCheck | undefined;
  beforeAll(async () => {
    check = createSnippetCheck(snippets, {
      parentDirectory: path.resolve(__dirname, ".."),
      deadlineMs,
    });
    await check.compile();
  });
  afterAll(async () => {
    await check?.dispose();
  });
  return () => {
    if (check === undefined) throw new Error("the snippets are compiled in beforeAll");
    return check;
  };
}
