import pg from "pg";
import type { OwnedTestServer } from "../servers/test-server.js";
import type { FaultEndpoint } from "./fault-harness.js";

/**
 * Login URLs for a PostgreSQL fault harness: a saver pointed at a fault (a proxy port, a
 * name that does not resolve) still logs in with the user, password and database of the
 * server its storage is on, and every server a harness starts has a password of its own.
 */
export class PostgresFaultUrls {
  readonly #sharedUrl: () => string;
  readonly #ownedServerUrls = new Map<number, string>();

  /** `sharedUrl`: the login URL of the shared server (`POSTGRES_URL`). */
  constructor(sharedUrl: () => string) {
    this.#sharedUrl = sharedUrl;
  }

  /** The shared server's endpoint. */
  shared(): FaultEndpoint {
    const url = new URL(this.#sharedUrl());
    return { host: url.hostname, port: Number(url.port) };
  }

  /** Call for each server the harness starts (`startOwnedServer`). */
  remember(server: OwnedTestServer): OwnedTestServer {
    this.#ownedServerUrls.set(server.port, server.url);
    return server;
  }

  /** The login URL of `storageOn`, with `connectTo`'s host and port. */
  at(connectTo: FaultEndpoint, storageOn: FaultEndpoint = connectTo): string {
    const url = new URL(this.#ownedServerUrls.get(storageOn.port) ?? this.#sharedUrl());
    url.hostname = connectTo.host;
    url.port = String(connectTo.port);
    return url.toString();
  }

  /** The passwords of every server known here (for `FaultHarness.secrets`), decoded. */
  passwords(): string[] {
    return [this.#sharedUrl(), ...this.#ownedServerUrls.values()]
      .map((url) => decodeURIComponent(new URL(url).password))
      .filter((password) => password !== "");
  }

  /** The shared server's login URL with `change` applied (a wrong password, database). */
  sharedWith(change: (url: URL) => void): string {
    const url = new URL(this.#sharedUrl());
    change(url);
    return url.toString();
  }
}

/** Drops a saver's schema through a short-lived pool of its own. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {});
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await pool.end();
  }
}
