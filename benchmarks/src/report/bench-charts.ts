import type { ResultRow } from "./result-row.js";
import { type ChartSeries, renderLineChart } from "./svg-line-chart.js";

/** A chart written next to RESULTS.md and embedded in the section of its scenario. */
export interface RenderedChart {
  scenarioId: string;
  /** Relative to the directory RESULTS.md is in, e.g. `charts/concurrency-throughput.svg`. */
  path: string;
  title: string;
  svg: string;
}

/** `list, first page` plots the rows of `list, first page (limit 20, no thread_id)`; `put` not `putWrites`. */
function plotsOperation(definition: ChartDefinition, operation: string): boolean {
  return operation === definition.operation || operation.startsWith(`${definition.operation} (`);
}

/** Which rows a chart plots: x comes from a row's `extra`, y from one of its figures or extras. */
interface ChartDefinition {
  scenarioId: string;
  operation: string;
  fileName: string;
  title: string;
  xExtra: string;
  xLabel: string;
  y: { figure: "p50Ms" | "opsPerSecond" } | { extra: string };
  yLabel: string;
}

export const CHARTS_DIRECTORY = "charts";

/** The extra figures scenarios attach so a chart can place their rows on its x axis. */
export const IN_FLIGHT_RUNS = "inFlightRuns";
export const CHECKPOINTS_IN_THREAD = "checkpointsInThread";
export const THREADS_IN_STORE = "threadsInStore";
/** The many-thread operations growth charts; a row's operation may add details in brackets. */
export const GLOBAL_LIST_FIRST_PAGE = "list, first page";
export const PRUNE_ALL_THREADS = "prune (keepLatest 1, all threads)";
/** Prune's time divided by the threads it visited: flat when prune's cost is linear in threads. */
export const PRUNE_MICROSECONDS_PER_THREAD = "pruneMicrosecondsPerThread";

const DEFINITIONS: readonly ChartDefinition[] = [
  {
    scenarioId: "concurrency",
    operation: "thread end to end",
    fileName: "concurrency-throughput.svg",
    title: "Support graph throughput vs runs in flight",
    xExtra: IN_FLIGHT_RUNS,
    xLabel: "runs in flight (distinct threads)",
    y: { figure: "opsPerSecond" },
    yLabel: "threads/s (higher is better)",
  },
  {
    scenarioId: "growth",
    operation: "put",
    fileName: "growth-put-p50.svg",
    title: "put p50 latency vs checkpoints in the thread",
    xExtra: CHECKPOINTS_IN_THREAD,
    xLabel: "checkpoints in the thread",
    y: { figure: "p50Ms" },
    yLabel: "p50 ms (lower is better)",
  },
  {
    scenarioId: "growth",
    operation: "getTuple (latest)",
    fileName: "growth-get-tuple-p50.svg",
    title: "getTuple (latest) p50 latency vs checkpoints in the thread",
    xExtra: CHECKPOINTS_IN_THREAD,
    xLabel: "checkpoints in the thread",
    y: { figure: "p50Ms" },
    yLabel: "p50 ms (lower is better)",
  },
  {
    scenarioId: "growth",
    operation: GLOBAL_LIST_FIRST_PAGE,
    fileName: "growth-global-list-p50.svg",
    title: "global list first page (no thread_id) p50 latency vs threads in the store",
    xExtra: THREADS_IN_STORE,
    xLabel: "threads in the store",
    y: { figure: "p50Ms" },
    yLabel: "p50 ms (lower is better)",
  },
  {
    scenarioId: "growth",
    operation: PRUNE_ALL_THREADS,
    fileName: "growth-prune-per-thread.svg",
    title: "prune (keepLatest 1) time per thread vs threads in the store",
    xExtra: THREADS_IN_STORE,
    xLabel: "threads in the store",
    y: { extra: PRUNE_MICROSECONDS_PER_THREAD },
    yLabel: "µs per thread (lower is better)",
  },
];

function seriesOf(rows: readonly ResultRow[], definition: ChartDefinition): ChartSeries[] {
  const bySaver = new Map<string, { x: number; y: number }[]>();
  for (const row of rows) {
    if (row.scenarioId !== definition.scenarioId || !plotsOperation(definition, row.operation))
      continue;
    const x = row.extra?.[definition.xExtra];
    const y = "figure" in definition.y ? row[definition.y.figure] : row.extra?.[definition.y.extra];
    const points = bySaver.get(row.subjectLabel) ?? [];
    bySaver.set(row.subjectLabel, points);
    if (x !== null && x !== undefined && y !== null && y !== undefined) points.push({ x, y });
  }
  return [...bySaver].map(([name, points]) => ({ name, points }));
}

/** The charts the measured rows allow; a chart with no point to draw is left out. */
export function benchCharts(rows: readonly ResultRow[]): RenderedChart[] {
  return DEFINITIONS.flatMap((definition) => {
    const series = seriesOf(rows, definition);
    if (series.every((line) => line.points.length === 0)) return [];
    const svg = renderLineChart({
      title: definition.title,
      xLabel: definition.xLabel,
      yLabel: definition.yLabel,
      xScale: "log",
      series,
    });
    return [
      {
        scenarioId: definition.scenarioId,
        path: `${CHARTS_DIRECTORY}/${definition.fileName}`,
        title: definition.title,
        svg,
      },
    ];
  });
}
