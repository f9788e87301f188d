import type { BenchReport } from "./bench-report.js";
import { markdownTable } from "./markdown-table.js";
import type { ResultRow } from "./result-row.js";

/** One column of the summary: which row of the detailed tables it quotes, and which figure. */
interface SummaryColumn {
  heading: string;
  scenarioId: string;
  /** Matches the row's variant by prefix, so `--quick` sizes still find their rows. */
  variantPrefix: string;
  operationPrefix: string;
  figure: "p50Ms" | "opsPerSecond";
}

const COLUMNS: readonly SummaryColumn[] = [
  {
    heading: "step, 1 KB: p50 ms",
    scenarioId: "a",
    variantPrefix: "1 KB",
    operationPrefix: "step",
    figure: "p50Ms",
  },
  {
    heading: "step, 5 KB: p50 ms",
    scenarioId: "a",
    variantPrefix: "5 KB",
    operationPrefix: "step",
    figure: "p50Ms",
  },
  {
    heading: "step, 500 KB: p50 ms",
    scenarioId: "a",
    variantPrefix: "500 KB",
    operationPrefix: "step",
    figure: "p50Ms",
  },
  {
    heading: "list, first page: p50 ms",
    scenarioId: "b",
    variantPrefix: "",
    operationPrefix: "first page",
    figure: "p50Ms",
  },
  {
    heading: "delta history: p50 ms",
    scenarioId: "c",
    variantPrefix: "",
    operationPrefix: "getDelta",
    figure: "p50Ms",
  },
  {
    heading: "graph, 1 at a time: threads/s",
    scenarioId: "d",
    variantPrefix: "",
    operationPrefix: "thread",
    figure: "opsPerSecond",
  },
];

function findRow(
  rows: readonly ResultRow[],
  subjectId: string,
  column: SummaryColumn,
  concurrencyOne: boolean,
) {
  return rows.find(
    (row) =>
      row.subjectId === subjectId &&
      row.scenarioId === column.scenarioId &&
      row.variant.startsWith(column.variantPrefix) &&
      row.operation.startsWith(column.operationPrefix) &&
      (!concurrencyOne || row.variant.endsWith("concurrency 1")),
  );
}

function cell(
  row: ResultRow | undefined,
  figure: SummaryColumn["figure"],
  format: (value: number | null) => string,
): string {
  if (row === undefined) return "—";
  const ratio = figure === "p50Ms" ? row.vsOfficial?.p50 : row.vsOfficial?.opsPerSecond;
  const roundTrips =
    figure === "p50Ms" && row.roundTripsPerOp !== null ? `, ${format(row.roundTripsPerOp)} RT` : "";
  const versusOfficial = ratio === undefined || ratio === null ? "" : ` (${format(ratio)}×)`;
  return `${format(row[figure])}${roundTrips}${versusOfficial}`;
}

/**
 * The headline table: one line per saver, a handful of figures from the detailed tables, each
 * with its round trips and, in brackets, its ratio to the official PostgresSaver. Meant to be
 * quoted (the root README shows it).
 */
export function summaryTable(
  report: BenchReport,
  format: (value: number | null) => string,
): string[] {
  // Labels come from the summarised scenarios only: another section (the stores) may measure
  // under the same subject id with a label of its own.
  const summarised = new Set(COLUMNS.map((column) => column.scenarioId));
  const savers = [
    ...new Map(
      report.rows
        .filter((row) => row.subjectKind === "saver" && summarised.has(row.scenarioId))
        .map((row) => [row.subjectId, row.subjectLabel]),
    ),
  ];
  const rows = savers.map(([subjectId, label]) => [
    label,
    ...COLUMNS.map((column) =>
      cell(
        findRow(report.rows, subjectId, column, column.scenarioId === "d"),
        column.figure,
        format,
      ),
    ),
  ]);
  return markdownTable(["saver", ...COLUMNS.map((column) => column.heading)], rows);
}
