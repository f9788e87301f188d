import { rm } from "node:fs/promises";
import path from "node:path";
import { runCommand } from "@checkpointkit/conformance";
import type { ReadmeSnippet } from "./extract-snippets.js";
import { snippetEnvironment, stderrOfSnippet } from "./snippet-environment.js";
import { type ProjectFile, writeSnippetProject } from "./snippet-project.js";
import { type SnippetDiagnostic, typeCheckProject } from "./type-check-project.js";

/** What went wrong with one snippet; an empty `problems` list is a pass. */
export interface SnippetOutcome {
  snippet: ReadmeSnippet;
  problems: string[];
  /** How long its process ran, for runnable snippets. */
  durationMs?: number;
}

export interface SnippetCheck {
  /** Type-checks all snippets (once) and resolves to the compiled project. */
  compile(): Promise<void>;
  /** Runs one compiled snippet (fragments are only type-checked) and lists its problems. */
  check(snippet: ReadmeSnippet): Promise<SnippetOutcome>;
  /** Deletes the project directory. */
  dispose(): Promise<void>;
}

export interface SnippetCheckOptions {
  /** A directory whose `node_modules` holds the packages, like a user's project. */
  parentDirectory: string;
  /** A snippet still running after this long (a hung call, say) is killed. */
  deadlineMs: number;
  /**
   * How long the process may go on after the snippet's last statement: longer means something
   * was left open. Short of pg's 10 s idle timeout, so an unended pool cannot pass.
   * @default 2000
   */
  graceMs?: number;
  environment?: NodeJS.ProcessEnv;
}

const SNIPPET_RUNNER = path.join(__dirname, "snippet-runner.mjs");

const DEFAULT_GRACE_MS = 2_000;

/**
 * The check of README snippets: every snippet type-checks strictly; every runnable one runs as
 * its own `node` process and exits 0 by itself (no `process.exit`) within `graceMs` of its last
 * statement and `deadlineMs` in all, writing nothing to stderr.
 */
export function createSnippetCheck(
  snippets: readonly ReadmeSnippet[],
  options: SnippetCheckOptions,
): SnippetCheck {
  let files: ProjectFile[] = [];
  let directory: string | undefined;
  let diagnostics: SnippetDiagnostic[] = [];
  return {
    async compile() {
      const project = await writeSnippetProject(options.parentDirectory, snippets);
      directory = project.directory;
      files = project.files;
      diagnostics = await typeCheckProject(project);
    },
    async check(snippet) {
      const file = files.find((candidate) => candidate.snippet === snippet);
      if (file === undefined || directory === undefined) {
        throw new Error(`${snippet.readmePath}:${snippet.line} was not compiled`);
      }
      const problems = diagnostics
        .filter((diagnostic) => diagnostic.file === file)
        .map((diagnostic) => diagnostic.text);
      if (snippet.mode === "fragment") return { snippet, problems };
      const run = await runCommand(
        process.execPath,
        [SNIPPET_RUNNER, file.outputPath, String(options.graceMs ?? DEFAULT_GRACE_MS)],
        {
          cwd: directory,
          env: snippetEnvironment(options.environment),
          timeoutMs: options.deadlineMs,
        },
      );
      const where = `${snippet.readmePath}:${snippet.line}`;
      const stderr = stderrOfSnippet(run.stderr);
      if (run.timedOut) {
        problems.push(`${where} was still running after ${options.deadlineMs} ms and was killed`);
      } else if (run.exitCode !== 0) {
        problems.push(`${where} exited with code ${run.exitCode}, signal ${run.signal}`);
      }
      if (stderr.trim() !== "") problems.push(`${where} wrote to stderr:\n${stderr}`);
      return { snippet, problems, durationMs: run.durationMs };
    },
    async dispose() {
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    },
  };
}
