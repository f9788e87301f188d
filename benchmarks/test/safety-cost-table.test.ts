import { safetyCostSummary, safetyCostTable } from "../src/report/safety-cost-table.js";
import { SAFETY_VARIANTS } from "../src/safety-cost/safety-variants.js";
import { resultRow } from "./support/result-row-fixture.js";

function safetyRow(
  subjectId: string,
  variantIndex: number,
  p50Ms: number,
  ratio: number,
  roundTripsPerOp: number,
) {
  return resultRow({
    scenarioId: "safety",
    variant: "5 KB (20 messages)",
    operation: SAFETY_VARIANTS[variantIndex]!.label,
    subjectId,
    subjectLabel: `label of ${subjectId}`,
    p50Ms,
    roundTripsPerOp,
    extra: {
      rounds: 30,
      p50MinMs: p50Ms * 0.9,
      p50MaxMs: p50Ms * 1.2,
      vsNothingP50: ratio,
      vsNothingMin: ratio - 0.05,
      vsNothingMax: ratio + 0.1,
      cpuPerStepMs: p50Ms / 2,
      cpuVsNothing: ratio,
    },
  });
}

describe("safetyCostTable", () => {
  it("lists each saver's variants a to e with the ratio, its spread and the round trips added", () => {
    const rows = [
      safetyRow("redis", 1, 1.02, 1.02, 3),
      safetyRow("redis", 0, 1, 1, 3),
      safetyRow("redis", 4, 1.3, 1.3, 3),
      safetyRow("cosmos", 0, 5, 1, 4),
      safetyRow("cosmos", 1, 5.1, 1.02, 5),
      resultRow({ scenarioId: "a", operation: "step (all three)", subjectId: "redis" }),
    ];
    const table = safetyCostTable(rows);
    expect(table).toHaveLength(2 + 5);
    const cells = table.slice(2).map((line) => line.split("|").map((cell) => cell.trim()));
    expect(cells.map((row) => [row[1], row[2]!.slice(0, 3)])).toEqual([
      ["label of redis", "(a)"],
      ["label of redis", "(b)"],
      ["label of redis", "(e)"],
      ["label of cosmos", "(a)"],
      ["label of cosmos", "(b)"],
    ]);
    expect(cells[1]!.slice(5, 11)).toEqual([
      "1.02×",
      "0.970–1.12×",
      "0.510",
      "1.02×",
      "3.00",
      "+0",
    ]);
    expect(cells[2]![5]).toBe("1.30×");
    expect(cells[4]![10]).toBe("+1");
    expect(cells[0]![11]).toBe("30");
  });

  it("is empty when the section did not run", () => {
    expect(safetyCostSummary([resultRow({})])).toEqual([]);
  });
});

describe("safetyCostSummary", () => {
  it("gives one line per saver: p50 with nothing on, then each safeguard's ratio and added round trips", () => {
    const rows = [
      safetyRow("redis", 0, 0.8, 1, 3),
      safetyRow("redis", 1, 0.82, 1.02, 3),
      safetyRow("redis", 2, 0.83, 1.04, 3),
      safetyRow("redis", 3, 0.8, 1, 3),
      safetyRow("redis", 4, 1, 1.25, 3),
    ];
    expect(safetyCostSummary(rows)).toEqual([
      "- label of redis: step p50 0.800 ms with nothing on; lease 1.02× (CPU 1.02×), +0 RT; " +
        "optimistic 1.04× (CPU 1.04×), +0 RT; API without SDK 1.00× (CPU 1.00×), +0 RT; " +
        "SDK 1.25× (CPU 1.25×), +0 RT (median of 30 rounds)",
    ]);
  });
});
