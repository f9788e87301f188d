import { type Container, CosmosClient, type CosmosClientOptions } from "@azure/cosmos";
import { InvalidConfigError } from "@checkpointkit/core";
import { NetworkFailureRecorder } from "./cosmos-network-failures.js";
import {
  type CosmosContainerLocation,
  type CosmosSaverBehaviourOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "./cosmos-saver-options.js";

/** A client the saver creates, and therefore disposes on `close()`. */
export interface OwnedClient {
  client: CosmosClient;
  /** Knows the network failure behind a timeout (see `NetworkFailureRecorder`). */
  failures: NetworkFailureRecorder;
}

/** What `fromConnectionString`/`fromCredential` build: the client, its container, the options. */
export interface OwnedClientSetup {
  owned: OwnedClient;
  container: Container;
  /** The location's saver options, without the client settings. */
  behaviour: CosmosSaverBehaviourOptions;
}

/** `plugins` is an SDK option its public typings leave out. */
type ClientOptionsWithPlugins = CosmosClientOptions & { plugins?: unknown[] };

/** Builds the client of `fromConnectionString`/`fromCredential` from auth and a location. */
export function createOwnedClient(
  auth: Partial<CosmosClientOptions>,
  location: CosmosContainerLocation,
): OwnedClientSetup {
  const {
    databaseId,
    containerId,
    consistencyLevel,
    retryOptions,
    requestTimeoutMs,
    clientOptions,
    ...behaviour
  } = location;
  if (!databaseId || !containerId) {
    throw new InvalidConfigError("databaseId and containerId are required", {
      field: databaseId ? "containerId" : "databaseId",
    });
  }
  const requestTimeout =
    requestTimeoutMs ??
    clientOptions?.connectionPolicy?.requestTimeout ??
    DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(Number.isInteger(requestTimeout) && requestTimeout > 0)) {
    throw new InvalidConfigError(
      `requestTimeoutMs must be a positive integer, got ${requestTimeout}`,
      { field: "requestTimeoutMs" },
    );
  }
  const failures = new NetworkFailureRecorder();
  const callerPlugins = (clientOptions as ClientOptionsWithPlugins | undefined)?.plugins ?? [];
  let client: CosmosClient;
  try {
    const options: ClientOptionsWithPlugins = {
      ...clientOptions,
      ...auth,
      ...(consistencyLevel === undefined ? {} : { consistencyLevel }),
      connectionPolicy: {
        ...clientOptions?.connectionPolicy,
        requestTimeout,
        ...(retryOptions === undefined ? {} : { retryOptions }),
      },
      plugins: [...callerPlugins, failures.plugin],
    };
    client = new CosmosClient(options);
  } catch (error) {
    // The SDK's message may quote the connection string; core's error redacts secrets.
    throw new InvalidConfigError("the Cosmos DB connection settings are invalid", {
      cause: error,
      field: "connectionString",
    });
  }
  const container = client.database(databaseId).container(containerId);
  return { owned: { client, failures }, container, behaviour };
}
