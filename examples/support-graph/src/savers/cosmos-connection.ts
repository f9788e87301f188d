import type { CosmosClient } from "@azure/cosmos";
import { createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosSaver } from "@checkpointkit/cosmos";

/** What a process needs to open the demo's CosmosSaver (sent to the crash child over IPC). */
export interface CosmosConnection {
  endpoint: string;
  /** Account key; a real one is a secret, so it is never printed. */
  key: string;
  databaseId: string;
  containerId: string;
}

export function isCosmosConnection(value: unknown): value is CosmosConnection {
  const candidate = value as Partial<CosmosConnection> | null;
  return (
    typeof candidate?.endpoint === "string" &&
    typeof candidate.key === "string" &&
    typeof candidate.databaseId === "string" &&
    typeof candidate.containerId === "string"
  );
}

/** A CosmosSaver on a client of its own; `close()` disposes both. */
export interface OpenedCosmosSaver {
  saver: CosmosSaver;
  client: CosmosClient;
  close(): Promise<void>;
}

/**
 * Opens the container (created on first use). The client accepts the in-process server's
 * self-signed certificate on loopback endpoints only; a remote account keeps full TLS checks.
 */
export async function openCosmosSaver(connection: CosmosConnection): Promise<OpenedCosmosSaver> {
  const client = createCosmosTestClient({
    endpoint: connection.endpoint,
    key: connection.key,
    external: true,
    stop: async () => {},
  });
  const saver = new CosmosSaver({
    container: client.database(connection.databaseId).container(connection.containerId),
  });
  const close = async () => {
    await saver.close();
    client.dispose();
  };
  try {
    await saver.setup({ createIfNotExists: true });
  } catch (error) {
    await close();
    throw error;
  }
  return { saver, client, close };
}
