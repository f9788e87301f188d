import {
  benchCharts,
  CHECKPOINTS_IN_THREAD,
  IN_FLIGHT_RUNS,
  PRUNE_MICROSECONDS_PER_THREAD,
  THREADS_IN_STORE,
} from "../src/report/bench-charts.js";
import type { ResultRow } from "../src/report/result-row.js";
import { findAll, parseXml } from "./support/parse-xml.js";
import { resultRow } from "./support/result-row-fixture.js";

const row = (overrides: Partial<ResultRow>) =>
  resultRow({
    scenarioId: "concurrency",
    operation: "thread end to end",
    subjectId: "memory",
    subjectLabel: "LangGraph MemorySaver",
    ...overrides,
  });

describe("benchCharts", () => {
  it("plots one line per saver from the rows of its scenario, at the x its rows carry", () => {
    const rows = [1, 16, 64].flatMap((level) => [
      row({ extra: { [IN_FLIGHT_RUNS]: level }, opsPerSecond: level }),
      row({
        subjectId: "official-postgres",
        subjectLabel: "official PostgresSaver",
        extra: { [IN_FLIGHT_RUNS]: level },
      }),
    ]);
    const charts = benchCharts(rows);
    expect(charts.map((chart) => chart.path)).toEqual(["charts/concurrency-throughput.svg"]);
    const root = parseXml(charts[0]!.svg);
    const groups = findAll(root, (element) => element.attributes.class === "series");
    expect(groups.map((group) => group.attributes["data-series"])).toEqual([
      "LangGraph MemorySaver",
      "official PostgresSaver",
    ]);
    const points = findAll(groups[0]!, (element) => element.name === "circle");
    expect(points).toHaveLength(3);
  });

  it("makes the put and getTuple growth charts from the growth rows only", () => {
    const rows = [100, 1000].flatMap((size) =>
      ["put", "getTuple (latest)", "list, first page"].map((operation) =>
        row({ scenarioId: "growth", operation, extra: { [CHECKPOINTS_IN_THREAD]: size } }),
      ),
    );
    expect(benchCharts(rows).map((chart) => chart.path)).toEqual([
      "charts/growth-put-p50.svg",
      "charts/growth-get-tuple-p50.svg",
    ]);
  });

  it("plots global list p50 and prune time per thread against the threads in the store", () => {
    const rows = [1000, 10_000, 100_000].flatMap((threads) => [
      row({
        scenarioId: "growth",
        operation: "list, first page (limit 20, no thread_id)",
        p50Ms: 5,
        extra: { [THREADS_IN_STORE]: threads },
      }),
      row({
        scenarioId: "growth",
        operation: "prune (keepLatest 1, all threads)",
        p50Ms: threads / 10,
        extra: { [THREADS_IN_STORE]: threads, [PRUNE_MICROSECONDS_PER_THREAD]: 100 },
      }),
    ]);
    // A prune skipped for time has no row: its line stops at the last size measured.
    rows.pop();
    const charts = benchCharts(rows);
    expect(charts.map((chart) => chart.path)).toEqual([
      "charts/growth-global-list-p50.svg",
      "charts/growth-prune-per-thread.svg",
    ]);
    const pointsOf = (svg: string) =>
      findAll(parseXml(svg), (element) => element.name === "circle").length;
    expect(pointsOf(charts[0]!.svg)).toBe(3);
    expect(pointsOf(charts[1]!.svg)).toBe(2);
    expect(charts[1]!.svg).toContain("µs per thread");
  });

  it("draws nothing when the scenarios did not run", () => {
    expect(benchCharts([row({ scenarioId: "a", operation: "put" })])).toEqual([]);
  });
});
