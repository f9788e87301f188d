import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReportCollector } from "../reporting/report-collector.js";
import type { DemoReport } from "../reporting/scenario-report.js";
import { sizeSummaryLines } from "../reporting/size-summary-report.js";
import { TextReporter } from "../reporting/text-reporter.js";
import {
  findRedisSource,
  type RedisServerLookup,
  redisUnavailableNotice,
} from "../savers/redis-availability.js";
import type { SaverEnvironment, SaverFactory } from "../savers/saver-factory.js";
import {
  availableSaverNames,
  defaultSaverName,
  findSaverFactory,
  NO_REDIS_FALLBACK_SAVER,
  registeredSaverFactories,
} from "../savers/saver-registry.js";
import { runScenarios } from "../scenarios/run-scenarios.js";
import { SCENARIOS } from "../scenarios/scenario-registry.js";
import { DemoTelemetry } from "../telemetry/demo-telemetry.js";
import { browseHint, browseHintLines } from "./browse-command.js";
import { CliUsageError, parseCliOptions } from "./cli-options.js";
import { helpText } from "./help-text.js";

/** Where the demo writes: stdout gets results, stderr progress and errors. */
export interface DemoOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What the demo looks up in its surroundings; tests replace it. */
export interface DemoSurroundings {
  /** Finds `redis-server`. @default a search of PATH */
  findRedisServer?: RedisServerLookup;
}

/**
 * The saver to run on: the one asked for, or PostgreSQL when it needs Redis and none can be
 * had, with the notice that says so and how to get Redis.
 */
function chooseSaverFactory(
  requested: SaverFactory,
  surroundings: DemoSurroundings,
): { factory: SaverFactory; notice?: string[] } {
  if (!requested.needsRedis || findRedisSource(surroundings.findRedisServer) !== undefined) {
    return { factory: requested };
  }
  const fallback = findSaverFactory(NO_REDIS_FALLBACK_SAVER);
  if (fallback === undefined) return { factory: requested };
  return {
    factory: fallback,
    notice: redisUnavailableNotice(
      requested.name,
      process.env.POSTGRES_URL
        ? "the PostgreSQL server POSTGRES_URL names (the postgres saver)"
        : "embedded PostgreSQL (the postgres saver)",
    ),
  };
}

/** Exit codes: 0 all passed, 1 a scenario (or a server) failed, 2 the command line was wrong. */
export async function runDemo(
  argv: readonly string[],
  output: DemoOutput,
  surroundings: DemoSurroundings = {},
): Promise<number> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(argv, defaultSaverName());
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.stderr(`${error.message}\nrun with --help for the options`);
    return 2;
  }
  if (options.help) {
    output.stdout(helpText(SCENARIOS, registeredSaverFactories(), defaultSaverName()));
    return 0;
  }
  const requestedFactory = findSaverFactory(options.saverName);
  if (requestedFactory === undefined) {
    output.stderr(
      `--saver ${options.saverName} is not wired into the demo yet; available: ${availableSaverNames().join(", ")}`,
    );
    return 2;
  }
  const { factory: saverFactory, notice } = chooseSaverFactory(requestedFactory, surroundings);
  for (const line of notice ?? []) output.stderr(line);
  const progress = (message: string) => output.stderr(`… ${message}`);
  // Registered before the saver exists, as an application registers its SDK at startup.
  const telemetry = options.telemetry ? new DemoTelemetry() : undefined;
  let environment: SaverEnvironment;
  try {
    environment = await saverFactory.start({ coldTier: options.coldTier, progress });
  } catch (error) {
    output.stderr(
      `could not start the ${saverFactory.name} saver: ${error instanceof Error ? error.message : String(error)}`,
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
    if (!options.json) {
      output.stdout(`saver: ${environment.label} · run ${runId}`);
      if (notice !== undefined) {
        output.stdout(
          `note: no Redis could be had, so --saver ${options.saverName} runs on PostgreSQL`,
        );
      }
    }
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
        saver: saverFactory.name,
        ...(notice === undefined ? {} : { requestedSaver: options.saverName, notice }),
        saverLabel: environment.label,
        scenarios: reports,
        passed,
      };
      output.stdout(JSON.stringify(report, null, 2));
    } else {
      const passedCount = reports.filter((report) => report.passed).length;
      output.stdout("");
      output.stdout(`${passedCount}/${reports.length} scenarios passed on ${environment.label}`);
      for (const line of await sizeSummaryLines(environment, reports)) output.stdout(line);
      const hint = browseHint(saverFactory.name, environment.childConnection);
      for (const line of browseHintLines(hint, runId)) output.stdout(line);
    }
    // With --json the tree goes to stderr, so stdout stays one JSON document.
    for (const line of telemetry?.treeLines() ?? []) {
      (options.json ? output.stderr : output.stdout)(line);
    }
    return passed ? 0 : 1;
  } finally {
    await telemetry?.stop();
    process.off("SIGINT", stopOnInterrupt);
    await environment.stop();
    await rm(scratchDirectory, { recursive: true, force: true });
  }
}
