import type { ThreadCatalogPage } from "../reads/thread-catalog.js";
import { byteSize } from "./byte-size.js";
import { hrefTo, html } from "./html.js";
import { pageDocument } from "./layout.js";
import { shortTime } from "./short-time.js";
import { type ThreadsViewQuery, threadSearchForm } from "./thread-search-form.js";
import { tierMetricsView } from "./tier-metrics-view.js";

export interface ThreadCatalogViewQuery extends ThreadsViewQuery {
  /** `limit=` of the request, kept on the link to the next page. */
  limit: number | undefined;
}

/** The thread list from the saver's `listThreads`: exact counts and stored sizes, paged. */
export function threadCatalogPage(page: ThreadCatalogPage, query: ThreadCatalogViewQuery): string {
  const rows = page.threads.map(
    (thread) => html`<tr>
<td><a class="id thread-link" href="${hrefTo("/thread", { thread: thread.threadId })}" title="${thread.threadId}">${thread.threadId}</a></td>
<td class="muted updated" title="${thread.updatedAt}">${shortTime(thread.updatedAt)}</td>
<td class="count">${thread.checkpointCount}</td>
<td class="size">${byteSize(thread.storedBytes)}</td>
</tr>`,
  );
  const older =
    page.nextCursor === null
      ? ""
      : html`<p class="pager"><a class="older-threads" href="${hrefTo("/", {
          q: query.idPrefix === "" ? undefined : query.idPrefix,
          limit: query.limit,
          cursor: page.nextCursor,
        })}">older threads →</a></p>`;
  const body = html`<h1>Threads</h1>
${threadSearchForm(query)}
<p class="muted">Most recently written first, from the saver's thread listing: exact checkpoint counts (every namespace) and stored sizes (pending writes not counted; checkpoints written before sizes were recorded count 0). A metadata search reads checkpoints instead (a capped scan).</p>
${tierMetricsView(page.tierMetrics)}
<table class="threads catalog">
<thead><tr><th>thread</th><th>last write</th><th>checkpoints</th><th>stored size</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${page.threads.length === 0 ? html`<p class="muted">No threads on this page.</p>` : ""}
${older}`;
  return pageDocument("Threads", body);
}
