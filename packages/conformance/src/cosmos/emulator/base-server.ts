/**
 * The parts of `@vercel/cosmosdb-server` the emulator builds on: its in-memory account
 * (databases, containers, documents) and its router for everything the project does not
 * re-implement (databases, containers, partition key ranges, UDFs, account metadata).
 * Its own request listener is not exported, so the emulator owns the HTTP server and
 * hands the base routes the same `(account, req, res, params)` call they expect.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type Collection from "@vercel/cosmosdb-server/lib/account/collection.js";
import Account from "@vercel/cosmosdb-server/lib/account/index.js";
import baseRoutes from "@vercel/cosmosdb-server/lib/routes.js";

export type { Collection };
export { Account };

/** Document shape as stored: the user's JSON plus the system properties. */
export interface StoredItem {
  id: string;
  _rid: string;
  _self: string;
  _etag: string;
  _ts: number;
  [property: string]: unknown;
}

/** Container definition as stored by the base server (the body of the create request). */
export interface ContainerDefinition {
  id: string;
  _rid: string;
  _self: string;
  _etag?: string;
  _ts?: number;
  partitionKey?: { paths: string[]; kind?: string; version?: number };
  uniqueKeyPolicy?: { uniqueKeys: { paths: string[] }[] };
  indexingPolicy?: { compositeIndexes?: { path: string; order?: string }[][] };
  /** Absent or null: TTL off; -1: on without a default; n > 0: items expire n s after their last write. */
  defaultTtl?: number | null;
  [property: string]: unknown;
}

export type BaseRouteHandler = (
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => unknown;

/** The base server's route for a request, or undefined when it has none. */
export function matchBaseRoute(
  req: IncomingMessage,
): { handler: BaseRouteHandler; params: Record<string, string> } | undefined {
  const match = baseRoutes(req) as [Record<string, string>, BaseRouteHandler] | undefined;
  if (!match) return undefined;
  const [params, handler] = match;
  return { handler, params };
}

/** The self-signed certificate for 127.0.0.1/localhost that ships with the base server. */
export const baseServerCertificatePaths = {
  cert: join(require.resolve("@vercel/cosmosdb-server/package.json"), "..", "cert.pem"),
  key: join(require.resolve("@vercel/cosmosdb-server/package.json"), "..", "key.pem"),
};
