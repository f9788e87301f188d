import type { TimelineEntry } from "../timeline.js";
import type { ScenarioReport } from "./scenario-report.js";
import type { ScenarioReporter } from "./scenario-reporter.js";

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}

/** Records everything into `ScenarioReport`s; the JSON output and the text reporter use it. */
export class ReportCollector implements ScenarioReporter {
  readonly scenarios: ScenarioReport[] = [];
  private current: ScenarioReport | undefined;

  private active(): ScenarioReport {
    if (this.current === undefined) throw new Error("report outside beginScenario/endScenario");
    return this.current;
  }

  beginScenario(id: string, title: string): void {
    this.current = {
      id,
      title,
      notes: [],
      checks: [],
      timelines: [],
      tables: [],
      facts: {},
      passed: true,
    };
  }

  note(text: string): void {
    this.active().notes.push(text);
  }

  check(description: string, passed: boolean, detail?: string): void {
    this.active().checks.push({ description, passed, ...(detail === undefined ? {} : { detail }) });
  }

  timeline(title: string, entries: TimelineEntry[]): void {
    this.active().timelines.push({ title, entries });
  }

  table(title: string, rows: Array<Record<string, string>>): void {
    this.active().tables.push({ title, rows });
  }

  fact(name: string, value: unknown): void {
    this.active().facts[name] = value;
  }

  fail(error: unknown): void {
    this.active().error = describeError(error);
  }

  endScenario(): ScenarioReport {
    const report = this.active();
    report.passed =
      report.error === undefined &&
      report.checks.length > 0 &&
      report.checks.every((check) => check.passed);
    this.scenarios.push(report);
    this.current = undefined;
    return report;
  }
}
