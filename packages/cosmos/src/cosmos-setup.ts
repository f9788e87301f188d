import {
  type Container,
  type ContainerDefinition,
  type IndexingPolicy,
  type PartitionKeyDefinition,
  PartitionKeyDefinitionVersion,
  PartitionKeyKind,
} from "@azure/cosmos";
import { InvalidConfigError } from "@checkpointkit/core";
import { cosmosStatusCode } from "./cosmos-errors.js";
import { TENANT_KEY_PATH, THREAD_KEY_PATH } from "./cosmos-items.js";
import { type RequestMeter, sendRequest } from "./cosmos-requests.js";
import type { CosmosSetupOptions } from "./cosmos-saver-options.js";

/**
 * Writes dominate a checkpointer's traffic and every indexed path costs RU on every write, so
 * only the paths the saver's queries filter or sort on are indexed. Payloads (base64 values,
 * checkpoints, metadata) are excluded; `metadata_json` holds only top-level primitive
 * metadata, which `list` filters compare against.
 */
export const CHECKPOINT_INDEXING_POLICY: IndexingPolicy = {
  indexingMode: "consistent",
  automatic: true,
  includedPaths: [
    { path: "/kind/?" },
    { path: "/checkpoint_ns/?" },
    { path: "/checkpoint_id/?" },
    { path: "/checkpoint_key/?" },
    { path: "/channel/?" },
    { path: "/owner_id/?" },
    { path: "/tenant_key/?" },
    { path: "/metadata_json/*" },
    // Only thread items carry these: what `listThreads` sorts and filters on.
    { path: "/list_key/?" },
    { path: "/listed_thread_id/?" },
  ],
  excludedPaths: [{ path: "/*" }, { path: '/"_etag"/?' }],
};

export function partitionKeyDefinition(hierarchical: boolean): PartitionKeyDefinition {
  return hierarchical
    ? {
        paths: [TENANT_KEY_PATH, THREAD_KEY_PATH],
        kind: PartitionKeyKind.MultiHash,
        version: PartitionKeyDefinitionVersion.V2,
      }
    : { paths: [THREAD_KEY_PATH], version: PartitionKeyDefinitionVersion.V2 };
}

export interface SetupInput {
  container: Container;
  hierarchical: boolean;
  ttlSeconds: number | undefined;
  options: CosmosSetupOptions;
  meter: RequestMeter;
}

async function readDefinition(
  container: Container,
  meter: RequestMeter,
): Promise<ContainerDefinition | undefined> {
  try {
    const response = await sendRequest(meter, (abortSignal) => container.read({ abortSignal }));
    meter.add(response.requestCharge);
    return response.resource;
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 404) return undefined;
    throw meter.failure(error, container, "read the container definition");
  }
}

async function createContainer(input: SetupInput): Promise<void> {
  const { container, meter } = input;
  const client = container.database.client;
  try {
    const database = await sendRequest(meter, (abortSignal) =>
      client.databases.createIfNotExists({ id: container.database.id }, { abortSignal }),
    );
    meter.add(database.requestCharge);
    const created = await sendRequest(meter, (abortSignal) =>
      container.database.containers.createIfNotExists(
        {
          id: container.id,
          partitionKey: partitionKeyDefinition(input.hierarchical),
          indexingPolicy: CHECKPOINT_INDEXING_POLICY,
          // -1: TTL on, no default expiry; items carrying a `ttl` field expire, others never do.
          defaultTtl: -1,
        },
        input.options.throughputRequestUnits === undefined
          ? { abortSignal }
          : { abortSignal, offerThroughput: input.options.throughputRequestUnits },
      ),
    );
    meter.add(created.requestCharge);
  } catch (error) {
    meter.addError(error);
    // Another process created it between our read and our create: that is what we wanted.
    if (cosmosStatusCode(error) === 409) return;
    throw meter.failure(error, container, "create the database or container");
  }
}

/**
 * Idempotent and safe to run from many processes at once: creates what is missing when
 * asked, then checks that the container is partitioned the way this saver writes and that
 * TTL is enabled when the saver sets one.
 */
export async function setupContainer(input: SetupInput): Promise<void> {
  if (input.options.createIfNotExists === true) await createContainer(input);
  const definition = await readDefinition(input.container, input.meter);
  if (definition === undefined) {
    throw new InvalidConfigError(
      `container "${input.container.id}" of database "${input.container.database.id}" does not exist; check databaseId and containerId, or call setup({ createIfNotExists: true })`,
      { field: "containerId" },
    );
  }
  const expected = partitionKeyDefinition(input.hierarchical).paths;
  const actual = definition.partitionKey?.paths ?? [];
  if (actual.length !== expected.length || actual.some((path, index) => path !== expected[index])) {
    throw new InvalidConfigError(
      `container "${input.container.id}" is partitioned by [${actual.join(", ")}], the saver needs [${expected.join(", ")}]`,
      { field: input.hierarchical ? "tenantId" : "containerId" },
    );
  }
  if (input.ttlSeconds !== undefined && definition.defaultTtl === undefined) {
    throw new InvalidConfigError(
      `ttlSeconds is set but container "${input.container.id}" has TTL disabled; set its defaultTtl to -1`,
      { field: "ttlSeconds" },
    );
  }
}
