import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { readThreadCatalogPage, threadCatalogOf } from "../reads/thread-catalog.js";
import { readThreadIndex } from "../reads/thread-index.js";
import { threadCatalogPage } from "../views/thread-catalog-view.js";
import { threadsPage } from "../views/threads-view.js";
import { type Answer, htmlPage, json } from "./answer.js";
import { boundedInteger, metadataFilter } from "./request-query.js";

/** The thread list's bounds; see `StartBrowserOptions`. */
export interface ThreadListLimits {
  maxThreads: number;
  maxScannedCheckpoints: number;
}

/**
 * `/` and `/api/threads`. A saver with `listThreads` answers the list (exact counts, stored
 * sizes, paged by its cursor, `q` as its `threadIdPrefix`); a metadata search, and a saver
 * without it, get the capped scan of `list`, which is the only way to filter by metadata.
 */
export async function answerThreads(
  saver: BaseCheckpointSaver,
  limits: ThreadListLimits,
  query: URLSearchParams,
  api: boolean,
): Promise<Answer> {
  const idPrefix = query.get("q") ?? "";
  const metadata = query.getAll("meta");
  const filter = metadataFilter(metadata);
  const limit = boundedInteger(query, "limit", limits.maxThreads, limits.maxThreads);
  const catalog = threadCatalogOf(saver);
  const viewQuery = { idPrefix, metadata: metadata.join(" ") };
  if (catalog !== undefined && filter === undefined) {
    const page = await readThreadCatalogPage(saver, catalog, {
      idPrefix: idPrefix === "" ? undefined : idPrefix,
      // An empty `cursor=` (a hand-edited URL) is the first page, not a damaged cursor.
      cursor: query.get("cursor") || undefined,
      limit,
    });
    if (api) return json(page);
    const requestedLimit = query.get("limit") ? limit : undefined;
    return htmlPage(threadCatalogPage(page, { ...viewQuery, limit: requestedLimit }));
  }
  const index = await readThreadIndex(saver, {
    idPrefix: idPrefix === "" ? undefined : idPrefix,
    metadataFilter: filter,
    maxThreads: limit,
    maxScannedCheckpoints: limits.maxScannedCheckpoints,
  });
  if (api) return json(index);
  return htmlPage(threadsPage(index, { ...viewQuery, catalogAvailable: catalog !== undefined }));
}
