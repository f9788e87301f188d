import { readdir } from "node:fs/promises";
import path from "node:path";
import { expectSuccess, runCommand } from "@checkpointkit/conformance";

/** The published packages, in the order npm is given their tarballs. */
export const PUBLISHED_PACKAGES = ["core", "redis", "postgres", "cosmos", "tiered"] as const;

const PACKAGES_DIRECTORY = path.resolve(__dirname, "../../../packages");

/**
 * `pnpm pack`s each published package (from its built dist) into `destination`, the way
 * `pnpm publish` would: `workspace:` ranges become the real versions. Returns the tarball
 * paths.
 */
export async function packPublishedPackages(destination: string): Promise<string[]> {
  for (const name of PUBLISHED_PACKAGES) {
    expectSuccess(
      await runCommand("pnpm", ["pack", "--pack-destination", destination], {
        cwd: path.join(PACKAGES_DIRECTORY, name),
        timeoutMs: 60_000,
      }),
    );
  }
  const files = await readdir(destination);
  return PUBLISHED_PACKAGES.map((name) => {
    const tarball = files.find((file) => file.startsWith(`checkpointkit-${name}-`));
    if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    return path.join(destination, tarball);
  });
}
