import { readFileSync } from "node:fs";
import path from "node:path";
import {
  extractSnippets,
  type ReadmeSnippet,
  SnippetMarkerError,
} from "../src/extract-snippets.js";
import { compiledSnippets } from "./compiled-snippets.js";

// The harness itself, on a README whose blocks break in every way the real READMEs must not:
// if it passed any of these, the README test could not fail.
const FIXTURE = "test/fixtures/broken-readme.md";
const snippets = extractSnippets(
  readFileSync(path.join(__dirname, "fixtures/broken-readme.md"), "utf8"),
  FIXTURE,
);
/** Short: the hung block is killed at this deadline, and waiting for it is the test's cost. */
const DEADLINE_MS = 5_000;

const compiled = compiledSnippets(snippets, DEADLINE_MS);

function snippetAt(index: number): ReadmeSnippet {
  const snippet = snippets[index];
  if (snippet === undefined) throw new Error(`the fixture has no snippet #${index}`);
  return snippet;
}

test("the ts, typescript and js blocks are extracted with their README lines and markers", () => {
  expect(snippets.map(({ line, language, mode }) => ({ line, language, mode }))).toEqual([
    { line: 6, language: "ts", mode: "run" },
    { line: 15, language: "ts", mode: "run" },
    { line: 25, language: "ts", mode: "run" },
    { line: 35, language: "typescript", mode: "run" },
    { line: 42, language: "js", mode: "run" },
    { line: 48, language: "ts", mode: "fragment" },
    { line: 53, language: "ts", mode: "fragment" },
    { line: 62, language: "ts", mode: "fragment" },
    { line: 68, language: "ts", mode: "run" },
    { line: 77, language: "ts", mode: "run" },
  ]);
  expect(snippetAt(5).reason).toBe("`graph` is the one built above");
});

test("a block that leaves its Redis client open fails: its process goes on after its last statement", async () => {
  const [exited, stderr] = (await compiled().check(snippetAt(0))).problems;
  expect(exited).toBe(`${FIXTURE}:6 exited with code 1, signal null`);
  expect(stderr).toMatch(/still running 2000 ms after its last statement; open: .*TCPSocketWrap/);
});

test("a block that does not end its pg pool fails long before the pool's idle timeout", async () => {
  const outcome = await compiled().check(snippetAt(8));
  expect(outcome.problems).toEqual([
    `${FIXTURE}:68 exited with code 1, signal null`,
    expect.stringMatching(/still running 2000 ms after its last statement; open: .*TCPSocketWrap/),
  ]);
  expect(outcome.durationMs).toBeLessThan(10_000);
});

test("a block that never reaches its last statement is killed at the deadline", async () => {
  expect((await compiled().check(snippetAt(9))).problems).toEqual([
    `${FIXTURE}:77 was still running after ${DEADLINE_MS} ms and was killed`,
  ]);
});

test("the same block passes once it closes its client", async () => {
  expect((await compiled().check(snippetAt(1))).problems).toEqual([]);
});

test("a block that ends through process.exit fails", async () => {
  const [problem, stderr] = (await compiled().check(snippetAt(2))).problems;
  expect(problem).toBe(`${FIXTURE}:25 exited with code 1, signal null`);
  expect(stderr).toContain("process.exit(0) called");
});

test("a type error fails the block, placed at its README line", async () => {
  expect((await compiled().check(snippetAt(3))).problems).toEqual([
    expect.stringMatching(/^test\/fixtures\/broken-readme\.md:35:7 TS2322 /),
  ]);
});

test("a block that writes to stderr fails", async () => {
  expect((await compiled().check(snippetAt(4))).problems).toEqual([
    `${FIXTURE}:42 wrote to stderr:\nsomething went wrong\n`,
  ]);
});

test("a fragment is not run; its free variables are tolerated, its other type errors are not", async () => {
  expect((await compiled().check(snippetAt(5))).problems).toEqual([]);
  expect((await compiled().check(snippetAt(6))).problems).toEqual([
    expect.stringMatching(/^test\/fixtures\/broken-readme\.md:55:20 TS2345 /),
  ]);
});

test("a block that does not parse fails, and the other blocks' type errors are still found", async () => {
  expect((await compiled().check(snippetAt(7))).problems).toEqual([
    expect.stringMatching(/^test\/fixtures\/broken-readme\.md:62:24 TS1109 /),
  ]);
  // The type errors of snippets #3 and #6 are asserted above: tsc checks no types while one
  // file does not parse, so those tests prove the harness compiles the others again.
});

test("a marker must name a known mode and give a reason", () => {
  const block = "\n```ts\nconst a = 1;\n```\n";
  expect(() => extractSnippets(`<!-- snippet: fragment -->${block}`, "R.md")).toThrow(
    SnippetMarkerError,
  );
  expect(() => extractSnippets(`<!-- snippet: skip — later -->${block}`, "R.md")).toThrow(
    /unknown snippet marker/,
  );
});
