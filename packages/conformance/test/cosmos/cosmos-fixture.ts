/**
 * One in-process server per test file and a fresh container per test, created through the
 * SDK the way the saver creates its own.
 */
import { randomUUID } from "node:crypto";
import type { Container, ContainerRequest, CosmosClient, Database } from "@azure/cosmos";
import {
  type CosmosTestClientOptions,
  type CosmosTestServer,
  createCosmosTestClient,
  startCosmosServer,
} from "../../src/cosmos/index.js";

export interface CosmosFixture {
  server: CosmosTestServer;
  client: CosmosClient;
  database: Database;
}

export function useCosmosServer(clientOptions: CosmosTestClientOptions = {}): () => CosmosFixture {
  let fixture: CosmosFixture | undefined;
  beforeAll(async () => {
    const server = await startCosmosServer();
    const client = createCosmosTestClient(server, clientOptions);
    const { database } = await client.databases.createIfNotExists({ id: "conformance" });
    fixture = { server, client, database };
  });
  afterAll(async () => {
    fixture?.client.dispose();
    await fixture?.server.stop();
  });
  return () => {
    if (!fixture) throw new Error("The Cosmos fixture is only available inside tests.");
    return fixture;
  };
}

/** A new container keyed by `/pk` unless `definition` says otherwise. */
export async function newContainer(
  database: Database,
  definition: Partial<ContainerRequest> = {},
): Promise<Container> {
  const { container } = await database.containers.create({
    id: `c-${randomUUID()}`,
    partitionKey: { paths: ["/pk"] },
    ...definition,
  });
  return container;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A request the SDK refuses to send (e.g. a batch of 101 operations), sent as the SDK would
 * send it otherwise. The in-process server does not check signatures, so none is added.
 */
export async function sendRawRequest(
  server: CosmosTestServer,
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<{
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}> {
  const { request: httpsRequest } = await import("node:https");
  const url = new URL(request.path, server.endpoint);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      url,
      {
        method: request.method,
        rejectUnauthorized: false,
        headers: { "content-type": "application/json", ...request.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            headers: response.headers,
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}
