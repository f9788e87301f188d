import type { BenchReport } from "../src/report/bench-report.js";
import { summaryTable } from "../src/report/summary-table.js";
import { resultRow } from "./support/result-row-fixture.js";

function report(rows: BenchReport["rows"]): BenchReport {
  return {
    mode: "full",
    machine: {} as BenchReport["machine"],
    caveats: [],
    savers: [],
    scenarios: [],
    rows,
    notes: [],
    charts: [],
    durationSeconds: 1,
  };
}

describe("summaryTable", () => {
  it("names each saver by its label in the summarised scenarios, not by another section's label for the same id", () => {
    const rows = [
      resultRow({
        scenarioId: "a",
        variant: "1 KB",
        operation: "step (all three)",
        subjectId: "official-postgres",
        subjectLabel: "official PostgresSaver",
      }),
      resultRow({
        scenarioId: "store",
        variant: "10000 items",
        operation: "put",
        subjectId: "official-postgres",
        subjectLabel: "official PostgresStore",
      }),
    ];
    const table = summaryTable(report(rows), String);
    expect(table.join("\n")).toContain("official PostgresSaver");
    expect(table.join("\n")).not.toContain("PostgresStore");
  });
});
