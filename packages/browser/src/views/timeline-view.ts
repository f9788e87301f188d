import type { TimelineEntry, TimelinePage } from "../reads/timeline.js";
import { branchGraphCell } from "./branch-graph-view.js";
import { layoutLanes } from "./branch-lanes.js";
import { hrefTo, html, type SafeHtml } from "./html.js";
import { pageDocument } from "./layout.js";
import { shortTime } from "./short-time.js";
import { threadSizeView } from "./thread-size-view.js";
import { tierMetricsView } from "./tier-metrics-view.js";

const rowKey = (namespace: string, id: string) => JSON.stringify([namespace, id]);

function markers(entry: TimelineEntry): SafeHtml {
  const paused = entry.interruptedNodes.map(
    (node) =>
      html`<span class="interrupted-node" title="paused in interrupt()">in <span class="node">${node}</span></span> `,
  );
  return html`${entry.interrupts.length > 0 ? html`<span class="tag interrupt" title="${JSON.stringify(entry.interrupts)}">interrupt</span>${paused}` : ""}${entry.resumed ? html`<span class="tag resumed">resumed</span>` : ""}`;
}

/** "12 checkpoints", or "at least 50 checkpoints" with the link that counts them all. */
function countLine(page: TimelinePage): SafeHtml | "" {
  const counted = page.checkpointCount;
  if (counted === null) return "";
  if (counted.exact) return html`<p class="checkpoint-count">${counted.count} checkpoints</p>`;
  if (counted.countedAll) {
    return html`<p class="checkpoint-count">≥ ${counted.count} checkpoints <span class="muted">(counting stops there)</span></p>`;
  }
  const countAll = hrefTo("/thread", { thread: page.threadId, ns: page.checkpointNs, count: "1" });
  return html`<p class="checkpoint-count">≥ ${counted.count} checkpoints <a class="count-all" href="${countAll}">count all</a></p>`;
}

export interface TimelineLinks {
  /** Link to the PostgreSQL audit trail of the thread. */
  auditTrail: boolean;
}

export function timelinePage(page: TimelinePage, links: TimelineLinks): string {
  const layout = layoutLanes(
    page.entries.map((entry) => ({
      key: rowKey(entry.checkpointNs, entry.checkpointId),
      parentKey:
        entry.parentCheckpointId === null
          ? null
          : rowKey(entry.checkpointNs, entry.parentCheckpointId),
    })),
  );
  const tiered = page.tierMetrics !== null;
  const rows = page.entries.map((entry, index) => {
    const lanes = layout.rows[index]!;
    const link = hrefTo("/checkpoint", {
      thread: page.threadId,
      ns: entry.checkpointNs,
      id: entry.checkpointId,
    });
    return html`<tr class="checkpoint-row${entry.interrupts.length > 0 ? " interrupted" : ""}" data-lane="${lanes.lane}">
<td class="graph">${branchGraphCell(lanes, layout.laneCount, entry.interrupts.length > 0)}</td>
<td>${entry.step ?? ""}</td>
<td><span class="tag source-${entry.source ?? "unknown"}">${entry.source ?? "?"}</span>${markers(entry)}</td>
<td>${entry.writers.map((writer) => html`<span class="node">${writer}</span> `)}</td>
<td class="muted channels" title="${entry.channelsWritten.join(", ")}">${entry.channelsWritten.join(", ")}</td>
<td><a class="id" href="${link}">${entry.checkpointId}</a>${entry.checkpointNs === "" ? "" : html` <span class="tag">${entry.checkpointNs}</span>`}</td>
<td class="muted" title="${entry.createdAt ?? ""}">${shortTime(entry.createdAt)}</td>
${tiered ? html`<td class="tiers">${(entry.tiers ?? []).map((tier) => html`<span class="tag tier-${tier}">${tier}</span>`)}</td>` : ""}
</tr>`;
  });
  const older =
    page.olderThan === undefined
      ? html`<span class="muted">first checkpoint reached</span>`
      : html`<a class="older" href="${hrefTo("/thread", { thread: page.threadId, ns: page.checkpointNs, before: page.olderThan })}">older checkpoints →</a>`;
  const body = html`<p class="muted"><a href="/">threads</a> /</p>
<h1 class="id">${page.threadId}</h1>
${links.auditTrail ? html`<p><a class="audit-link" href="${hrefTo("/audit", { thread: page.threadId })}">audit trail: every write, step by step →</a></p>` : ""}
${countLine(page)}
${threadSizeView(page.size)}
${tierMetricsView(page.tierMetrics)}
<p class="muted">newest first; a new lane is a fork (time travel or updateState); a hollow dot is an interrupt</p>
<table class="timeline">
<thead><tr><th></th><th>step</th><th>source</th><th>node(s)</th><th>channels written</th><th>checkpoint</th><th>time</th>${tiered ? html`<th>tier</th>` : ""}</tr></thead>
<tbody>${rows}</tbody>
</table>
<p class="pager">${older}</p>`;
  return pageDocument(`Thread ${page.threadId}`, body);
}
