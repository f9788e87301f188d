import type { CheckpointStoredSize } from "../reads/checkpoint-size.js";
import { byteSize } from "./byte-size.js";
import { html, type SafeHtml } from "./html.js";

/**
 * The "Stored size" section of a checkpoint page: per channel this checkpoint stored, bytes
 * before and after compression, then the checkpoint and metadata records and the total.
 * Nothing when the saver has no `getCheckpointSize`.
 */
export function checkpointSizeView(size: CheckpointStoredSize | null): SafeHtml | "" {
  if (size === null) return "";
  if (size.state === "not recorded") {
    return html`<h2>Stored size</h2><p class="muted checkpoint-size">not recorded (written before the saver recorded sizes)</p>`;
  }
  if (size.state === "unavailable") {
    return html`<h2>Stored size</h2><p class="muted checkpoint-size">size unavailable (${size.errorType})</p>`;
  }
  const channels = [...size.channels]
    .sort((left, right) => right.storedBytes - left.storedBytes)
    .map(
      (channel) =>
        html`<tr data-channel="${channel.channel}"><td><b>${channel.channel}</b></td><td>${byteSize(channel.bytes)}</td><td>${byteSize(channel.storedBytes)}</td></tr>`,
    );
  return html`<h2>Stored size</h2>
<p class="muted">What this checkpoint's write stored: the channel values it wrote (channels it did not change were stored by an earlier checkpoint), and its checkpoint and metadata records. Pending writes are not counted.</p>
<table class="checkpoint-size">
<thead><tr><th>channel</th><th>before compression</th><th>stored</th></tr></thead>
<tbody>${channels}
<tr class="overhead"><td>checkpoint + metadata records</td><td></td><td>${byteSize(size.overheadBytes)}</td></tr>
<tr class="total"><td><b>total</b></td><td></td><td><b>${byteSize(size.storedBytes)}</b></td></tr>
</tbody>
</table>`;
}
