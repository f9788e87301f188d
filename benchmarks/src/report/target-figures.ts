import { SAFETY_SCENARIO_ID, safetyVariantOf } from "../safety-cost/safety-variants.js";
import type { ResultRow } from "./result-row.js";
import { addedRoundTrips } from "./safety-cost-table.js";

/** Where a figure's rows are found: scenario, variant prefix, operation prefix. */
interface RowAddress {
  scenarioId: string;
  variantPrefix: string;
  /** A variant must end with this too (the graph scenario's `concurrency 1`). */
  variantSuffix?: string;
  operationPrefix: string;
}

/**
 * One headline figure the project has a target for: a ratio between two savers' figures, a
 * ratio to a raw floor, or a request count. `better` says which side of the target passes.
 */
export interface TargetFigure {
  figure: string;
  target: number;
  better: "higher" | "lower";
  unit: "×" | "requests";
  measure(rows: readonly ResultRow[]): number | null;
}

export interface TargetResult {
  figure: string;
  measured: number | null;
  target: number;
  better: "higher" | "lower";
  unit: "×" | "requests";
  /** null when the run did not measure it (a saver skipped, `--scenario` left it out). */
  met: boolean | null;
}

function findRow(
  rows: readonly ResultRow[],
  subjectId: string,
  address: RowAddress,
): ResultRow | undefined {
  return rows.find(
    (row) =>
      row.subjectId === subjectId &&
      row.scenarioId === address.scenarioId &&
      row.variant.startsWith(address.variantPrefix) &&
      (address.variantSuffix === undefined || row.variant.endsWith(address.variantSuffix)) &&
      row.operation.startsWith(address.operationPrefix),
  );
}

function quotient(numerator: number | null | undefined, denominator: number | null | undefined) {
  if (numerator === null || numerator === undefined) return null;
  if (denominator === null || denominator === undefined || denominator === 0) return null;
  return numerator / denominator;
}

const GRAPH_ONE_AT_A_TIME: RowAddress = {
  scenarioId: "d",
  variantPrefix: "",
  variantSuffix: "concurrency 1",
  operationPrefix: "thread",
};
const STEP_5_KB: RowAddress = { scenarioId: "a", variantPrefix: "5 KB", operationPrefix: "step" };
const GET_TUPLE_5_KB: RowAddress = { ...STEP_5_KB, operationPrefix: "getTuple" };
const LIST_FIRST_PAGE: RowAddress = {
  scenarioId: "b",
  variantPrefix: "",
  operationPrefix: "first page",
};
const LIST_ALL_PAGES: RowAddress = { ...LIST_FIRST_PAGE, operationPrefix: "all pages" };

function ratioBetween(
  numeratorSaver: string,
  denominatorSaver: string,
  address: RowAddress,
  figure: "p50Ms" | "opsPerSecond",
) {
  return (rows: readonly ResultRow[]) =>
    quotient(
      findRow(rows, numeratorSaver, address)?.[figure],
      findRow(rows, denominatorSaver, address)?.[figure],
    );
}

/** CosmosSaver's default `listPageSize`: a full listing reads the history in pages of this many. */
const COSMOS_LIST_PAGE_SIZE = 100;

/**
 * Requests per page of a full listing. The row counts the requests of one listing of every
 * page; its variant names the history's length (`1000 checkpoints`).
 */
function requestsPerListedPage(rows: readonly ResultRow[]): number | null {
  const row = findRow(rows, "checkpointkit-cosmos", LIST_ALL_PAGES);
  const checkpoints = Number.parseInt(row?.variant ?? "", 10);
  if (!Number.isFinite(checkpoints)) return null;
  return quotient(row?.roundTripsPerOp, Math.ceil(checkpoints / COSMOS_LIST_PAGE_SIZE));
}

/**
 * The most round trips a run safety variant adds to a step on any saver (issue 15: the lease
 * check and the parent check ride in the write's own script, statement or batch).
 */
