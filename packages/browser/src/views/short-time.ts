/** `2026-12-04 16:53:09.156` from an ISO time; pages put the full value in the title. */
export function shortTime(isoTime: string | null): string {
  return isoTime === null ? "" : isoTime.replace("T", " ").replace(/Z$/, "");
}
