import type { ScenarioReporter } from "../reporting/scenario-reporter.js";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import type { SupportCase } from "../support-cases.js";

export const SCENARIO_IDS = [
  "happy-path",
  "crash",
  "human-approval",
  "audit-trail",
  "time-travel",
  "memory",
  "concurrent-resume",
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** What a scenario gets: the saver to run on and where to report. */
export interface ScenarioContext {
  /** The registry entry; the crash scenario's child process opens its saver through it. */
  saverFactory: SaverFactory;
  environment: SaverEnvironment;
  reporter: ScenarioReporter;
  /**
   * A thread id for `supportCase` in this scenario, unique per demo run, so that running the
   * demo twice against the same external server never continues an old thread.
   */
  threadIdFor(supportCase: SupportCase, scenario: ScenarioId): string;
  /** A directory this run may write to (the crash scenario's refund store lives there). */
  scratchDirectory: string;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** One line for `--help`. */
  summary: string;
  /** Reports through `context.reporter`; throwing fails the scenario. */
  run(context: ScenarioContext): Promise<void>;
}
