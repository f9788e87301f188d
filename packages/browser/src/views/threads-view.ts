import type { ThreadIndex } from "../reads/thread-index.js";
import { hrefTo, html, type SafeHtml } from "./html.js";
import { pageDocument } from "./layout.js";
import { type ThreadsViewQuery, threadSearchForm } from "./thread-search-form.js";
import { tierMetricsView } from "./tier-metrics-view.js";

export interface ThreadScanViewQuery extends ThreadsViewQuery {
  /** The saver has `listThreads`: the scan is only there for the metadata search. */
  catalogAvailable: boolean;
}

function scanNotice(index: ThreadIndex, query: ThreadScanViewQuery): SafeHtml | "" {
  const why = query.catalogAvailable
    ? html`<p class="notice scan-notice">A metadata search reads checkpoints (the saver's thread listing cannot filter by metadata): threads and counts come from a scan of at most the newest checkpoints, without sizes. <a href="${hrefTo("/", { q: query.idPrefix === "" ? undefined : query.idPrefix })}">Clear the metadata search</a> for the full list.</p>`
    : "";
  const stopped = index.complete
    ? ""
    : html`<p class="notice">Showing what a scan of the newest ${index.scannedCheckpoints} checkpoints found; narrow the search, or search a whole thread id, to see other threads. A count "≥ N" is of the checkpoints the scan saw; a thread's page counts them all.</p>`;
  return html`${why}${stopped}`;
}

/** The thread list from a scan of `list` (savers without `listThreads`, and metadata search). */
export function threadsPage(index: ThreadIndex, query: ThreadScanViewQuery): string {
  const rows = index.threads.map(
    (thread) => html`<tr>
<td><a class="id thread-link" href="${hrefTo("/thread", { thread: thread.threadId })}" title="${thread.threadId}">${thread.threadId}</a></td>
<td class="muted">${thread.latestCreatedAt ?? ""}</td>
<td>${thread.latestStep ?? ""}</td>
<td class="count">${thread.countIsExact ? "" : "≥ "}${thread.checkpointsSeen}</td>
<td class="id">${thread.namespaces.map((namespace) => (namespace === "" ? "(root)" : namespace)).join(", ")}</td>
</tr>`,
  );
  const body = html`<h1>Threads</h1>
${threadSearchForm(query)}
${tierMetricsView(index.tierMetrics)}
${scanNotice(index, query)}
<table class="threads">
<thead><tr><th>thread</th><th>latest checkpoint</th><th>step</th><th>checkpoints</th><th>namespaces</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${index.threads.length === 0 ? html`<p class="muted">No threads found.</p>` : ""}`;
  return pageDocument("Threads", body);
}
