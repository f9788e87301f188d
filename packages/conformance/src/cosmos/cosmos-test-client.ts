/**
 * A `CosmosClient` for a test server. The in-process server's certificate is self-signed,
 * so certificate checks are skipped, but only for loopback endpoints: a remote endpoint
 * (the real service) keeps full TLS verification.
 */
import { Agent } from "node:https";
import { CosmosClient, type CosmosClientOptions } from "@azure/cosmos";
import type { CosmosTestServer } from "../servers/test-server.js";
import type { CosmosTestClientOptions } from "./cosmos-test-client-options.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function isLoopback(endpoint: string): boolean {
  const { hostname } = new URL(endpoint);
  return LOOPBACK_HOSTS.has(hostname) || hostname.startsWith("127.");
}

export function createCosmosTestClient(
  server: CosmosTestServer,
  options: CosmosTestClientOptions = {},
): CosmosClient {
  const loopback = isLoopback(server.endpoint);
  const clientOptions: CosmosClientOptions & { plugins?: CosmosTestClientOptions["plugins"] } = {
    endpoint: server.endpoint,
    key: server.key,
    connectionPolicy: {
      // A local server (in-process or emulator) has one region: discovery only adds round trips.
      enableEndpointDiscovery: !loopback,
      ...options.connectionPolicy,
    },
  };
  if (loopback && server.endpoint.startsWith("https:")) {
    clientOptions.agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  }
  if (options.userAgentSuffix !== undefined)
    clientOptions.userAgentSuffix = options.userAgentSuffix;
  // `plugins` is an SDK option its public typings leave out.
  if (options.plugins !== undefined) clientOptions.plugins = options.plugins;
  return new CosmosClient(clientOptions);
}
