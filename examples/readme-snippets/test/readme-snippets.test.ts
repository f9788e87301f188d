import { userReadmeSnippets } from "../src/readme-files.js";
import { compiledSnippets } from "./compiled-snippets.js";

// Every ```ts / ```typescript / ```js block of the root and package READMEs: type-checked
// strictly against the built packages, and (unless marked as a fragment) run as its own
// process against the test servers, where it must end by itself.
const snippets = userReadmeSnippets();

/** A snippet talks to local servers for a second or two; one still running at this is hung. */
const DEADLINE_MS = 30_000;

const compiled = compiledSnippets(snippets, DEADLINE_MS);

test("the READMEs have snippets to check", () => {
  expect(snippets.filter((snippet) => snippet.mode === "run").length).toBeGreaterThan(5);
});

test.each(
  snippets.map((snippet) => [`${snippet.readmePath}:${snippet.line} (${snippet.mode})`, snippet]),
)("%s type-checks and, unless a fragment, runs and ends by itself", async (_name, snippet) => {
  expect((await compiled().check(snippet)).problems).toEqual([]);
});
