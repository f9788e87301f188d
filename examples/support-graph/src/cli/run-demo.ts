import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReportCollector } from "../reporting/report-collector.js";
import type { DemoReport } from "../reporting/scenario-report.js";
import { TextReporter } from "../reporting/text-reporter.js";
import type { SaverEnvironment } from "../savers/saver-factory.js";
import {
  availableSaverNames,
  defaultSaverName,
  findSaverFactory,
} from "../savers/saver-registry.js";
import { runScenarios } from "../scenarios/run-scenarios.js";
import { SCENARIOS } from "../scenarios/scenario-registry.js";
import { CliUsageError, parseCliOptions } from "./cli-options.js";
import { helpText } from "./help-text.js";

/** Where the demo writes: stdout gets results, stderr progress and errors. */
export interface DemoOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: 0 all passed, 1 a scenario (or a server) failed, 2 the command line was wrong. */
export async function runDemo(argv: readonly string[], output: DemoOutput): Promise<number> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(argv, defaultSaverName());
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.stderr(`${error.message}\nrun with --help for the options`);
    return 2;
  }
  if (options.help) {
    output.stdout(helpText(SCENARIOS, availableSaverNames(), defaultSaverName()));
    return 0;
  }
  const saverFactory = findSaverFactory(options.saverName);
  if (saverFactory === undefined) {
    output.stderr(
      `--saver ${options.saverName} is not wired into the demo yet; available: ${availableSaverNames().join(", ")}`,
    );
    return 2;
  }
  const progress = (message: string) => output.stderr(`… ${message}`);
  let environment: SaverEnvironment;
  try {
    environment = await saverFactory.start({ coldTier: options.coldTier, progress });
  } catch (error) {
    output.stderr(
      `could not start the ${options.saverName} saver: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const scratchDirectory = await mkdtemp(join(tmpdir(), "support-graph-"));
  // Ctrl-C would otherwise skip the `finally` below and leave started servers running.
  const stopOnInterrupt = () => {
    output.stderr("interrupted: stopping servers");
    environment.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnInterrupt);
  try {
    const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
    const reporter = options.json ? new ReportCollector() : new TextReporter(output.stdout);
    if (!options.json) output.stdout(`saver: ${environment.label} · run ${runId}`);
    const reports = await runScenarios({
      saverFactory,
      environment,
      reporter,
      scenarios: SCENARIOS.filter((scenario) => options.scenarioIds.includes(scenario.id)),
      runId,
      scratchDirectory,
    });
    const passed = reports.every((report) => report.passed);
    if (options.json) {
      const report: DemoReport = {
        saver: options.saverName,
        saverLabel: environment.label,
        scenarios: reports,
        passed,
      };
      output.stdout(JSON.stringify(report, null, 2));
    } else {
      const passedCount = reports.filter((report) => report.passed).length;
      output.stdout("");
      output.stdout(`${passedCount}/${reports.length} scenarios passed on ${environment.label}`);
    }
    return passed ? 0 : 1;
  } finally {
    process.off("SIGINT", stopOnInterrupt);
    await environment.stop();
    await rm(scratchDirectory, { recursive: true, force: true });
  }
}
