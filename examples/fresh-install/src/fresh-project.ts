import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type CommandResult, expectSuccess, runCommand } from "@checkpointkit/conformance";

/** One kind of project a user starts from scratch. */
export interface FreshProjectKind {
  name: string;
  packageType: "module" | "commonjs";
  /** npm specs of what differs between the kinds, e.g. `ioredis@^6`. */
  toolSpecs: readonly string[];
  compilerOptions: Readonly<Record<string, unknown>>;
  /** The program's entry, from fixtures/. */
  mainFixture: string;
}

export interface FreshProject {
  kind: FreshProjectKind;
  directory: string;
  install: CommandResult;
}

const FIXTURES_DIRECTORY = path.resolve(__dirname, "../fixtures");

/** What the READMEs tell users to install next to the tarballs, plus the types `pg` lacks. */
const PEER_SPECS = [
  "@langchain/langgraph@^1",
  "@langchain/core@^1",
  "@langchain/langgraph-checkpoint@^1.2",
  "pg@^8",
  "@azure/cosmos@^4",
  "@types/pg@^8",
  "@types/node@^20",
];

/**
 * Compiler options every kind shares: `strict` plus what a careful user adds. `skipLibCheck`
 * as `tsc --init` writes it: without it, @langchain/core, langsmith and ioredis 6's own
 * declarations fail under these options, whatever our packages do.
 */
const STRICT_COMPILER_OPTIONS = {
  target: "ES2022",
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  rootDir: "src",
  outDir: "dist",
  types: ["node"],
};

/**
 * The environment npm runs with: the caller's, minus what `pnpm run` adds (npm would read
 * pnpm's `npm_config_*` settings as its own).
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([key]) =>
      !/^(npm_|pnpm_)/i.test(key) || /^npm_config_(registry|.*proxy|cafile|strict_ssl)$/i.test(key),
  );
  return Object.fromEntries(kept);
}

/**
 * Creates a project in `directory` the way a user would (package.json with its `type`,
 * a strict tsconfig, the program) and runs one `npm install` of the tarballs and peers.
 */
export async function createFreshProject(
  kind: FreshProjectKind,
  directory: string,
  tarballs: readonly string[],
  npmCacheDirectory: string,
): Promise<FreshProject> {
  await mkdir(path.join(directory, "src"), { recursive: true });
  const packageJson = {
    name: `fresh-${kind.name}`,
    version: "1.0.0",
    private: true,
    type: kind.packageType,
  };
  await writeFile(
    path.join(directory, "package.json"),
    `${JSON.stringify(packageJson, null, 2)}\n`,
  );
  const tsconfig = {
    compilerOptions: { ...STRICT_COMPILER_OPTIONS, ...kind.compilerOptions },
    include: ["src"],
  };
  await writeFile(path.join(directory, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  for (const fixture of ["shared/approval-graph.ts", "shared/saver-runs.ts", kind.mainFixture]) {
    await copyFile(
      path.join(FIXTURES_DIRECTORY, fixture),
      path.join(directory, "src", path.basename(fixture)),
    );
  }
  const install = expectSuccess(
    await runCommand(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--cache",
        npmCacheDirectory,
        ...tarballs,
        ...PEER_SPECS,
        ...kind.toolSpecs,
      ],
      { cwd: directory, env: npmEnvironment(), timeoutMs: 150_000 },
    ),
  );
  return { kind, directory, install };
}

/** npm's warnings about peers or unresolvable trees that name one of our packages. */
export function peerWarningsAboutOurPackages(install: CommandResult): string[] {
  const output = `${install.stdout}\n${install.stderr}`;
  const eresolve = /ERESOLVE/.test(output) ? ["npm reported ERESOLVE"] : [];
  const peerLines = output
    .split("\n")
    .filter((line) => /peer/i.test(line) && line.includes("@checkpointkit/"));
  return [...eresolve, ...peerLines];
}
