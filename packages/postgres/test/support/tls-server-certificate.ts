import { execFileSync } from "node:child_process";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed certificate for 127.0.0.1 that a PostgreSQL test server can serve TLS with. */
export interface TlsServerCertificate {
  /** PEM certificate; also the only root that trusts it (`sslrootcert=` it to verify). */
  readonly certFile: string;
  /** PEM private key, mode 0600, owned by the OS user PostgreSQL runs as (it refuses anything else). */
  readonly keyFile: string;
  /** The `settings` of `startPostgresServer` that turn TLS on with this certificate. */
  readonly serverSettings: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

/**
 * Makes the certificate with the openssl CLI. Its only subject alternative name is the IP
 * 127.0.0.1, so a client that verifies the host name and dials `localhost` refuses it even
 * when it trusts the certificate.
 */
export async function createTlsServerCertificate(): Promise<TlsServerCertificate> {
  const owner = postgresServerAccount();
  // As root the server runs as another user, who must be able to reach the files: /tmp is
  // traversable by everyone, a private $TMPDIR may not be.
  const directory = await mkdtemp(join(owner === undefined ? tmpdir() : "/tmp", "ck-pg-tls-"));
  await chmod(directory, 0o755);
  const certFile = join(directory, "server.crt");
  const keyFile = join(directory, "server.key");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-nodes", "-newkey", "rsa:2048", "-days", "2"],
      ...["-subj", "/CN=checkpointkit postgres test", "-addext", "subjectAltName=IP:127.0.0.1"],
      ...["-keyout", keyFile, "-out", certFile],
    ],
    { stdio: "ignore" },
  );
  await chmod(certFile, 0o644);
  await chmod(keyFile, 0o600);
  if (owner !== undefined) await chown(keyFile, owner.uid, owner.gid);
  return {
    certFile,
    keyFile,
    serverSettings: { ssl: "on", ssl_cert_file: certFile, ssl_key_file: keyFile },
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
}

/**
 * The `postgres` OS account the conformance servers run as when the tests run as root
 * (PostgreSQL refuses to run as root); undefined when they run as the current user.
 */
function postgresServerAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const idOf = (flag: string) =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: idOf("-u"), gid: idOf("-g") };
  } catch {
    throw new Error(
      "running as root, but there is no `postgres` OS account for the TLS test server to own its key",
    );
  }
}
