import { createRequire } from "node:module";
import path from "node:path";
import { runCommand } from "@checkpointkit/conformance";
import { type ProjectFile, type SnippetProject, writeTsconfig } from "./snippet-project.js";

/** A tsc diagnostic placed at its README line. */
export interface SnippetDiagnostic {
  file: ProjectFile;
  /** e.g. `packages/redis/README.md:35:7 TS2304 Cannot find name 'logger'.` */
  text: string;
  code: number;
}

/**
 * "Cannot find name" (2304, 2552) and "no value in scope for the shorthand property" (18004):
 * what a fragment's free variables (`graph`, `pool`, defined elsewhere in the README) cause.
 * Everything else — a wrong import, option name, argument or method — still fails a fragment.
 */
const FRAGMENT_TOLERATED_CODES = new Set([2304, 2552, 18004]);

const DIAGNOSTIC_LINE = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/;

const TSC_DEADLINE_MS = 120_000;

/** TS1xxx: the file does not parse. tsc then reports no type errors of any file. */
function isSyntaxError(diagnostic: SnippetDiagnostic): boolean {
  return diagnostic.code < 2000;
}

/**
 * Compiles the project with tsc (the TypeScript the monorepo uses), emitting JavaScript even on
 * errors, and returns the errors that count: all of a runnable snippet's, and a fragment's
 * except its free variables. tsc checks no types while any file has a syntax error, so such
 * files get their syntax errors and the others are compiled again without them.
 */
export async function typeCheckProject(project: SnippetProject): Promise<SnippetDiagnostic[]> {
  const reported: SnippetDiagnostic[] = [];
  const excluded = new Set<ProjectFile>();
  for (;;) {
    const found = await runTsc(project);
    const unparsable = new Set(found.filter(isSyntaxError).map((diagnostic) => diagnostic.file));
    if (unparsable.size === 0) return [...reported, ...found];
    reported.push(...found.filter((diagnostic) => unparsable.has(diagnostic.file)));
    for (const file of unparsable) excluded.add(file);
    await writeTsconfig(
      project.directory,
      [...excluded].map((file) => file.sourcePath),
    );
  }
}

async function runTsc(project: SnippetProject): Promise<SnippetDiagnostic[]> {
  const tsc = createRequire(__filename).resolve("typescript/bin/tsc");
  const run = await runCommand(process.execPath, [tsc, "-p", ".", "--pretty", "false"], {
    cwd: project.directory,
    timeoutMs: TSC_DEADLINE_MS,
  });
  if (run.timedOut) throw new Error(`tsc did not finish within ${TSC_DEADLINE_MS} ms`);
  if (run.exitCode !== 0 && !run.stdout.includes("error TS")) {
    throw new Error(`tsc failed without diagnostics:\n${run.stdout}\n${run.stderr}`);
  }
  const bySource = new Map(project.files.map((file) => [file.sourcePath, file]));
  const diagnostics: SnippetDiagnostic[] = [];
  for (const line of run.stdout.split("\n")) {
    if (!line.includes("error TS")) continue;
    const match = DIAGNOSTIC_LINE.exec(line);
    const file = bySource.get(path.resolve(project.directory, match?.[1] ?? ""));
    // A project-wide error (tsconfig, a missing @types package) is the harness's, not a README's.
    if (match === null || file === undefined) {
      throw new Error(`tsc failed on the snippet project:\n${run.stdout}`);
    }
    const [, , lineText = "0", column = "0", codeText = "0", message] = match;
    const code = Number(codeText);
    if (file.snippet.mode === "fragment" && FRAGMENT_TOLERATED_CODES.has(code)) continue;
    const readmeLine = file.snippet.line + Number(lineText) - 1;
    diagnostics.push({
      file,
      code,
      text: `${file.snippet.readmePath}:${readmeLine}:${column} TS${code} ${message}`,
    });
  }
  return diagnostics;
}
