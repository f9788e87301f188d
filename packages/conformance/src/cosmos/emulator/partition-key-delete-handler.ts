/**
 * Delete by partition key (`container.deleteAllItemsForPartitionKey(key)`): a POST to
 * `/dbs/{db}/colls/{coll}/operations/partitionkeydelete` with the key in
 * `x-ms-documentdb-partitionkey`. The service answers 200 and removes the partition's items
 * in the background; here they are gone before the response. A prefix of a hierarchical key
 * removes every partition under it. The base server has no such route.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readRequestBody, sendError, sendJson } from "./http-io.js";
import type { ItemStore } from "./item-store.js";
import { parsePartitionKeyHeader } from "./partition-key.js";

export async function handlePartitionKeyDelete(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
): Promise<void> {
  await readRequestBody(req);
  const header = parsePartitionKeyHeader(req.headers["x-ms-documentdb-partitionkey"]);
  if (header.kind !== "key") {
    sendError(req, res, 400, "BadRequest", "Delete by partition key needs a partition key.");
    return;
  }
  for (const item of store.list(header.canonical)) store.remove(item);
  sendJson(req, res, 200, {});
}
