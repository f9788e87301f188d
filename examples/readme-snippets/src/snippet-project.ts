import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ReadmeSnippet } from "./extract-snippets.js";

/** A snippet written as a source file of the project, and where tsc emits it. */
export interface ProjectFile {
  snippet: ReadmeSnippet;
  /** Absolute path of the source file; its line n is the README's `snippet.line + n - 1`. */
  sourcePath: string;
  /** Absolute path of the compiled JavaScript that is run. */
  outputPath: string;
}

export interface SnippetProject {
  directory: string;
  files: ProjectFile[];
}

/**
 * What a user's strict ESM project sets (as `tsc --init` writes `strict` and `skipLibCheck`,
 * plus `noUncheckedIndexedAccess`): ESM so the READMEs' top-level `await` compiles.
 */
const USER_COMPILER_OPTIONS = {
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: true,
  types: ["node"],
  rootDir: "src",
  outDir: "dist",
  // Emit even when a snippet has errors, so every snippet still runs and reports its own.
  noEmitOnError: false,
};

const IMPORT_OR_EXPORT = /^\s*(import|export)\s/m;

/**
 * Writes the snippets into a new project directory under `parentDirectory` (which must see the
 * packages in its `node_modules`, as a user's project sees the installed ones). Each snippet is
 * its own module; one without imports gets an `export {}` after its last line, so its
 * top-level `await` compiles and its line numbers stay those of the README.
 */
export async function writeSnippetProject(
  parentDirectory: string,
  snippets: readonly ReadmeSnippet[],
): Promise<SnippetProject> {
  const directory = await mkdtemp(path.join(parentDirectory, ".snippet-project-"));
  await mkdir(path.join(directory, "src"));
  await writeFile(
    path.join(directory, "package.json"),
    `${JSON.stringify({ private: true, type: "module" }, null, 2)}\n`,
  );
  await writeTsconfig(directory, []);
  const files = snippets.map((snippet, index) => {
    const name = `${String(index + 1).padStart(2, "0")}-${slug(snippet)}`;
    const extension = snippet.language === "js" ? "js" : "ts";
    return {
      snippet,
      sourcePath: path.join(directory, "src", `${name}.${extension}`),
      outputPath: path.join(directory, "dist", `${name}.js`),
    };
  });
  for (const file of files) {
    const moduleMarker = IMPORT_OR_EXPORT.test(file.snippet.code) ? "" : "\nexport {};";
    await writeFile(file.sourcePath, `${file.snippet.code}${moduleMarker}\n`);
  }
  return { directory, files };
}

/** The project's tsconfig, compiling every snippet except `excludedSources` (absolute paths). */
export async function writeTsconfig(
  directory: string,
  excludedSources: readonly string[],
): Promise<void> {
  const tsconfig = {
    compilerOptions: USER_COMPILER_OPTIONS,
    include: ["src"],
    exclude: excludedSources.map((source) => path.relative(directory, source)),
  };
  await writeFile(path.join(directory, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

function slug(snippet: ReadmeSnippet): string {
  const readme = snippet.readmePath.replace(/README\.md$/i, "").replace(/[^a-z0-9]+/gi, "-");
  return `${readme.replace(/^-|-$/g, "") || "root"}-line-${snippet.line}`;
}
