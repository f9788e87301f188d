import type { BenchOptions } from "../bench-options.js";
import type { RawFloorFactory } from "../floors/raw-floor.js";
import type { UnresponsiveSubjects } from "../measure/unresponsive-subjects.js";
import type { ResultCollector } from "../report/result-row.js";
import type { SaverFactory, SaverPlugin } from "../savers/saver-plugin.js";
import type { BenchServers } from "../servers/bench-servers.js";

/** A saver whose package loaded and whose server is up. */
export interface PreparedSaver {
  plugin: SaverPlugin;
  factory: SaverFactory;
}

/** Everything a scenario gets: options, the savers and floors to compare, and where results go. */
export interface ScenarioContext {
  options: BenchOptions;
  savers: readonly PreparedSaver[];
  floors: readonly RawFloorFactory[];
  results: ResultCollector;
  /** Epoch ms past which no new work starts. */
  deadlineMs: number;
  /** Savers and floors skipped for the rest of the run after a timeout. */
  unresponsive: UnresponsiveSubjects;
  log(line: string): void;
  /** The servers of the run, for scenarios that make their own subjects (the store section). */
  servers?: BenchServers;
}

/** One of the benchmark's scenarios (a to f), one file each. */
export interface Scenario {
  id: string;
  title: string;
  /** One paragraph for the README and the report: what is measured and how. */
  measures: string;
  run(context: ScenarioContext): Promise<void>;
}
