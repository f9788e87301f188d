import { readFileSync } from "node:fs";
import path from "node:path";
import { userReadmePaths, userReadmeSnippets } from "../src/readme-files.js";
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

// A new package's README imports the package: this example must depend on it, so the snippets
// resolve it and turbo builds it before this test.
test("every package whose README is checked is a dependency of this example", () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, "../package.json"), "utf8"));
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  const packages = userReadmePaths()
    .filter((readmePath) => readmePath.startsWith("packages/"))
    .map((readmePath) => {
      const directory = path.dirname(path.join(__dirname, "../../..", readmePath));
      return JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8")).name;
    });
  expect(packages.filter((name) => !dependencies.includes(name))).toEqual([]);
});

test.each(
  snippets.map((snippet) => [`${snippet.readmePath}:${snippet.line} (${snippet.mode})`, snippet]),
)("%s type-checks and, unless a fragment, runs and ends by itself", async (_name, snippet) => {
  expect((await compiled().check(snippet)).problems).toEqual([]);
});
