import type { ScenarioReport } from "../reporting/scenario-report.js";
import type { ScenarioReporter } from "../reporting/scenario-reporter.js";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import type { Scenario } from "./scenario.js";

export interface RunScenariosOptions {
  saverFactory: SaverFactory;
  environment: SaverEnvironment;
  reporter: ScenarioReporter;
  scenarios: readonly Scenario[];
  /** Suffix of every thread id of this run, e.g. `m3x9k2`. */
  runId: string;
  scratchDirectory: string;
}

/** Runs the scenarios one after another; a failing scenario does not stop the next. */
export async function runScenarios(options: RunScenariosOptions): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = [];
  for (const scenario of options.scenarios) {
    options.reporter.beginScenario(scenario.id, scenario.title);
    try {
      await scenario.run({
        saverFactory: options.saverFactory,
        environment: options.environment,
        reporter: options.reporter,
        threadIdFor: (supportCase, scenarioId) =>
          `${supportCase.caseId}-${scenarioId}-${options.runId}`,
        scratchDirectory: options.scratchDirectory,
      });
    } catch (error) {
      options.reporter.fail(error);
    }
    reports.push(options.reporter.endScenario());
  }
  return reports;
}
