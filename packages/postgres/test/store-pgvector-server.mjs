// A PostgreSQL with pgvector for the store's pgvector tests: PGlite (PostgreSQL compiled to
// WebAssembly, with the pgvector extension) served over the wire protocol, so `pg` connects
// to it like to any server. Run as a child process by store-pgvector.test.ts: it prints
// "READY <port>" once listening and stops on SIGTERM.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const db = await PGlite.create({ extensions: { vector } });
// One connection by default; the store's pool opens several (reads of a batch run in parallel).
const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 16 });
await server.start();
const port = Number(server.getServerConn().split(":").pop());
process.stdout.write(`READY ${port}\n`);

async function stop() {
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
