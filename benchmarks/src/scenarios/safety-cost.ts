import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { roundFigures, type StepRound } from "../measure/round-figures.js";
import { finiteOrNull } from "../report/result-row.js";
import { formatSafetyLog } from "../report/safety-cost-table.js";
import {
  BASELINE_VARIANT,
  SAFETY_SCENARIO_ID,
  SAFETY_VARIANTS,
  SAFETY_WORKER_KINDS,
  type SafetyVariant,
  type SafetyWorkerKind,
} from "../safety-cost/safety-variants.js";
import { SafetyWorker } from "../safety-cost/safety-worker-client.js";
import type { WorkerServers } from "../safety-cost/worker-protocol.js";
import type { BenchServers } from "../servers/bench-servers.js";
import type { PreparedSaver, Scenario, ScenarioContext } from "./scenario.js";

const STATE = STATE_SIZES.find((size) => size.label.startsWith("5 KB"))!;
/** Untimed steps at the start of every block: the worker may just have woken up. */
const UNTIMED_STEPS_PER_BLOCK = 3;

function workerServers(servers: BenchServers): WorkerServers {
  return {
    redisUrl: servers.redisUrl,
    postgresUrl: servers.postgresUrl,
    cosmos:
      servers.cosmos === undefined
        ? undefined
        : {
            endpoint: servers.cosmos.endpoint,
            key: servers.cosmos.key,
            external: servers.cosmos.external,
          },
    unavailable: servers.unavailable,
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

function note(context: ScenarioContext, subjectLabel: string, text: string): void {
  context.log(`  ${subjectLabel}: ${text}`);
  context.results.addNote({
    scenarioId: SAFETY_SCENARIO_ID,
    variant: STATE.label,
    subjectLabel,
    note: text,
  });
}

/** Starts the workers and makes each saver's savers in them; returns the savers ready in all. */
async function startWorkers(
  context: ScenarioContext,
  savers: readonly PreparedSaver[],
  servers: BenchServers,
  workers: Map<SafetyWorkerKind, SafetyWorker>,
): Promise<PreparedSaver[]> {
  const unavailable = new Map<string, string>();
  await Promise.all(
    SAFETY_WORKER_KINDS.map(async (kind) => {
      const worker = new SafetyWorker(kind);
      workers.set(kind, worker);
      const answer = await worker.request(
        {
          kind: "setup",
          saverIds: savers.map((saver) => saver.plugin.id),
          servers: workerServers(servers),
          variantIds: SAFETY_VARIANTS.filter((variant) => variant.worker === kind).map(
            (variant) => variant.id,
          ),
        },
        context.options.cellTimeoutMs * Math.max(1, savers.length),
      );
      for (const [saverId, reason] of Object.entries(answer.unavailable))
        unavailable.set(saverId, `${kind} worker: ${reason}`);
    }),
  );
  for (const saver of savers) {
    const reason = unavailable.get(saver.plugin.id);
    if (reason !== undefined) note(context, saver.plugin.label, `could not be created: ${reason}`);
  }
  return savers.filter((saver) => !unavailable.has(saver.plugin.id));
}

/**
 * Every variant of every saver, round after round (a b c d e, a b c d e, …), so a burst of
 * load from elsewhere lands on all variants of a round rather than on one variant's block.
 */
async function measureRounds(
  context: ScenarioContext,
  savers: readonly PreparedSaver[],
  workers: ReadonlyMap<SafetyWorkerKind, SafetyWorker>,
): Promise<Map<string, Map<SafetyVariant["id"], StepRound[]>>> {
  const { options } = context;
  const blocks = new Map<string, Map<SafetyVariant["id"], StepRound[]>>();
  const failed = new Set<string>();
  const runBlock = async (
    saver: PreparedSaver,
    variant: SafetyVariant,
    untimedSteps: number,
    steps: number,
    what: string,
  ) => {
    if (failed.has(saver.plugin.id)) return undefined;
    try {
      const answer = await workers
        .get(variant.worker)!
        .request(
          { kind: "run", saverId: saver.plugin.id, variantId: variant.id, untimedSteps, steps },
          options.cellTimeoutMs,
        );
      return answer.block;
    } catch (error) {
      failed.add(saver.plugin.id);
      note(
        context,
        saver.plugin.label,
        `${variant.label.slice(0, 3)} ${what} failed: ${describeError(error)}`,
      );
      return undefined;
    }
  };
  for (const saver of savers)
    for (const variant of SAFETY_VARIANTS)
      await runBlock(saver, variant, options.safetyWarmupSteps, 0, "warm-up");
  const untimed = Math.min(UNTIMED_STEPS_PER_BLOCK, options.safetyWarmupSteps);
  for (let round = 0; round < options.safetyRounds; round++) {
    if (round > 0 && Date.now() > context.deadlineMs) {
      context.log(`  run deadline reached: ${round} round(s) kept`);
      break;
    }
    context.log(`  round ${round + 1} of ${options.safetyRounds}`);
    for (const saver of savers) {
      const bySaver = blocks.get(saver.plugin.id) ?? new Map<SafetyVariant["id"], StepRound[]>();
      blocks.set(saver.plugin.id, bySaver);
      for (const variant of SAFETY_VARIANTS) {
        const block = await runBlock(
          saver,
          variant,
          untimed,
          options.safetyStepsPerRound,
          `round ${round + 1}`,
        );
        if (block !== undefined)
          bySaver.set(variant.id, [...(bySaver.get(variant.id) ?? []), block]);
      }
    }
  }
  return blocks;
}

function addRows(
  context: ScenarioContext,
  savers: readonly PreparedSaver[],
  blocks: ReadonlyMap<string, ReadonlyMap<SafetyVariant["id"], StepRound[]>>,
): void {
  for (const saver of savers) {
    const bySaver = blocks.get(saver.plugin.id);
    const baseline = bySaver?.get(BASELINE_VARIANT.id);
    if (bySaver === undefined || baseline === undefined || baseline.length === 0) continue;
    for (const variant of SAFETY_VARIANTS) {
      const rounds = bySaver.get(variant.id);
      if (rounds === undefined || rounds.length === 0) continue;
      const figures = roundFigures(rounds, baseline);
      context.results.addRow({
        scenarioId: SAFETY_SCENARIO_ID,
        scenario: safetyCostScenario.title,
        variant: STATE.label,
        operation: variant.label,
        subjectId: saver.plugin.id,
        subjectLabel: saver.plugin.label,
        subjectKind: "saver",
        floorBackend: saver.plugin.floorBackend,
        p50Ms: finiteOrNull(figures.p50Ms),
        p99Ms: finiteOrNull(figures.p99Ms),
        opsPerSecond: null,
        roundTripsPerOp: finiteOrNull(figures.roundTripsPerStep),
        extra: {
          rounds: figures.rounds,
          p50MinMs: finiteOrNull(figures.p50MinMs),
          p50MaxMs: finiteOrNull(figures.p50MaxMs),
          vsNothingP50: finiteOrNull(figures.ratio),
          vsNothingMin: finiteOrNull(figures.ratioMin),
          vsNothingMax: finiteOrNull(figures.ratioMax),
          cpuPerStepMs: finiteOrNull(figures.cpuPerStepMs),
          cpuVsNothing: finiteOrNull(figures.cpuRatio),
        },
      });
    }
  }
}

export const safetyCostScenario: Scenario = {
  id: SAFETY_SCENARIO_ID,
  title: "safety. run safety cost (thread leases, optimistic concurrency, telemetry)",
  measures:
    "The step of scenario a (5 KB state: `put`, `putWrites` of two writes, `getTuple` of the latest) on each " +
    "checkpointkit saver, five ways: (a) nothing on, `@opentelemetry/api` not installed; (b) inside core's " +
    "`withThreadLease` (the saver's `acquireThreadLease`), every write's config carrying the token " +
    '(`withLeaseToken`); (c) the saver built with `concurrency: "optimistic"`; (d) `@opentelemetry/api` ' +
    "installed, no SDK; (e) the OpenTelemetry SDK registered with in-memory span and metric exporters. " +
    "Each variant has a saver over storage of its own, writing one thread. " +
    "Three worker processes run the steps, one block at a time, against the run's servers: one with " +
    "`@opentelemetry/api` hidden from module resolution (a, b, c), one with it resolvable (d) and one with the " +
    "SDK registered before its savers are made (e); (d) and (e) cannot share a process, since once a span has " +
    "recorded, core's AsyncLocalStorage keeps Node 20's async hooks on for every later promise. The variants are interleaved in " +
    "rounds (a b c d e, a b c d e, …), each block after a few untimed steps and a forced GC; reported: the " +
    "median over rounds of each round's step p50, the lowest and highest round p50, the median over rounds " +
    "of the p50 divided by (a)'s p50 in the same round with its lowest and highest, the worker's CPU time per " +
    "step (user + system, median over rounds, the tiered saver's flusher thread included; it leaves out the " +
    "waits for servers sharing a busy machine) and " +
    "its ratio to (a)'s in the same round, and the round trips per step over every timed step (exact). Lease acquire and release happen outside the timed steps, once per " +
    "block, as once per run.",
  run: async (context) => {
    const savers = context.savers.filter((saver) => saver.plugin.id.startsWith("checkpointkit-"));
    const others = context.savers.filter((saver) => !savers.includes(saver));
    if (others.length > 0)
      note(
        context,
        others.map((saver) => saver.plugin.label).join(", "),
        "not measured: no thread leases, optimistic mode or telemetry",
      );
    if (savers.length === 0) return;
    if (context.servers === undefined) {
      note(context, "all savers", "not measured: the section needs the run's servers");
      return;
    }
    context.log(`safety. run safety cost, ${STATE.label}`);
    const workers = new Map<SafetyWorkerKind, SafetyWorker>();
    try {
      const ready = await startWorkers(context, savers, context.servers, workers);
      const blocks = await measureRounds(context, ready, workers);
      addRows(context, ready, blocks);
      const rows = context.results.rows.filter((row) => row.scenarioId === SAFETY_SCENARIO_ID);
      for (const line of formatSafetyLog(rows)) context.log(line);
    } finally {
      await Promise.allSettled([...workers.values()].map((worker) => worker.stop()));
    }
  },
};
