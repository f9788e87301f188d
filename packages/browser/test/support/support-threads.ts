import { randomUUID } from "node:crypto";
import { compileSupportGraph } from "@checkpointkit/example-support-graph/src/graph";
import {
  caseInput,
  threadConfig,
} from "@checkpointkit/example-support-graph/src/scenarios/support-run";
import { createSupportServices } from "@checkpointkit/example-support-graph/src/services/support-services";
import type { BillingResult } from "@checkpointkit/example-support-graph/src/state";
import { CASE_8842, CASE_9107 } from "@checkpointkit/example-support-graph/src/support-cases";
import { Command, type StateSnapshot } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/** An id built to break careless pages: markup, quotes, RTL override, emoji, 600 characters. */
export function hostileThreadId(run: string): string {
  return `<script>alert("x")</script>'"&amp;\u202e👩‍💻/../?a=b#c ${run} ${"ẞ".repeat(520)}`;
}

/** The threads the browser tests look at, written by the real case_8842 graph. */
export interface SupportThreads {
  run: string;
  /** case_8842 run to the end, then forked before policy with billing's finding replaced. */
  forked: string;
  /** case_9107: paused at policy by interrupt(), then resumed with an approval. */
  interrupted: string;
  /** case_8842 run to the end under `hostileThreadId(run)`. */
  hostile: string;
}

/**
 * Runs the support graph on `saver`: a fork through time travel (`updateState` on the
 * checkpoint before policy, then `invoke(null)`), an interrupt and its resume, and a run
 * under a hostile thread id.
 */
export async function writeSupportThreads(saver: BaseCheckpointSaver): Promise<SupportThreads> {
  const run = randomUUID().slice(0, 8);
  const threads: SupportThreads = {
    run,
    forked: `case_8842-browser-${run}`,
    interrupted: `case_9107-browser-${run}`,
    hostile: hostileThreadId(run),
  };
  const graph = compileSupportGraph({ checkpointer: saver, services: createSupportServices() });

  const forkedConfig = threadConfig(threads.forked);
  await graph.invoke(caseInput(CASE_8842), forkedConfig);
  let beforePolicy: StateSnapshot | undefined;
  for await (const snapshot of graph.getStateHistory(forkedConfig)) {
    if (snapshot.next.includes("policy")) beforePolicy = snapshot;
  }
  if (beforePolicy === undefined) throw new Error("case_8842 has no checkpoint before policy");
  const billing = beforePolicy.values.billingResult as BillingResult;
  const forkConfig = await graph.updateState(
    beforePolicy.config,
    { billingResult: { transactions: billing.transactions } },
    "billing",
  );
  await graph.invoke(null, forkConfig);

  const interruptedConfig = threadConfig(threads.interrupted);
  await graph.invoke(caseInput(CASE_9107), interruptedConfig);
  await graph.invoke(
    new Command({ resume: { approved: true, approver: "dana.ops", note: "verified" } }),
    interruptedConfig,
  );

  await graph.invoke(caseInput(CASE_8842), threadConfig(threads.hostile));
  return threads;
}
