import { randomUUID } from "node:crypto";
import type { CosmosClient, RetryOptions } from "@azure/cosmos";
import {
  type CosmosFaultInjector,
  type CosmosTestServer,
  cosmos,
  createCosmosTestClient,
} from "@checkpointkit/conformance";
import { CosmosSaver, type CosmosSaverBehaviourOptions } from "../src/index.js";

/** Every test container lives in this database; each saver gets a container of its own. */
export const TEST_DATABASE_ID = "checkpointkit-tests";

/** The server jest's globalSetup started (or COSMOS_ENDPOINT named). */
export function sharedServer(): Promise<CosmosTestServer> {
  return cosmos();
}

export function newClient(
  server: CosmosTestServer,
  options: { injector?: CosmosFaultInjector; retryOptions?: RetryOptions } = {},
): CosmosClient {
  // The conformance package is CommonJS, so its `CosmosClient` is typed from the SDK's CJS
  // typings; at runtime it is the same class this package's ESM typings describe.
  const client: unknown = createCosmosTestClient(server, {
    ...(options.injector === undefined ? {} : { plugins: [options.injector.plugin] }),
    ...(options.retryOptions === undefined
      ? {}
      : { connectionPolicy: { retryOptions: options.retryOptions } }),
  });
  return client as CosmosClient;
}

/** A saver over the caller's client and a fresh, empty container created by `setup()`. */
export async function saverInFreshContainer(
  client: CosmosClient,
  options: CosmosSaverBehaviourOptions = {},
): Promise<CosmosSaver> {
  const container = client.database(TEST_DATABASE_ID).container(`checkpoints-${randomUUID()}`);
  const saver = new CosmosSaver({ container, ...options });
  await saver.setup({ createIfNotExists: true });
  return saver;
}

/** Drops the saver's container (the client stays open: the test owns it). */
export async function dropContainer(saver: CosmosSaver): Promise<void> {
  await saver.container.delete();
}
