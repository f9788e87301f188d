/**
 * Container replace (`container.replace(definition)`, e.g. to turn TTL on or change
 * `defaultTtl`): updates the definition in place and keeps the items, as the service does.
 * The base server rebuilds the container object on replace, which silently drops every item.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDeepStrictEqual } from "node:util";
import type { Collection, ContainerDefinition } from "./base-server.js";
import { parseJsonBody, readRequestBody, sendError, sendJson } from "./http-io.js";

const SYSTEM_PROPERTIES = [
  "_rid",
  "_self",
  "_etag",
  "_ts",
  "_docs",
  "_sprocs",
  "_triggers",
  "_udfs",
  "_conflicts",
];

export async function handleContainerReplace(
  req: IncomingMessage,
  res: ServerResponse,
  collection: Collection,
): Promise<void> {
  const body = parseJsonBody(await readRequestBody(req)) as
    | Partial<ContainerDefinition>
    | undefined;
  const current = collection.read() as unknown as ContainerDefinition;
  if (!body || typeof body !== "object" || body.id !== current.id) {
    sendError(req, res, 400, "BadRequest", "The container id in the body must match the URI.");
    return;
  }
  if (!isDeepStrictEqual(body.partitionKey ?? current.partitionKey, current.partitionKey)) {
    sendError(req, res, 400, "BadRequest", "The partition key of a container cannot be changed.");
    return;
  }
  const next: Record<string, unknown> = Object.fromEntries(
    Object.entries(body).filter(([name]) => !SYSTEM_PROPERTIES.includes(name)),
  );
  for (const name of SYSTEM_PROPERTIES) {
    if (current[name] !== undefined) next[name] = current[name];
  }
  next.partitionKey = current.partitionKey;
  next.indexingPolicy = body.indexingPolicy ?? current.indexingPolicy;
  next._etag = `"${randomUUID()}"`;
  next._ts = Math.floor(Date.now() / 1000);
  (collection as unknown as { _data: unknown })._data = next;
  sendJson(req, res, 200, next, { etag: next._etag as string });
}
