import { performance } from "node:perf_hooks";
import type { RunnableConfig } from "@langchain/core/runnables";
import { stepWrites, type ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import type { BenchSaver } from "../savers/saver-plugin.js";
import type { StepBlock } from "./worker-protocol.js";

const TASK_PATH = "~__pregel_pull, agent";

/** How a step's configs carry a lease token: core's `withLeaseToken`, or unchanged. */
export type AddLeaseToken = (config: RunnableConfig) => RunnableConfig;

/**
 * Runs `steps` graph steps on one thread as scenario a does (put of the whole state, the
 * node's two writes, getTuple of the latest) and times each, with the round trips it made,
 * and the process's CPU time over them all (the untimed preparation of each step included,
 * the same for every variant).
 * `addLeaseToken` puts the run's lease token on the put's and the writes' configs, as
 * LangGraph copies the run's `configurable` into every write.
 */
export async function runSafetySteps(
  bench: BenchSaver,
  thread: ThreadCheckpoints,
  channelValues: Record<string, unknown>,
  steps: number,
  addLeaseToken: AddLeaseToken,
): Promise<StepBlock> {
  const { saver, counter } = bench;
  const block: StepBlock = { stepMs: [], roundTrips: [], cpuMs: 0 };
  // CPU time, unlike wall time, does not count the waits for a server that shares a busy machine.
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < steps; index++) {
    const step = thread.next(channelValues);
    const stepNumber = step.metadata.step ?? 0;
    const writes = stepWrites(stepNumber);
    const taskId = `task-${stepNumber}`;
    const putConfig = addLeaseToken(step.config);
    const roundTripsBefore = counter.roundTrips;
    const start = performance.now();
    const stored = await saver.put(putConfig, step.checkpoint, step.metadata, step.newVersions);
    await saver.putWrites(addLeaseToken(stored), writes, taskId, TASK_PATH);
    const tuple = await saver.getTuple(thread.latestConfig());
    block.stepMs.push(performance.now() - start);
    block.roundTrips.push(counter.roundTrips - roundTripsBefore);
    if (tuple?.checkpoint.id !== step.checkpoint.id) {
      throw new Error(`getTuple returned ${tuple?.checkpoint.id} instead of ${step.checkpoint.id}`);
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  block.cpuMs = (cpu.user + cpu.system) / 1000;
  return block;
}
