import { inspect } from "node:util";
import { type OwnedTestServer, startPostgresServer } from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { failureWithin } from "./support/faults.js";
import { threadConfig } from "./support/fixtures.js";
import {
  createTlsServerCertificate,
  type TlsServerCertificate,
} from "./support/tls-server-certificate.js";

/** A refused certificate ends the connection attempt: no call may wait past this deadline. */
const CONNECTION_TIMEOUT_MS = 2000;
const QUERY_TIMEOUT_MS = 3000;

let certificate: TlsServerCertificate;
let server: OwnedTestServer;

beforeAll(async () => {
  certificate = await createTlsServerCertificate();
  server = await startPostgresServer({ settings: certificate.serverSettings });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await certificate?.dispose();
});

function serverUrl(change: (url: URL) => void): string {
  const url = new URL(server.url);
  change(url);
  return url.toString();
}

function withSslMode(sslMode: string, extra: Record<string, string> = {}): string {
  return serverUrl((url) => {
    url.searchParams.set("sslmode", sslMode);
    for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  });
}

function saverFor(connectionString: string): PostgresSaver {
  return PostgresSaver.fromConnString(connectionString, {
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
}

/** Everything a logger could print of an error: message, stack, cause chain, inspect. */
function everythingPrinted(error: unknown): string {
  return [String(error), (error as Error).stack ?? "", inspect(error, { depth: 10 })].join("\n");
}

/** True when the session behind `connectionString` runs over TLS, as the server sees it. */
async function sessionUsesTls(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>(
      "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    return rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

describe("a server certificate the client does not trust is a non-retryable InvalidConfigError", () => {
  it.each([
    ["verify-full, self-signed certificate", () => withSslMode("verify-full"), /self-signed/],
    ["verify-ca, self-signed certificate", () => withSslMode("verify-ca"), /self-signed/],
    [
      // pg ≥ 8.12 verifies for `require` too (libpq's `require` needs uselibpqcompat=true).
      "require (pg verifies it like verify-full), self-signed certificate",
      () => withSslMode("require"),
      /self-signed/,
    ],
    [
      "verify-full, trusted certificate for another host name",
      () =>
        serverUrl((url) => {
          url.hostname = "localhost";
          url.searchParams.set("sslmode", "verify-full");
          url.searchParams.set("sslrootcert", certificate.certFile);
        }),
      /another host name/,
    ],
  ])("%s", async (_name, connectionString, reason) => {
    const password = new URL(server.url).password;
    const saver = saverFor(connectionString());
    try {
      for (const call of [() => saver.setup(), () => saver.getTuple(threadConfig("t"))]) {
        const { error } = await failureWithin(call(), CONNECTION_TIMEOUT_MS);
        expect(InvalidConfigError.isInstance(error)).toBe(true);
        const message = (error as Error).message;
        expect(message).toMatch(/TLS certificate was not trusted/);
        expect(message).toMatch(reason);
        expect(message).toMatch(/sslmode.*sslrootcert.*host name/);
        expect(everythingPrinted(error)).not.toContain(password);
      }
    } finally {
      await saver.close();
    }
  });
});

describe("the same server works when the client's TLS settings fit its certificate", () => {
  it.each([
    ["no-verify (TLS without verification)", () => withSslMode("no-verify")],
    [
      "libpq's require (uselibpqcompat=true)",
      () => withSslMode("require", { uselibpqcompat: "true" }),
    ],
    [
      "verify-full with the certificate as sslrootcert, by IP",
      () => withSslMode("verify-full", { sslrootcert: certificate.certFile }),
    ],
  ])("%s", async (_name, connectionString) => {
    // Proves the server speaks TLS, so the refusals above are about the certificate.
    expect(await sessionUsesTls(connectionString())).toBe(true);
    const saver = saverFor(connectionString());
    try {
      await saver.setup();
      await expect(saver.getTuple(threadConfig("t"))).resolves.toBeUndefined();
    } finally {
      await saver.close();
    }
  });
});
