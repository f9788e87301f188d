import { CosmosSaver } from "@checkpointkit/cosmos";
import { DEFAULT_SCHEMA, PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { CosmosSelection, PostgresSelection, RedisSelection } from "./saver-selection.js";

/** One backend's saver, opened from a checked selection (see `openSaver`). */
export function openRedisSaver(selection: RedisSelection) {
  const { keyPrefix, shardCount } = selection;
  const saver = RedisSaver.fromUrl(selection.url, {
    ...(keyPrefix === undefined ? {} : { keyPrefix }),
    ...(shardCount === undefined ? {} : { shardCount }),
  });
  const shownPrefix = keyPrefix === undefined ? "" : ` prefix ${keyPrefix}`;
  return { saver, display: `${selection.display}${shownPrefix}`, close: () => saver.close() };
}

export function openPostgresSaver(selection: PostgresSelection) {
  const schema = selection.schema;
  const saver = PostgresSaver.fromConnString(selection.url, schema === undefined ? {} : { schema });
  const display = `${selection.display} schema ${schema ?? DEFAULT_SCHEMA}`;
  return { saver, display, close: () => saver.close() };
}

export function openCosmosSaver(selection: CosmosSelection) {
  const saver = CosmosSaver.fromConnectionString(
    `AccountEndpoint=${selection.endpoint};AccountKey=${selection.key};`,
    { databaseId: selection.databaseId, containerId: selection.containerId },
  );
  const display = `cosmos ${selection.endpoint} ${selection.databaseId}/${selection.containerId}`;
  return { saver, display, close: () => saver.close() };
}
