import type { TimelineEntry } from "../timeline.js";

/** One thing a scenario asserts about the run. */
export interface CheckResult {
  description: string;
  passed: boolean;
  /** What was actually seen, shown when the check failed (and in `--json`). */
  detail?: string;
}

export interface ScenarioReport {
  id: string;
  title: string;
  notes: string[];
  checks: CheckResult[];
  timelines: Array<{ title: string; entries: TimelineEntry[] }>;
  tables: Array<{ title: string; rows: Array<Record<string, string>> }>;
  /** Machine-readable results (refund ids, node counts, the final response). */
  facts: Record<string, unknown>;
  /** Message of the error that stopped the scenario, if one did. */
  error?: string;
  /** True when every check passed and nothing threw. */
  passed: boolean;
}

/** What `--json` prints. */
export interface DemoReport {
  /** The saver the scenarios ran on. */
  saver: string;
  /** Set when the saver asked for needed Redis and none could be had. */
  requestedSaver?: string;
  /** Why the demo ran on another saver, and how to get Redis. */
  notice?: string[];
  saverLabel: string;
  scenarios: ScenarioReport[];
  passed: boolean;
}
