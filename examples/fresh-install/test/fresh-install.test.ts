import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createFreshProject,
  type FreshProject,
  type FreshProjectKind,
  peerWarningsAboutOurPackages,
} from "../src/fresh-project.js";
import { PUBLISHED_PACKAGES, packPublishedPackages } from "../src/pack-packages.js";
import { expectSuccess, runCommand } from "../src/run-command.js";

const KINDS: readonly FreshProjectKind[] = [
  {
    name: "esm",
    packageType: "module",
    // The newest toolchain a user gets today.
    toolSpecs: ["ioredis@^6", "typescript@latest"],
    compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
    mainFixture: "esm/main.ts",
  },
  {
    name: "cjs",
    packageType: "commonjs",
    // The oldest supported ioredis and the TypeScript the monorepo builds with.
    toolSpecs: ["ioredis@^5", "typescript@~5.9"],
    compilerOptions: { module: "node16", moduleResolution: "node16" },
    mainFixture: "cjs/main.ts",
  },
];

/** A program that has not ended by then is hung: some saver left a handle open. */
const PROGRAM_DEADLINE_MS = 60_000;

/** Kept between runs (outside the temp root) so repeated runs install from the cache. */
const NPM_CACHE_DIRECTORY =
  process.env.FRESH_INSTALL_NPM_CACHE ??
  path.join(tmpdir(), "checkpointkit-fresh-install-npm-cache");

const SAVERS = ["RedisSaver", "PostgresSaver", "CosmosSaver", "TieredSaver"];

let root: string;
const projects = new Map<string, FreshProject>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "checkpointkit-fresh-install-"));
  const tarballDirectory = path.join(root, "tarballs");
  await mkdir(tarballDirectory);
  const tarballs = await packPublishedPackages(tarballDirectory);
  // Both installs at once: they mostly wait on the network and share the cache.
  const created = await Promise.all(
    KINDS.map((kind) =>
      createFreshProject(kind, path.join(root, kind.name), tarballs, NPM_CACHE_DIRECTORY),
    ),
  );
  for (const project of created) projects.set(project.kind.name, project);
}, 170_000);

afterAll(async () => {
  // FRESH_INSTALL_KEEP=1 leaves the projects for a look at what a user would see.
  if (root === undefined) return;
  if (process.env.FRESH_INSTALL_KEEP === "1") console.log(`fresh projects kept in ${root}`);
  else await rm(root, { recursive: true, force: true });
});

function project(name: string): FreshProject {
  const found = projects.get(name);
  if (found === undefined) throw new Error(`project ${name} was not created`);
  return found;
}

function tsc(directory: string, args: readonly string[]) {
  return runCommand(path.join(directory, "node_modules/.bin/tsc"), ["-p", ".", ...args], {
    cwd: directory,
    timeoutMs: 120_000,
  });
}

describe.each(KINDS.map((kind) => kind.name))("a fresh %s project", (name) => {
  test("npm installs the tarballs with no peer or ERESOLVE warning about our packages", async () => {
    const { install, directory } = project(name);
    expect(peerWarningsAboutOurPackages(install)).toEqual([]);
    // npm ls exits non-zero on a missing, invalid or extraneous dependency in the tree.
    const tree = expectSuccess(
      await runCommand(
        "npm",
        ["ls", "--all", ...PUBLISHED_PACKAGES.map((name) => `@checkpointkit/${name}`)],
        { cwd: directory, timeoutMs: 60_000 },
      ),
    );
    expect(tree.stdout).not.toMatch(/invalid|UNMET|missing/i);
  });

  test("the program type-checks with strict compiler options", async () => {
    expectSuccess(await tsc(project(name).directory, ["--noEmit"]));
  });

  // Users with exactOptionalPropertyTypes compile the READMEs' code too: `cold: new
  // PostgresColdTier(...)` once failed there (ColdTier.ttlSeconds lacked `| undefined`).
  test("the program type-checks with exactOptionalPropertyTypes too", async () => {
    const check = await tsc(project(name).directory, ["--noEmit", "--exactOptionalPropertyTypes"]);
    const errorsInProgram = check.stdout.split("\n").filter((line) => line.startsWith("src/"));
    expect(errorsInProgram).toEqual([]);
  });

  test("every saver runs the graph to its interrupt, resumes it, and the process ends by itself", async () => {
    const { directory } = project(name);
    expectSuccess(await tsc(directory, []));
    const run = expectSuccess(
      await runCommand(process.execPath, ["dist/main.js"], {
        cwd: directory,
        timeoutMs: PROGRAM_DEADLINE_MS,
      }),
    );
    for (const saver of SAVERS) {
      expect(run.stdout).toContain(
        `${saver}: interrupted at approve, resumed, steps review > approve > refund:approved`,
      );
    }
    expect(run.stdout).toContain("flushed to PostgreSQL");
    expect(run.stdout.trim().split("\n").at(-1)).toBe("all savers passed");
    expect(run.stderr).toBe("");
  });
});
