/**
 * The emulator's request listener: item routes go to the project's handlers (which keep the
 * service's rules), everything else to the base server's routes. Expired items are removed
 * before any request on a container is served, so no route can return one.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Account, matchBaseRoute } from "./base-server.js";
import { handleContainerReplace } from "./container-replace-handler.js";
import { headerIsTrue, sendError, sendJson, setServiceHeaders } from "./http-io.js";
import { handleItemFeedRead, handleItemQuery } from "./item-query-handler.js";
import { itemStoreOf } from "./item-store.js";
import { signedWithKey } from "./master-key-auth.js";
import { handlePartitionKeyDelete } from "./partition-key-delete-handler.js";
import { handlePointItemRequest } from "./point-item-handlers.js";
import { handleBatchRequest } from "./transactional-batch-handler.js";
import { refuseVectorPolicies } from "./vector-capability.js";

const CONTAINER_PATH = /^\/dbs\/([^/]+)\/colls\/([^/]+)(\/.*)?$/;

function normalisedPath(url: string | undefined): string {
  let path = new URL(url ?? "/", "https://localhost").pathname;
  // The SDK sometimes sends `//dbs/...`; the service treats it as `/dbs/...`.
  while (path.startsWith("//")) path = path.slice(1);
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

function isQuery(req: IncomingMessage): boolean {
  return (
    headerIsTrue(req, "x-ms-documentdb-isquery") ||
    req.headers["content-type"] === "application/query+json"
  );
}

/** Serves the request from the project's handlers; false when the base server should. */
async function routeContainerRequest(
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const match = CONTAINER_PATH.exec(path);
  if (!match) return false;
  const [, databaseId, containerId, rest = ""] = match;
  const collection = account
    .database(decodeURIComponent(databaseId!))
    .collection(decodeURIComponent(containerId!));
  if (!collection.read()) {
    if (!rest.startsWith("/docs") && !rest.startsWith("/operations")) return false;
    // The service's answer for items of a database or container that does not exist: 404
    // with substatus 1003 (owner resource missing), which tells it apart from a missing item.
    sendJson(
      req,
      res,
      404,
      { code: "NotFound", message: "Owner resource does not exist" },
      { "x-ms-substatus": "1003" },
    );
    return true;
  }
  const store = itemStoreOf(collection);
  store.purgeExpired();

  if (rest === "" && req.method === "PUT") {
    await handleContainerReplace(req, res, collection);
    return true;
  }
  if (rest === "/operations/partitionkeydelete" && req.method === "POST") {
    await handlePartitionKeyDelete(req, res, store);
    return true;
  }
  if (rest === "/docs") {
    if (req.method === "GET") await handleItemFeedRead(req, res, store);
    else if (req.method !== "POST") return false;
    else if (isQuery(req)) await handleItemQuery(req, res, store);
    else if (headerIsTrue(req, "x-ms-cosmos-is-batch-request")) {
      await handleBatchRequest(req, res, store);
    } else await handlePointItemRequest(req, res, store, undefined);
    return true;
  }
  const item = /^\/docs\/([^/]+)$/.exec(rest);
  if (item && ["GET", "PUT", "DELETE", "PATCH"].includes(req.method ?? "")) {
    await handlePointItemRequest(req, res, store, decodeURIComponent(item[1]!));
    return true;
  }
  return false;
}

async function routeBaseRequest(
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = matchBaseRoute(req);
  if (!route) {
    sendError(req, res, 400, "BadRequest", "The test server has no route for this request.");
    return;
  }
  const body = ((await route.handler(account, req, res, route.params)) ?? {}) as Record<
    string,
    unknown
  >;
  const statusCode = res.statusCode;
  if (statusCode >= 400 && typeof body.message !== "string") body.message = "";
  const headers: Record<string, string> = {};
  if (typeof body._etag === "string") headers.etag = body._etag;
  sendJson(req, res, statusCode, body, headers);
}

/** A listener for `http(s).createServer` serving `account`. */
export function createCosmosRequestListener(
  account: Account,
  options: { requiredKey?: string; vectorSearch?: boolean } = {},
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = normalisedPath(req.url);
    if (options.requiredKey !== undefined && !signedWithKey(req, path, options.requiredKey)) {
      req.resume();
      sendError(
        req,
        res,
        401,
        "Unauthorized",
        "The input authorization token can't serve the request. The wrong key is being used.",
      );
      return;
    }
    (async () => {
      const served =
        options.vectorSearch === false ? await refuseVectorPolicies(req, res, path) : req;
      if (served === undefined) return;
      if (!(await routeContainerRequest(account, served, res, path))) {
        await routeBaseRequest(account, served, res);
      }
    })().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      setServiceHeaders(req, res);
      res.statusCode = 500;
      res.end(JSON.stringify({ code: "InternalServerError", message: String(error) }));
    });
  };
}
