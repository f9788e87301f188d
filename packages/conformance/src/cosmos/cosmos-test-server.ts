/**
 * The Cosmos DB endpoint tests run against: `COSMOS_ENDPOINT` + `COSMOS_KEY` (the real
 * service or the official emulator) when set, else an in-process server on a free
 * 127.0.0.1 port built on `@vercel/cosmosdb-server` and extended where it falls short
 * of the service (see ./emulator).
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { CosmosTestServer } from "../servers/test-server.js";
import type { CosmosTestServerOptions } from "./cosmos-test-server-options.js";
import { Account, baseServerCertificatePaths } from "./emulator/base-server.js";
import { createCosmosRequestListener } from "./emulator/request-router.js";

/**
 * The in-process server's account key: valid base64, so the SDK signs requests with it as it
 * would with a real key. Checked only with `checkKeys: true`.
 */
const IN_PROCESS_SERVER_KEY = Buffer.from("checkpointkit in-process cosmos test server").toString(
  "base64",
);

const LOOPBACK_HOST = "127.0.0.1";

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK_HOST, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts an empty in-process server; `stop()` closes it and drops its data. */
export async function startCosmosServer(
  options: CosmosTestServerOptions = {},
): Promise<CosmosTestServer> {
  const tls = options.tls ?? true;
  // The account needs the port, known only once listening; nothing can connect before that.
  let handle: RequestListener | undefined;
  const listener: RequestListener = (req, res) => handle?.(req, res);
  const server: Server = tls
    ? createHttpsServer(
        {
          cert: readFileSync(baseServerCertificatePaths.cert),
          key: readFileSync(baseServerCertificatePaths.key),
        },
        listener,
      )
    : createHttpServer(listener);
  const port = await listen(server);
  const endpoint = `${tls ? "https" : "http"}://${LOOPBACK_HOST}:${port}/`;
  const account = new Account(LOOPBACK_HOST, port);
  advertiseEndpoint(account, endpoint);
  handle = createCosmosRequestListener(account, {
    ...(options.checkKeys === true ? { requiredKey: IN_PROCESS_SERVER_KEY } : {}),
    vectorSearch: options.vectorSearch ?? true,
  });

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    key: IN_PROCESS_SERVER_KEY,
    external: false,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/**
 * The account document lists the endpoints clients discover; the base server always
 * advertises `https://`, which would send discovering clients of a plain-HTTP server astray.
 */
function advertiseEndpoint(account: Account, endpoint: string): void {
  const accountDocument = account.read() as unknown as {
    writableLocations: { databaseAccountEndpoint: string }[];
    readableLocations: { databaseAccountEndpoint: string }[];
  };
  for (const location of [
    ...accountDocument.writableLocations,
    ...accountDocument.readableLocations,
  ]) {
    location.databaseAccountEndpoint = endpoint;
  }
}

/**
 * The server a test should use: the external one named by `COSMOS_ENDPOINT` and `COSMOS_KEY`
 * (never stopped by `stop()`), else a fresh in-process server.
 */
export async function cosmos(options: CosmosTestServerOptions = {}): Promise<CosmosTestServer> {
  const endpoint = process.env.COSMOS_ENDPOINT;
  const key = process.env.COSMOS_KEY;
  if (endpoint && key) {
    return { endpoint, key, external: true, stop: async () => {} };
  }
  return startCosmosServer(options);
}