function worstAddedRoundTrips(variantId: "b" | "c") {
  return (rows: readonly ResultRow[]): number | null => {
    const added = rows
      .filter(
        (row) =>
          row.scenarioId === SAFETY_SCENARIO_ID && safetyVariantOf(row.operation)?.id === variantId,
      )
      .map((row) => addedRoundTrips(rows, row))
      .filter((count): count is number => count !== null);
    return added.length === 0 ? null : Math.max(...added);
  };
}

/** The figures of issue 13's table, in its order, then issue 15's. */
export const TARGET_FIGURES: readonly TargetFigure[] = [
  {
    figure: "tiered graph threads/s ÷ RedisSaver graph threads/s (one at a time)",
    target: 0.9,
    better: "higher",
    unit: "×",
    measure: ratioBetween(
      "checkpointkit-tiered",
      "checkpointkit-redis",
      GRAPH_ONE_AT_A_TIME,
      "opsPerSecond",
    ),
  },
  {
    figure: "tiered step p50 ÷ RedisSaver step p50 (5 KB, flusher running)",
    target: 1.1,
    better: "lower",
    unit: "×",
    measure: ratioBetween("checkpointkit-tiered", "checkpointkit-redis", STEP_5_KB, "p50Ms"),
  },
  {
    figure: "PostgresSaver step throughput ÷ official PostgresSaver (5 KB)",
    target: 3,
    better: "higher",
    unit: "×",
    measure: ratioBetween("checkpointkit-postgres", "official-postgres", STEP_5_KB, "opsPerSecond"),
  },
  {
    figure: "PostgresSaver graph threads/s ÷ official PostgresSaver (one at a time)",
    target: 2,
    better: "higher",
    unit: "×",
    measure: ratioBetween(
      "checkpointkit-postgres",
      "official-postgres",
      GRAPH_ONE_AT_A_TIME,
      "opsPerSecond",
    ),
  },
  {
    figure: "RedisSaver step p50 ÷ raw ioredis floor (5 KB, same round trips)",
    target: 1.15,
    better: "lower",
    unit: "×",
    measure: ratioBetween("checkpointkit-redis", "raw-redis", STEP_5_KB, "p50Ms"),
  },
  {
    figure: "CosmosSaver getTuple (latest): requests, query plans included",
    target: 2,
    better: "lower",
    unit: "requests",
    measure: (rows) =>
      findRow(rows, "checkpointkit-cosmos", GET_TUPLE_5_KB)?.roundTripsPerOp ?? null,
  },
  {
    figure: "CosmosSaver list, first page: requests",
    target: 2,
    better: "lower",
    unit: "requests",
    measure: (rows) =>
      findRow(rows, "checkpointkit-cosmos", LIST_FIRST_PAGE)?.roundTripsPerOp ?? null,
  },
  {
    figure: "CosmosSaver list of a 1,000-checkpoint history: requests per page",
    target: 1,
    better: "lower",
    unit: "requests",
    measure: requestsPerListedPage,
  },
  {
    figure: "thread lease held: round trips added per step (worst saver, run safety section)",
    target: 0,
    better: "lower",
    unit: "requests",
    measure: worstAddedRoundTrips("b"),
  },
  {
    figure:
      'concurrency "optimistic": round trips added per step (worst saver, run safety section)',
    target: 0,
    better: "lower",
    unit: "requests",
    measure: worstAddedRoundTrips("c"),
  },
];

/** Each target figure measured on this run's rows, and whether it meets its target. */
export function evaluateTargets(
  rows: readonly ResultRow[],
  figures: readonly TargetFigure[] = TARGET_FIGURES,
): TargetResult[] {
  return figures.map(({ figure, target, better, unit, measure }) => {
    const measured = measure(rows);
    const met =
      measured === null ? null : better === "higher" ? measured >= target : measured <= target;
    return { figure, measured, target, better, unit, met };
  });
}
