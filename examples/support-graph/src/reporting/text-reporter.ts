import { formatTimeline, type TimelineEntry } from "../timeline.js";
import { ReportCollector } from "./report-collector.js";
import type { ScenarioReport } from "./scenario-report.js";
import type { ScenarioReporter } from "./scenario-reporter.js";

function formatTable(rows: Array<Record<string, string>>): string[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => row[column] ?? "")))];
}

/** Prints as the scenarios go, for a person watching the terminal; also keeps the report. */
export class TextReporter implements ScenarioReporter {
  private readonly collector = new ReportCollector();

  constructor(private readonly write: (line: string) => void) {}

  get scenarios(): ScenarioReport[] {
    return this.collector.scenarios;
  }

  beginScenario(id: string, title: string): void {
    this.collector.beginScenario(id, title);
    this.write("");
    this.write(`━━ ${title} ━━`);
  }

  note(text: string): void {
    this.collector.note(text);
    this.write(`  ${text}`);
  }

  check(description: string, passed: boolean, detail?: string): void {
    this.collector.check(description, passed, detail);
    const suffix = !passed && detail !== undefined ? ` (got: ${detail})` : "";
    this.write(`  ${passed ? "✔" : "✘"} ${description}${suffix}`);
  }

  timeline(title: string, entries: TimelineEntry[]): void {
    this.collector.timeline(title, entries);
    this.write(`  ${title}:`);
    for (const line of formatTimeline(entries)) this.write(`    ${line}`);
  }

  table(title: string, rows: Array<Record<string, string>>): void {
    this.collector.table(title, rows);
    this.write(`  ${title}:`);
    for (const line of formatTable(rows)) this.write(`    ${line}`);
  }

  fact(name: string, value: unknown): void {
    this.collector.fact(name, value);
  }

  fail(error: unknown): void {
    this.collector.fail(error);
  }

  endScenario(): ScenarioReport {
    const report = this.collector.endScenario();
    if (report.error !== undefined) this.write(`  ✘ stopped by an error: ${report.error}`);
    this.write(`  → ${report.passed ? "PASSED" : "FAILED"}`);
    return report;
  }
}
