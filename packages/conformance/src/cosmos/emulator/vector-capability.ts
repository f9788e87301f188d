/**
 * An account without vector search (the service's `EnableNoSQLVectorSearch` capability off):
 * creating a container with a vector embedding policy or vector indexes is refused with 400
 * BadRequest. Modelled on the documented requirement (the capability must be on); the status
 * and message the real service sends were not verified.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { parseJsonBody, readRequestBody, sendError } from "./http-io.js";

const CONTAINER_CREATE = /^\/dbs\/[^/]+\/colls$/;

/**
 * The request to serve on an account without vector search: undefined when this answered it
 * (refused), else the request itself or, for a container create whose body was read, a replay
 * of it with the same method, URL and headers.
 */
export async function refuseVectorPolicies(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<IncomingMessage | undefined> {
  if (req.method !== "POST" || !CONTAINER_CREATE.test(path)) return req;
  const raw = await readRequestBody(req);
  const body = parseJsonBody(raw) as
    | { vectorEmbeddingPolicy?: unknown; indexingPolicy?: { vectorIndexes?: unknown[] } }
    | undefined;
  if (
    body?.vectorEmbeddingPolicy !== undefined ||
    (body?.indexingPolicy?.vectorIndexes ?? []).length > 0
  ) {
    sendError(
      req,
      res,
      400,
      "BadRequest",
      "Vector search is not enabled for this account (test server started with vectorSearch: false).",
    );
    return undefined;
  }
  return Object.assign(Readable.from([Buffer.from(raw)]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
  }) as unknown as IncomingMessage;
}
