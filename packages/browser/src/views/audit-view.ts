import type { AuditPage } from "../reads/postgres-audit.js";
import { hrefTo, html } from "./html.js";
import { pageDocument } from "./layout.js";
import { valueView } from "./value-view.js";

export function auditPage(page: AuditPage): string {
  const thread = { thread: page.threadId };
  const rows = page.rows.map(
    (row) => html`<tr class="audit-row">
<td>${row.step ?? ""}</td>
<td class="node">${row.node ?? "—"}</td>
<td><b>${row.channel}</b></td>
<td>${valueView(row.value)}</td>
<td><a class="id" href="${hrefTo("/checkpoint", { ...thread, ns: page.checkpointNs, id: row.checkpointId })}">${row.checkpointId}</a></td>
<td class="muted">${row.createdAt}</td>
</tr>`,
  );
  const next =
    page.nextOffset === undefined
      ? ""
      : html`<p class="pager"><a class="next" href="${hrefTo("/audit", { ...thread, ns: page.checkpointNs, offset: page.nextOffset })}">later writes →</a></p>`;
  const body = html`<p class="muted"><a href="/">threads</a> / <a class="id" href="${hrefTo("/thread", thread)}">${page.threadId}</a> /</p>
<h1>Audit trail</h1>
<p class="muted">every write of the thread from PostgreSQL's checkpoint_history view: which node wrote which channel, with what value, when</p>
<table class="audit">
<thead><tr><th>step</th><th>node</th><th>channel</th><th>value</th><th>ran on checkpoint</th><th>written at</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${page.rows.length === 0 ? html`<p class="muted">No writes.</p>` : ""}
${next}`;
  return pageDocument(`Audit trail of ${page.threadId}`, body);
}
