import type { TimelineEntry } from "../timeline.js";
import type { ScenarioReport } from "./scenario-report.js";

/** Where scenarios send what they show and assert; text for people, JSON for scripts. */
export interface ScenarioReporter {
  beginScenario(id: string, title: string): void;
  note(text: string): void;
  /** A false check fails the scenario and makes the demo exit non-zero. */
  check(description: string, passed: boolean, detail?: string): void;
  timeline(title: string, entries: TimelineEntry[]): void;
  table(title: string, rows: Array<Record<string, string>>): void;
  fact(name: string, value: unknown): void;
  /** The scenario threw; it is reported as failed. */
  fail(error: unknown): void;
  endScenario(): ScenarioReport;
}
