import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";

/** A listening test endpoint and how to stop it. */
export interface TestEndpoint {
  endpoint: string;
  close(): Promise<void>;
}

function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Anything a server hands its connection handler. */
interface Connection {
  destroy(): void;
}

function closeServer(server: Server, sockets: Set<Connection>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An endpoint nothing listens on: connecting is refused (the port was bound, then freed). */
export async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await closeServer(server, new Set());
  return `https://127.0.0.1:${port}/`;
}

/** A host name that never resolves (`.invalid` is reserved for that, RFC 2606). */
export const UNRESOLVABLE_ENDPOINT = "https://checkpointkit-no-such-account.invalid:8081/";

/** Accepts TCP connections and never sends a byte back, like a blackholed load balancer. */
export async function startSilentEndpoint(): Promise<TestEndpoint> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return { endpoint: `https://127.0.0.1:${port}/`, close: () => closeServer(server, sockets) };
}

/** The self-signed certificate the in-process Cosmos DB server uses. */
function serverCertificate(): { cert: Buffer; key: Buffer } {
  const base = require.resolve("@vercel/cosmosdb-server/package.json", {
    paths: [require.resolve("@checkpointkit/conformance/package.json")],
  });
  const directory = base.replace(/package\.json$/, "");
  return {
    cert: readFileSync(`${directory}cert.pem`),
    key: readFileSync(`${directory}key.pem`),
  };
}

/**
 * An HTTPS endpoint that answers every request the way Cosmos DB answers a request signed with
 * a wrong key (401) or by an identity without a data-plane role (403).
 */
export async function startRefusingAuthEndpoint(status: 401 | 403): Promise<TestEndpoint> {
  const sockets = new Set<Connection>();
  const server = createHttpsServer(serverCertificate(), (request, response) => {
    request.resume();
    response.writeHead(status, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        code: status === 401 ? "Unauthorized" : "Forbidden",
        message:
          status === 401
            ? "The input authorization token can't serve the request. The wrong key is being used."
            : "Request blocked by Auth: the principal does not have the required RBAC permissions.",
      }),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return { endpoint: `https://127.0.0.1:${port}/`, close: () => closeServer(server, sockets) };
}
