import type { Container, ContainerDefinition, IndexingPolicy } from "@azure/cosmos";
import { InvalidConfigError } from "@checkpointkit/core";
import { cosmosStatusCode } from "../cosmos-errors.js";
import { type RequestMeter, sendRequest } from "../cosmos-requests.js";
import { type CosmosStoreSetupOptions, STORE_PARTITION_KEY_PATH } from "./cosmos-store-options.js";

/**
 * Everything is indexed (filters reach any value field, `ORDER BY updated_at` needs its range
 * index) except the vectors: an indexed array of 1 536 numbers would cost RU on every write.
 */
export const STORE_INDEXING_POLICY: IndexingPolicy = {
  indexingMode: "consistent",
  automatic: true,
  includedPaths: [{ path: "/*" }],
  excludedPaths: [{ path: "/vectors/*" }, { path: '/"_etag"/?' }],
};

async function readDefinition(container: Container, meter: RequestMeter) {
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

async function createContainer(
  container: Container,
  options: CosmosStoreSetupOptions,
  meter: RequestMeter,
  extraFields: Partial<ContainerDefinition>,
): Promise<void> {
  const client = container.database.client;
  const definition: ContainerDefinition = {
    id: container.id,
    partitionKey: { paths: [STORE_PARTITION_KEY_PATH] },
    indexingPolicy: STORE_INDEXING_POLICY,
    // -1: TTL on, no default expiry; items carrying a `ttl` field expire, others never do.
    defaultTtl: -1,
    ...extraFields,
  };
  try {
    const database = await sendRequest(meter, (abortSignal) =>
      client.databases.createIfNotExists({ id: container.database.id }, { abortSignal }),
    );
    meter.add(database.requestCharge);
    const created = await sendRequest(meter, (abortSignal) =>
      container.database.containers.createIfNotExists(
        definition,
        options.throughputRequestUnits === undefined
          ? { abortSignal }
          : { abortSignal, offerThroughput: options.throughputRequestUnits },
      ),
    );
    meter.add(created.requestCharge);
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 409) return;
    throw meter.failure(error, container, "create the database or container");
  }
}

/**
 * Creates the container when asked (safe from many processes at once; `extraFields` such as
 * a vector policy go into a container it creates), then checks that it is partitioned on
 * `/pk` and, when the store sets TTLs, that TTL is on. Returns the container's definition.
 */
export async function setupStoreContainer(
  container: Container,
  options: CosmosStoreSetupOptions,
  usesTtl: boolean,
  meter: RequestMeter,
  extraFields: Partial<ContainerDefinition> = {},
): Promise<ContainerDefinition> {
  if (options.createIfNotExists === true) {
    await createContainer(container, options, meter, extraFields);
  }
  const definition = await readDefinition(container, meter);
  if (definition === undefined) {
    throw new InvalidConfigError(
      `container "${container.id}" of database "${container.database.id}" does not exist; call setup({ createIfNotExists: true })`,
      { field: "container" },
    );
  }
  const paths = definition.partitionKey?.paths ?? [];
  if (paths.length !== 1 || paths[0] !== STORE_PARTITION_KEY_PATH) {
    throw new InvalidConfigError(
      `container "${container.id}" is partitioned by [${paths.join(", ")}], the store needs [${STORE_PARTITION_KEY_PATH}]`,
      { field: "container" },
    );
  }
  if (usesTtl && (definition.defaultTtl === undefined || definition.defaultTtl === null)) {
    throw new InvalidConfigError(
      `ttlSeconds is set but container "${container.id}" has TTL disabled; set its defaultTtl to -1`,
      { field: "ttlSeconds" },
    );
  }
  return definition;
}
