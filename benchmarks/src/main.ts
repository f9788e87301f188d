import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { BENCH_USAGE, type BenchOptions, parseBenchOptions } from "./bench-options.js";
import { withTimeout } from "./measure/deadline.js";
import { UnresponsiveSubjects } from "./measure/unresponsive-subjects.js";
import { prepareFloors } from "./prepare-floors.js";
import { prepareSavers } from "./prepare-savers.js";
import { benchCharts } from "./report/bench-charts.js";
import type { BenchReport } from "./report/bench-report.js";
import { describeMachine } from "./report/machine-description.js";
import { attachRatios } from "./report/ratios.js";
import { ResultCollector } from "./report/result-row.js";
import type { SaverStatus } from "./report/saver-status.js";
import { writeReport } from "./report/write-report.js";
import { ALL_SCENARIOS, SCENARIOS_IN_RUN_ORDER } from "./scenarios/all-scenarios.js";
import type { ScenarioContext } from "./scenarios/scenario.js";
import { type BenchServers, startBenchServers } from "./servers/bench-servers.js";
import { serverVersions } from "./servers/server-versions.js";

const BENCHMARKS_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));
/** Past the run deadline, this long is left for the scenario in progress before the watchdog ends the run. */
const WATCHDOG_GRACE_MS = 60_000;
const REPORT_WRITE_TIMEOUT_MS = 15_000;
const SERVER_STOP_TIMEOUT_MS = 20_000;

const startedAt = Date.now();
function log(line: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${line}\n`);
}

/** What the report is made of; filled as the run goes, so the watchdog can write what finished. */
interface RunState {
  options: BenchOptions;
  versions: Record<string, string>;
  statuses: SaverStatus[];
  results: ResultCollector;
}

let servers: BenchServers | undefined;
let runState: RunState | undefined;
let reportWritten = false;

async function stopServers(): Promise<void> {
  const running = servers;
  servers = undefined;
  if (running === undefined) return;
  await Promise.race([
    running.stop(),
    new Promise((resolve) => setTimeout(resolve, SERVER_STOP_TIMEOUT_MS)),
  ]);
}

/** Ends the process after stopping our servers, whatever is still pending (a hung request must not keep it alive). */
async function exitAfterCleanup(code: number): Promise<never> {
  await stopServers().catch(() => {});
  process.exit(code);
}

function machineCaveats(options: BenchOptions): string[] {
  const caveats = [
    "the servers run on the same machine as the benchmark, over loopback: latency is CPU-bound and " +
      "round-trip counts matter more than absolute milliseconds",
    "the Cosmos DB figures come from an in-process server: read its round trips and relative cost, not its latency",
  ];
  if (process.env.BENCH_MACHINE_NOTE) caveats.push(process.env.BENCH_MACHINE_NOTE);
  if (options.quick)
    caveats.push("--quick: counts cut to a smoke test; do not quote these figures");
  return caveats;
}

/** Writes RESULTS.md and results.json once, from whatever the run has measured so far. */
async function writeReportOnce(extraCaveat?: string): Promise<void> {
  if (reportWritten || runState === undefined) return;
  reportWritten = true;
  const { options, versions, statuses, results } = runState;
  attachRatios(results.rows);
  const charts = benchCharts(results.rows);
  const selected = (scenario: { id: string }) =>
    options.scenarioIds.length === 0 || options.scenarioIds.includes(scenario.id);
  const report: BenchReport = {
    mode: options.quick ? "quick" : "full",
    machine: describeMachine(versions),
    caveats: [...machineCaveats(options), ...(extraCaveat === undefined ? [] : [extraCaveat])],
    savers: statuses,
    scenarios: ALL_SCENARIOS.filter(selected).map(({ id, title, measures }) => ({
      id,
      title,
      measures,
    })),
    rows: results.rows,
    notes: results.notes,
    charts: charts.map(({ scenarioId, path, title }) => ({ scenarioId, path, title })),
    durationSeconds: (Date.now() - startedAt) / 1000,
  };
  // --quick must never overwrite the committed full results.
  const directory =
    options.outputDirectory ??
    (options.quick ? `${BENCHMARKS_DIRECTORY}quick` : BENCHMARKS_DIRECTORY);
  await mkdir(directory, { recursive: true });
  const written = await writeReport(report, directory, charts);
  log(`wrote ${written.join(", ")}`);
}

/**
 * The last line of defence against a hang the per-step time limits missed: past the deadline
 * and its grace, write what finished, stop the servers and leave. Not a crash of the
 * benchmark, so the exit code stays 0; the report says the run was cut short.
 */
function armWatchdog(options: BenchOptions): void {
  const timer = setTimeout(async () => {
    log(`watchdog: still running ${WATCHDOG_GRACE_MS} ms past the run deadline, ending the run`);
    const caveat =
      "the watchdog cut this run short: scenarios after the one in progress are missing";
    await withTimeout("report", REPORT_WRITE_TIMEOUT_MS, writeReportOnce(caveat)).catch((error) =>
      log(`could not write the report: ${String(error)}`),
    );
    await exitAfterCleanup(0);
  }, options.runDeadlineMs + WATCHDOG_GRACE_MS);
  timer.unref();
}

function stopServersOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping servers`);
      void exitAfterCleanup(130);
    });
  }
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
    const known = new Set(ALL_SCENARIOS.map((scenario) => scenario.id));
    const unknown = options.scenarioIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new Error(`unknown scenario ${unknown.join(", ")}\n${BENCH_USAGE}`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  stopServersOnSignals();
  log(`mode ${options.quick ? "quick" : "full"}; starting servers`);
  servers = await startBenchServers();
  for (const [backend, reason] of Object.entries(servers.unavailable)) log(`${backend}: ${reason}`);
  const versions = await serverVersions(servers);
  const { prepared, statuses } = await prepareSavers(options, servers, log);
  const results = new ResultCollector();
  runState = { options, versions, statuses, results };
  // The budget starts once servers are up and packages built: a cold build must not eat it.
  const deadlineMs = Date.now() + options.runDeadlineMs;
  armWatchdog(options);
  const context: ScenarioContext = {
    options,
    savers: prepared,
    floors: prepareFloors(servers),
    results,
    deadlineMs,
    unresponsive: new UnresponsiveSubjects(),
    log,
    servers,
  };
  const selected = (scenario: { id: string }) =>
    options.scenarioIds.length === 0 || options.scenarioIds.includes(scenario.id);
  for (const scenario of SCENARIOS_IN_RUN_ORDER.filter(selected)) {
    if (Date.now() > deadlineMs) {
      const note = "skipped: run deadline reached";
      results.addNote({
        scenarioId: scenario.id,
        variant: "all",
        subjectLabel: "all savers",
        note,
      });
      continue;
    }
    try {
      await scenario.run(context);
    } catch (error) {
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`scenario ${scenario.id} failed: ${reason}`);
      const note = `failed: ${reason.split("\n")[0]}`;
      results.addNote({ scenarioId: scenario.id, variant: "all", subjectLabel: "scenario", note });
    }
  }
  await writeReportOnce();
}

main().then(
  () => exitAfterCleanup(0),
  (error: unknown) => {
    log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void exitAfterCleanup(1);
  },
);
