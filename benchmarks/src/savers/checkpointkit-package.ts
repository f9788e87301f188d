import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SaverUnavailableError } from "./saver-plugin.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BUILD_TIMEOUT_MS = 240_000;

/** A checkpointkit package by its folder under `packages/`, e.g. `redis` (`core` for its helpers). */
export type CheckpointkitPackage = "core" | "redis" | "postgres" | "cosmos" | "tiered";

function packageDirectory(name: CheckpointkitPackage): string {
  return join(REPO_ROOT, "packages", name);
}

function distEntry(name: CheckpointkitPackage, entryPoint = "index"): string {
  return join(packageDirectory(name), "dist", `${entryPoint}.js`);
}

function newestModificationMs(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestModificationMs(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/** True when the package has sources and its dist is missing or older than them. */
export function needsBuild(name: CheckpointkitPackage): boolean {
  const source = join(packageDirectory(name), "src");
  if (!existsSync(join(source, "index.ts"))) return false;
  const entry = distEntry(name);
  return !existsSync(entry) || statSync(entry).mtimeMs < newestModificationMs(source);
}

/**
 * Builds one package with its own `build` script. Resolves to undefined on success, else to
 * the last meaningful line of the build output, which becomes the saver's "does not build" reason.
 */
export function buildPackage(name: CheckpointkitPackage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", ["--filter", `@checkpointkit/${name}`, "build"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(undefined);
      const lines = output.split("\n").filter((line) => /error/i.test(line));
      resolve(lines.at(0)?.trim() ?? `build exited with ${code ?? "a signal (timed out?)"}`);
    });
  });
}

/**
 * Imports a package's built entry point and returns the named exports, or throws
 * `SaverUnavailableError` saying which step is missing, so the report can say
 * "not built yet" instead of the run failing.
 */
export async function loadPackageExports(
  name: CheckpointkitPackage,
  exportNames: readonly string[],
  /** The package's entry point, by its file in `dist` (`postgres` for `@checkpointkit/tiered/postgres`). */
  entryPoint = "index",
): Promise<Record<string, unknown>> {
  const directory = packageDirectory(name);
  if (!existsSync(join(directory, "package.json"))) {
    throw new SaverUnavailableError(`not built yet: packages/${name} does not exist`);
  }
  if (!existsSync(join(directory, "src", "index.ts"))) {
    throw new SaverUnavailableError(`not built yet: packages/${name}/src/index.ts does not exist`);
  }
  const entry = distEntry(name, entryPoint);
  if (!existsSync(entry)) {
    throw new SaverUnavailableError(
      `not built yet: packages/${name}/dist is missing (run \`pnpm --filter @checkpointkit/${name} build\`)`,
    );
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new SaverUnavailableError(
      `not built yet: packages/${name}/dist does not load (${reason})`,
    );
  }
  for (const exportName of exportNames) {
    if (typeof module[exportName] !== "function") {
      throw new SaverUnavailableError(
        `not built yet: @checkpointkit/${name} does not export ${exportName}`,
      );
    }
  }
  return module;
}

/** The one class a saver plugin needs from a package (see `loadPackageExports`). */
export async function loadSaverClass(
  name: CheckpointkitPackage,
  exportName: string,
): Promise<unknown> {
  return (await loadPackageExports(name, [exportName]))[exportName];
}
