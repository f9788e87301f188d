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

/** Which rows a chart plots: x comes from a row's `extra`, y from one of its figures. */
interface ChartDefinition {
  scenarioId: string;
  operation: string;
  fileName: string;
  title: string;
  xExtra: string;
  xLabel: string;
  figure: "p50Ms" | "opsPerSecond";
  yLabel: string;
}

export const CHARTS_DIRECTORY = "charts";

/** The extra figures scenarios attach so a chart can place their rows on its x axis. */
export const IN_FLIGHT_RUNS = "inFlightRuns";
export const CHECKPOINTS_IN_THREAD = "checkpointsInThread";

const DEFINITIONS: readonly ChartDefinition[] = [
  {
    scenarioId: "concurrency",
    operation: "thread end to end",
    fileName: "concurrency-throughput.svg",
    title: "Support graph throughput vs runs in flight",
    xExtra: IN_FLIGHT_RUNS,
    xLabel: "runs in flight (distinct threads)",
    figure: "opsPerSecond",
    yLabel: "threads/s (higher is better)",
  },
  {
    scenarioId: "growth",
    operation: "put",
    fileName: "growth-put-p50.svg",
    title: "put p50 latency vs checkpoints in the thread",
    xExtra: CHECKPOINTS_IN_THREAD,
    xLabel: "checkpoints in the thread",
    figure: "p50Ms",
    yLabel: "p50 ms (lower is better)",
  },
  {
    scenarioId: "growth",
    operation: "getTuple (latest)",
    fileName: "growth-get-tuple-p50.svg",
    title: "getTuple (latest) p50 latency vs checkpoints in the thread",
    xExtra: CHECKPOINTS_IN_THREAD,
    xLabel: "checkpoints in the thread",
    figure: "p50Ms",
    yLabel: "p50 ms (lower is better)",
  },
];

function seriesOf(rows: readonly ResultRow[], definition: ChartDefinition): ChartSeries[] {
  const bySaver = new Map<string, { x: number; y: number }[]>();
  for (const row of rows) {
    if (row.scenarioId !== definition.scenarioId || row.operation !== definition.operation)
      continue;
    const x = row.extra?.[definition.xExtra];
    const y = row[definition.figure];
    const points = bySaver.get(row.subjectLabel) ?? [];
    bySaver.set(row.subjectLabel, points);
    if (x !== null && x !== undefined && y !== null) points.push({ x, y });
  }
  return [...bySaver].map(([name, points]) => ({ name, points }));
}

/** The charts the measured rows allow; a chart with no row at all is left out. */
export function benchCharts(rows: readonly ResultRow[]): RenderedChart[] {
  return DEFINITIONS.flatMap((definition) => {
    const series = seriesOf(rows, definition);
    if (series.length === 0) return [];
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
