import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "pg";
import type { OwnedTestServer } from "../../src/servers/index.js";
import { postgres, startPostgresServer } from "../../src/servers/index.js";
import { pathExists, processExists } from "./process-probes.js";

async function withPostgresClient<T>(url: string, body: (client: Client) => Promise<T>) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {
    // Surfaces through the rejected query the test awaits.
  });
  try {
    await client.connect();
    return await body(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("startPostgresServer", () => {
  let server: OwnedTestServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it("starts a private server on loopback that accepts the URL's login", async () => {
    expect(server.external).toBe(false);
    expect(server.url).toMatch(
      new RegExp(`^postgres://postgres:[0-9a-f]+@127\\.0\\.0\\.1:${server.port}/postgres$`),
    );
    const row = await withPostgresClient(server.url, async (client) => {
      const result = await client.query<{ answer: number; fsync: string }>(
        "SELECT 1 AS answer, current_setting('fsync') AS fsync",
      );
      return result.rows[0];
    });
    expect(row).toEqual({ answer: 1, fsync: "off" });
  });

  it("reports the postmaster's own pid", async () => {
    const postmasterPid = (
      await readFile(join(server.dataDir, "pgdata", "postmaster.pid"), "utf8")
    ).split("\n")[0];
    expect(Number(postmasterPid)).toBe(server.pid);
    const backendParent = await withPostgresClient(server.url, async (client) => {
      const result = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const stat = await readFile(`/proc/${result.rows[0]!.pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    });
    expect(backendParent).toBe(server.pid);
  });

  it("keeps a committed row across kill() (SIGKILL) and restart()", async () => {
    await withPostgresClient(server.url, async (client) => {
      await client.query("CREATE TABLE survivors (name text PRIMARY KEY)");
      await client.query("INSERT INTO survivors VALUES ('committed-before-kill')");
    });
    const client = new Client({ connectionString: server.url });
    client.on("error", () => {});
    await client.connect();
    const killedPid = server.pid;
    const { port, dataDir, url } = server;
    await server.kill();
    expect(processExists(killedPid)).toBe(false);
    await expect(client.query("SELECT 1")).rejects.toThrow();
    await client.end().catch(() => undefined);
    await expect(withPostgresClient(url, (fresh) => fresh.query("SELECT 1"))).rejects.toThrow();

    await server.restart();
    expect(server).toMatchObject({ port, dataDir, url });
    expect(server.pid).not.toBe(killedPid);
    const names = await withPostgresClient(server.url, async (fresh) => {
      const result = await fresh.query<{ name: string }>("SELECT name FROM survivors");
      return result.rows.map((row) => row.name);
    });
    expect(names).toEqual(["committed-before-kill"]);
  });

  it("stop() shuts the server down and removes its data directory", async () => {
    const other = await startPostgresServer();
    const pid = other.pid;
    await other.stop();
    expect(processExists(pid)).toBe(false);
    expect(await pathExists(other.dataDir)).toBe(false);
    await expect(
      withPostgresClient(other.url, (client) => client.query("SELECT 1")),
    ).rejects.toThrow();
  });

  it("postgres() uses POSTGRES_URL as an external server and never stops it", async () => {
    const original = process.env.POSTGRES_URL;
    process.env.POSTGRES_URL = server.url;
    try {
      const external = await postgres();
      expect(external).toMatchObject({ url: server.url, external: true });
      await external.stop();
      const answer = await withPostgresClient(server.url, (client) =>
        client.query("SELECT 1 AS one"),
      );
      expect(answer.rows).toEqual([{ one: 1 }]);
    } finally {
      if (original === undefined) delete process.env.POSTGRES_URL;
      else process.env.POSTGRES_URL = original;
    }
  });
});
