import type { ThreadSize } from "../reads/thread-size.js";
import { formatBytes } from "./byte-size.js";
import { html, type SafeHtml } from "./html.js";

function scopeLabel(size: Extract<ThreadSize, { available: true }>): string {
  return size.scope === "thread" ? "whole thread" : `last ${size.checkpointCount} checkpoints only`;
}

/** The stored-size section of a thread page; nothing when the saver cannot tell. */
export function threadSizeView(size: ThreadSize | null): SafeHtml | "" {
  if (size === null) return "";
  if (!size.available) {
    return html`<p class="thread-size">stored size: <span class="muted">size unavailable (${size.errorType})</span></p>`;
  }
  const channels = size.largestChannels.map(
    (channel) =>
      html`<span class="tag"><span class="channel">${channel.channel}</span> ${formatBytes(channel.storedBytes)}</span> `,
  );
  const growth = `${size.growthBytes >= 0 ? "+" : ""}${formatBytes(size.growthBytes)}`;
  return html`<p class="thread-size">stored size: <b>${formatBytes(size.totalBytes)}</b> <span class="size-scope muted">(${scopeLabel(size)})</span>; growth over the last ${size.lastN} checkpoints: <b>${growth}</b></p>
${channels.length > 0 ? html`<p class="largest-channels muted">largest channels: ${channels}</p>` : ""}`;
}
