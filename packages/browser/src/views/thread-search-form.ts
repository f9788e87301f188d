import { html, type SafeHtml } from "./html.js";

/** What the thread list was asked for, echoed into its search form. */
export interface ThreadsViewQuery {
  idPrefix: string;
  metadata: string;
}

/** The search form of the thread list: id prefix and metadata `key=value`. */
export function threadSearchForm(query: ThreadsViewQuery): SafeHtml {
  return html`<form class="search" method="get" action="/">
<input name="q" placeholder="thread id starts with" value="${query.idPrefix}" aria-label="thread id prefix">
<input name="meta" placeholder="metadata key=value" value="${query.metadata}" aria-label="metadata filter">
<button type="submit">Search</button>
</form>`;
}
