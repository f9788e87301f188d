import { type Container, CosmosClient, type CosmosClientOptions } from "@azure/cosmos";
import { InvalidConfigError } from "@checkpointkit/core";
import type {
  CosmosContainerLocation,
  CosmosSaverBehaviourOptions,
} from "./cosmos-saver-options.js";

/** A client the saver creates, and therefore disposes on `close()`. */
export interface OwnedClient {
  client: CosmosClient;
  container: Container;
  /** The location's saver options, without the client settings. */
  behaviour: CosmosSaverBehaviourOptions;
}

/** Builds the client of `fromConnectionString`/`fromCredential` from auth and a location. */
export function createOwnedClient(
  auth: Partial<CosmosClientOptions>,
  location: CosmosContainerLocation,
): OwnedClient {
  const { databaseId, containerId, consistencyLevel, retryOptions, clientOptions, ...behaviour } =
    location;
  if (!databaseId || !containerId) {
    throw new InvalidConfigError("databaseId and containerId are required", {
      field: databaseId ? "containerId" : "databaseId",
    });
  }
  let client: CosmosClient;
  try {
    client = new CosmosClient({
      ...clientOptions,
      ...auth,
      ...(consistencyLevel === undefined ? {} : { consistencyLevel }),
      connectionPolicy: {
        ...clientOptions?.connectionPolicy,
        ...(retryOptions === undefined ? {} : { retryOptions }),
      },
    });
  } catch (error) {
    // The SDK's message may quote the connection string; core's error redacts secrets.
    throw new InvalidConfigError("the Cosmos DB connection settings are invalid", {
      cause: error,
      field: "connectionString",
    });
  }
  const container = client.database(databaseId).container(containerId);
  return { client, container, behaviour };
}
