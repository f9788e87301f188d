import { withTimeout } from "../measure/deadline.js";
import { type LatencySummary, medianOfRepetitions } from "../measure/latency-summary.js";
import { OperationTimer } from "../measure/operation-timer.js";
import { finiteOrNull } from "../report/result-row.js";
import type { Scenario, ScenarioContext } from "./scenario.js";
import {
  disposeSubject,
  floorBackendOf,
  floorSubject,
  type Subject,
  saverSubject,
} from "./subject.js";

const DISPOSE_TIMEOUT_MS = 30_000;

/** One scenario variant measured on every saver (and floor) with interleaved repetitions. */
export interface InterleavedVariant {
  scenario: Pick<Scenario, "id" | "title">;
  variant: string;
  /** Also measure the raw floors (scenarios whose operation a floor can mimic). */
  includeFloors: boolean;
  /** Once per subject before warm-up, e.g. filling the thread `list` reads. */
  setup?(subject: Subject): Promise<void>;
  /** Runs `iterations` iterations, timing each operation with `timer`. */
  repetition(subject: Subject, timer: OperationTimer, iterations: number): Promise<void>;
  /** Iterations per measured repetition. */
  iterations: number;
  /** Overrides `options.warmupIterations` for costly variants. */
  warmupIterations?: number;
  /** Overrides `options.repetitions` for costly variants. */
  repetitions?: number;
  /** Added to every row of the variant, e.g. the x a chart places it at. */
  rowExtra?: Record<string, number | null>;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

async function createSubjects(
  context: ScenarioContext,
  run: InterleavedVariant,
): Promise<Subject[]> {
  const subjects: Subject[] = [];
  const timeoutMs = context.options.cellTimeoutMs;
  for (const prepared of context.savers) {
    const skipReason = context.unresponsive.skipReason(prepared.plugin.id);
    if (skipReason !== undefined) {
      noteFailure(context, run, prepared.plugin.label, skipReason);
      continue;
    }
    try {
      const bench = await withTimeout(
        `${prepared.plugin.label} create`,
        timeoutMs,
        prepared.factory.create(),
      );
      subjects.push(saverSubject(prepared.plugin, bench));
    } catch (error) {
      context.unresponsive.recordFailure(prepared.plugin.id, error);
      noteFailure(
        context,
        run,
        prepared.plugin.label,
        `could not be created: ${describeError(error)}`,
      );
    }
  }
  if (!run.includeFloors) return subjects;
  for (const factory of context.floors) {
    const floorId = `raw-${factory.backend}`;
    const skipReason = context.unresponsive.skipReason(floorId);
    if (skipReason !== undefined) {
      noteFailure(context, run, `raw ${factory.backend} floor`, skipReason);
      continue;
    }
    try {
      const floor = await withTimeout(
        `raw ${factory.backend} floor create`,
        timeoutMs,
        factory.create(),
      );
      subjects.push(floorSubject(floor));
    } catch (error) {
      context.unresponsive.recordFailure(floorId, error);
      noteFailure(
        context,
        run,
        `raw ${factory.backend} floor`,
        `could not be created: ${describeError(error)}`,
      );
    }
  }
  return subjects;
}

function noteFailure(
  context: ScenarioContext,
  run: InterleavedVariant,
  subjectLabel: string,
  note: string,
): void {
  context.log(`  ${subjectLabel}: ${note}`);
  context.results.addNote({
    scenarioId: run.scenario.id,
    variant: run.variant,
    subjectLabel,
    note,
  });
}

/**
 * Measures one variant: every subject is set up and warmed up, then repetition k runs on
 * every subject before repetition k+1 starts on any, so a burst of load from elsewhere on the
 * machine hits all subjects alike. Each figure is the median over the repetitions. A subject
 * that fails or times out gets a note and runs no further repetitions (its completed ones
 * are kept); the others go on.
 */
export async function runInterleaved(
  context: ScenarioContext,
  run: InterleavedVariant,
): Promise<void> {
  const { options } = context;
  const subjects = await createSubjects(context, run);
  const failed = new Set<Subject>();
  const operationsBySubject = new Map<Subject, Map<string, LatencySummary[]>>();

  const attempt = async (subject: Subject, label: string, work: () => Promise<void>) => {
    if (failed.has(subject)) return;
    try {
      await withTimeout(`${subject.label} ${label}`, options.cellTimeoutMs, work());
    } catch (error) {
      context.unresponsive.recordFailure(subject.id, error);
      failed.add(subject);
      noteFailure(context, run, subject.label, `${label} failed: ${describeError(error)}`);
    }
  };

  try {
    for (const subject of subjects) {
      if (run.setup !== undefined) await attempt(subject, "setup", () => run.setup!(subject));
      const warmup = new OperationTimer(subject.counter);
      await attempt(subject, "warm-up", () =>
        run.repetition(subject, warmup, run.warmupIterations ?? options.warmupIterations),
      );
    }
    const repetitions = run.repetitions ?? options.repetitions;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      if (repetition > 0 && Date.now() > context.deadlineMs) {
        context.log(`  run deadline reached: ${repetition} repetition(s) of ${run.variant} kept`);
        break;
      }
      for (const subject of subjects) {
        subject.counter.reset();
        const timer = new OperationTimer(subject.counter);
        await attempt(subject, `repetition ${repetition + 1}`, () =>
          run.repetition(subject, timer, run.iterations),
        );
        if (failed.has(subject)) continue;
        const byOperation = operationsBySubject.get(subject) ?? new Map<string, LatencySummary[]>();
        for (const [operation, summary] of timer.summaries()) {
          byOperation.set(operation, [...(byOperation.get(operation) ?? []), summary]);
        }
        operationsBySubject.set(subject, byOperation);
      }
    }
    for (const subject of subjects) {
      // A subject that failed keeps the repetitions it completed; its note says which one failed.
      const byOperation = operationsBySubject.get(subject);
      if (byOperation === undefined) continue;
      for (const [operation, repetitions] of byOperation) {
        const figures = medianOfRepetitions(repetitions);
        context.results.addRow({
          scenarioId: run.scenario.id,
          scenario: run.scenario.title,
          variant: run.variant,
          operation,
          subjectId: subject.id,
          subjectLabel: subject.label,
          subjectKind: subject.kind,
          floorBackend: floorBackendOf(subject),
          p50Ms: finiteOrNull(figures.p50Ms),
          p99Ms: finiteOrNull(figures.p99Ms),
          opsPerSecond: finiteOrNull(figures.opsPerSecond),
          roundTripsPerOp: finiteOrNull(figures.roundTripsPerOp),
          ...(run.rowExtra === undefined ? {} : { extra: { ...run.rowExtra } }),
        });
      }
    }
  } finally {
    await Promise.allSettled(
      subjects.map((subject) =>
        withTimeout(`${subject.label} dispose`, DISPOSE_TIMEOUT_MS, disposeSubject(subject)),
      ),
    );
  }
}
