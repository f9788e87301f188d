import { html, type SafeHtml } from "./html.js";

/** `1.2 MB`, `830 B`: decimal units, as the savers' READMEs count bytes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const sign = bytes < 0 ? "−" : "";
  return `${sign}${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A size readable at a glance, its exact byte count in the title (shown on hover). */
export function byteSize(bytes: number): SafeHtml {
  return html`<span class="bytes" title="${`${bytes.toLocaleString("en-US")} bytes`}">${formatBytes(bytes)}</span>`;
}
