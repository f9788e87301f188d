/**
 * Queries (`POST .../docs` with `x-ms-documentdb-isquery`) and feed reads (`GET .../docs`),
 * limited to the partition (or hierarchical key prefix) in `x-ms-documentdb-partitionkey`
 * the way the service scopes them. The base server ignores that header and answers from
 * every partition. SQL, ORDER BY, continuation tokens and `x-ms-max-item-count` paging come
 * from `@zeit/cosmosdb-query`, the engine the base server uses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import cosmosQuery, { SyntaxError as QuerySyntaxError } from "@zeit/cosmosdb-query";
import {
  headerIsTrue,
  headerValue,
  parseJsonBody,
  readRequestBody,
  sendError,
  sendJson,
} from "./http-io.js";
import type { ItemStore } from "./item-store.js";
import { parsePartitionKeyHeader } from "./partition-key.js";
import { distinctResults, withoutDistinct } from "./query-distinct.js";
import { splitOffsetLimit } from "./query-offset-limit.js";
import { withVectorDistances } from "./query-vector-distance.js";

interface QueryBody {
  query: string;
  parameters?: { name: string; value: unknown }[];
}

/**
 * The SDK fetches a plan beside its first query page and uses it only when the gateway
 * refuses to run a cross-partition query itself. This server always runs the whole query
 * (it has a single physical partition), so the plan says "nothing to do client-side".
 */
function passThroughQueryPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      dCountInfo: null,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  };
}

function pagingOf(req: IncomingMessage) {
  const maxItemCountHeader = headerValue(req, "x-ms-max-item-count");
  const maxItemCount = maxItemCountHeader ? Number.parseInt(maxItemCountHeader, 10) : undefined;
  const continuationHeader = headerValue(req, "x-ms-continuation");
  let continuation: { token: string } | undefined;
  if (continuationHeader) {
    try {
      continuation = JSON.parse(continuationHeader) as { token: string };
    } catch {
      continuation = undefined;
    }
  }
  return {
    maxItemCount: maxItemCount !== undefined && maxItemCount > 0 ? maxItemCount : undefined,
    continuation,
  };
}

function runQuery(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
  body: QueryBody,
): void {
  let query = body;
  const header = parsePartitionKeyHeader(req.headers["x-ms-documentdb-partitionkey"]);
  if (header.kind === "invalid") {
    sendError(req, res, 400, "BadRequest", "The partition key header is malformed.");
    return;
  }
  let items = store.list(header.kind === "key" ? header.canonical : undefined);
  const { maxItemCount, continuation } = pagingOf(req);
  let page: { result: unknown[]; continuation: unknown };
  try {
    const vector = withVectorDistances(query.query, items, query.parameters ?? [], store.container);
    if (vector !== undefined) {
      items = vector.items;
      query = { ...query, query: vector.query };
    }
    const offsetLimit = splitOffsetLimit(query.query, query.parameters ?? []);
    const unsliced = offsetLimit?.query ?? query.query;
    const distinctFree = withoutDistinct(unsliced);
    if (offsetLimit !== undefined || distinctFree !== undefined) {
      // Clauses the engine lacks run over the complete result, answered in one page.
      const { result } = cosmosQuery(distinctFree ?? unsliced).exec(items, {
        parameters: query.parameters ?? [],
        udf: store.userDefinedFunctions(),
        compositeIndexes: store.compositeIndexes() as never,
      }) as { result: unknown[] };
      const distinct = distinctFree === undefined ? result : distinctResults(result);
      const sliced =
        offsetLimit === undefined
          ? distinct
          : distinct.slice(offsetLimit.offset, offsetLimit.offset + offsetLimit.limit);
      sendJson(
        req,
        res,
        200,
        { _rid: store.container._rid, Documents: sliced, _count: sliced.length },
        { "x-ms-item-count": String(sliced.length) },
      );
      return;
    }
    page = cosmosQuery(query.query).exec(items, {
      parameters: query.parameters ?? [],
      udf: store.userDefinedFunctions(),
      ...(maxItemCount !== undefined ? { maxItemCount } : {}),
      ...(continuation !== undefined ? { continuation } : {}),
      compositeIndexes: store.compositeIndexes() as never,
    }) as { result: unknown[]; continuation: unknown };
  } catch (error) {
    const message = error instanceof QuerySyntaxError ? error.message : (error as Error).message;
    sendError(req, res, 400, "BadRequest", message);
    return;
  }
  const headers: Record<string, string> = { "x-ms-item-count": String(page.result.length) };
  if (page.continuation) headers["x-ms-continuation"] = JSON.stringify(page.continuation);
  sendJson(
    req,
    res,
    200,
    { _rid: store.container._rid, Documents: page.result, _count: page.result.length },
    headers,
  );
}

export async function handleItemQuery(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
): Promise<void> {
  const body = parseJsonBody(await readRequestBody(req)) as QueryBody | undefined;
  if (!body || typeof body.query !== "string") {
    sendError(req, res, 400, "BadRequest", "The request body must carry a query.");
    return;
  }
  if (headerIsTrue(req, "x-ms-cosmos-is-query-plan-request")) {
    sendJson(req, res, 200, passThroughQueryPlan());
    return;
  }
  runQuery(req, res, store, body);
}

export async function handleItemFeedRead(
  req: IncomingMessage,
  res: ServerResponse,
  store: ItemStore,
): Promise<void> {
  await readRequestBody(req);
  if (headerValue(req, "a-im")) {
    sendError(req, res, 400, "BadRequest", "The test server does not implement the change feed.");
    return;
  }
  runQuery(req, res, store, { query: "SELECT * FROM c" });
}
