import type { ReadableSpan } from "@checkpointkit/conformance/telemetry";

/** How many root spans the tree shows before it says how many more there were. */
const MAX_ROOTS = 120;

function durationMs(span: ReadableSpan): number {
  const [seconds, nanos] = span.duration;
  return seconds * 1000 + nanos / 1e6;
}

function startNs(span: ReadableSpan): number {
  const [seconds, nanos] = span.startTime;
  return seconds * 1e9 + nanos;
}

/** One line of a span: its name, then what it did (round trips, bytes, outcome, thread). */
function describe(span: ReadableSpan): string {
  const attributes = span.attributes;
  const parts = [`${durationMs(span).toFixed(1)} ms`];
  const roundTrips = attributes["checkpointkit.round_trips"];
  if (roundTrips !== undefined) parts.push(`${roundTrips} rt`);
  const written = attributes["checkpointkit.bytes_written"];
  const read = attributes["checkpointkit.bytes_read"];
  if (typeof written === "number" && written > 0) parts.push(`${written} B out`);
  if (typeof read === "number" && read > 0) parts.push(`${read} B in`);
  const errorType = attributes["error.type"];
  if (errorType !== undefined) parts.push(`error ${String(errorType)}`);
  const thread = attributes["checkpointkit.thread_id"];
  if (thread !== undefined) parts.push(`thread ${String(thread)}`);
  return `${span.name}  (${parts.join(", ")})`;
}

/**
 * The spans as a tree: each root span (a saver operation the graph called) in start order,
 * its children (the tiered saver's hot and cold tiers) indented below it.
 */
export function spanTreeLines(spans: readonly ReadableSpan[]): string[] {
  const byParent = new Map<string, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined || !ids.has(parentId)) {
      roots.push(span);
    } else {
      byParent.set(parentId, [...(byParent.get(parentId) ?? []), span]);
    }
  }
  const ordered = (list: ReadableSpan[]) => [...list].sort((a, b) => startNs(a) - startNs(b));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, prefix: string, childPrefix: string) => {
    lines.push(`${prefix}${describe(span)}`);
    const children = ordered(byParent.get(span.spanContext().spanId) ?? []);
    children.forEach((child, index) => {
      const last = index === children.length - 1;
      walk(child, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`);
    });
  };
  const sortedRoots = ordered(roots);
  for (const root of sortedRoots.slice(0, MAX_ROOTS)) walk(root, "", "");
  if (sortedRoots.length > MAX_ROOTS) {
    lines.push(`… ${sortedRoots.length - MAX_ROOTS} more operations`);
  }
  return lines;
}
