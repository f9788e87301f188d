import { randomUUID } from "node:crypto";
import type { CosmosClient, PluginConfig, RetryOptions } from "@azure/cosmos";
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
  options: {
    injector?: CosmosFaultInjector;
    retryOptions?: RetryOptions;
    /** Run before the injector's, in this order. */
    plugins?: PluginConfig[];
  } = {},
): CosmosClient {
  const plugins = [
    ...(options.plugins ?? []),
    ...(options.injector === undefined ? [] : [options.injector.plugin]),
  ];
  return createCosmosTestClient(server, {
    ...(plugins.length === 0 ? {} : { plugins }),
    ...(options.retryOptions === undefined
      ? {}
      : { connectionPolicy: { retryOptions: options.retryOptions } }),
  });
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

/** An item as the tests inspect it: its kind, id and what points at other items. */
export interface InspectedItem {
  id: string;
  kind: string;
  thread_id: string;
  owner_id?: string;
  checkpoint_id?: string;
  value_refs?: { id: string }[];
  payload?: { chunk_count?: number };
  checkpoint?: { chunk_count?: number };
  metadata?: { chunk_count?: number };
  /** The service's last write time of the item, in whole epoch seconds. */
  _ts?: number;
}

/** Every item of a thread's partition (thread ids without reserved characters are their own key). */
export async function partitionItems(
  saver: CosmosSaver,
  threadId: string,
): Promise<InspectedItem[]> {
  const { resources } = await saver.container.items
    .query<InspectedItem>("SELECT * FROM c", { partitionKey: threadId })
    .fetchAll();
  return resources;
}

export function countByKind(items: readonly InspectedItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of items) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * What a partition must never hold: a chunk whose owner is gone, a chunk count that does not
 * match its owner's payload, a checkpoint referencing a missing value. Returns the problems.
 */
export function danglingReferences(items: readonly InspectedItem[]): string[] {
  const ids = new Set(items.map((item) => item.id));
  const chunksPerOwner = new Map<string, number>();
  const problems: string[] = [];
  for (const item of items) {
    if (item.kind !== "chunk" || item.owner_id === undefined) continue;
    const ownerItemId = item.owner_id.replace(/:metadata$/, "");
    if (!ids.has(ownerItemId)) problems.push(`chunk ${item.id} of missing ${item.owner_id}`);
    chunksPerOwner.set(item.owner_id, (chunksPerOwner.get(item.owner_id) ?? 0) + 1);
  }
  const expectChunks = (ownerId: string, payload: { chunk_count?: number } | undefined) => {
    const expected = payload?.chunk_count ?? 0;
    const actual = chunksPerOwner.get(ownerId) ?? 0;
    if (actual !== expected) problems.push(`${ownerId} has ${actual} chunks, needs ${expected}`);
  };
  for (const item of items) {
    if (item.kind === "value" || item.kind === "write") expectChunks(item.id, item.payload);
    if (item.kind === "checkpoint") {
      expectChunks(item.id, item.checkpoint);
      expectChunks(`${item.id}:metadata`, item.metadata);
      for (const ref of item.value_refs ?? []) {
        if (!ids.has(ref.id)) problems.push(`${item.id} references missing ${ref.id}`);
      }
    }
  }
  return problems;
}
