import type { TierMetrics } from "../reads/tiered-view.js";
import { html, type SafeHtml } from "./html.js";

/** The flush status line of a tiered saver; nothing for other savers. */
export function tierMetricsView(metrics: TierMetrics | null): SafeHtml | "" {
  if (metrics === null) return "";
  const counters = Object.entries(metrics.counters).map(
    ([name, value]) =>
      html`<span class="tag">${name} ${Number.isInteger(value) ? value : value.toFixed(1)}</span>`,
  );
  const state =
    metrics.backlog === 0
      ? html`<b>everything is in ${metrics.coldBackend}</b>`
      : html`<b>${metrics.backlog}</b> outbox entries not yet in ${metrics.coldBackend}, the oldest <b>${metrics.lagMs} ms</b> old`;
  return html`<p class="tier-metrics">tiered: redis → ${metrics.coldBackend}: ${state} ${counters}</p>`;
}
