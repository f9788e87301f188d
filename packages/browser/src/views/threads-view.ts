import type { ThreadIndex } from "../reads/thread-index.js";
import { hrefTo, html } from "./html.js";
import { pageDocument } from "./layout.js";
import { tierMetricsView } from "./tier-metrics-view.js";

export interface ThreadsViewQuery {
  idPrefix: string;
  metadata: string;
}

export function threadsPage(index: ThreadIndex, query: ThreadsViewQuery): string {
  const rows = index.threads.map(
    (thread) => html`<tr>
<td><a class="id thread-link" href="${hrefTo("/thread", { thread: thread.threadId })}" title="${thread.threadId}">${thread.threadId}</a></td>
<td class="muted">${thread.latestCreatedAt ?? ""}</td>
<td>${thread.latestStep ?? ""}</td>
<td class="count">${thread.countIsExact ? "" : "≥ "}${thread.checkpointsSeen}</td>
<td class="id">${thread.namespaces.map((namespace) => (namespace === "" ? "(root)" : namespace)).join(", ")}</td>
</tr>`,
  );
  const notice = index.complete
    ? ""
    : html`<p class="notice">Showing what a scan of the newest ${index.scannedCheckpoints} checkpoints found; narrow the search, or search a whole thread id, to see other threads. A count "≥ N" is of the checkpoints the scan saw; a thread's page counts them all.</p>`;
  const body = html`<h1>Threads</h1>
<form class="search" method="get" action="/">
<input name="q" placeholder="thread id starts with" value="${query.idPrefix}" aria-label="thread id prefix">
<input name="meta" placeholder="metadata key=value" value="${query.metadata}" aria-label="metadata filter">
<button type="submit">Search</button>
</form>
${tierMetricsView(index.tierMetrics)}
${notice}
<table class="threads">
<thead><tr><th>thread</th><th>latest checkpoint</th><th>step</th><th>checkpoints</th><th>namespaces</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${index.threads.length === 0 ? html`<p class="muted">No threads found.</p>` : ""}`;
  return pageDocument("Threads", body);
}
