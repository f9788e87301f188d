import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { INTERRUPT, TASKS } from "@langchain/langgraph-checkpoint";

/** Decides, per checkpoint, whether `put` writes it through to the cold tier before resolving. */
export type DurableWhen = (checkpoint: Checkpoint, metadata: CheckpointMetadata) => boolean;

/** Channels LangGraph uses to schedule the next step: while one holds a value, the run goes on. */
function schedulesMoreWork(channel: string, value: unknown): boolean {
  if (channel === TASKS) return Array.isArray(value) && value.length > 0;
  return channel === "__start__" || channel.startsWith("branch:to:");
}

/**
 * The default rule: the graph's final checkpoint — a checkpoint of the run loop in which no
 * channel schedules another step — is written through, so a finished run is durable when
 * `invoke` returns. Interrupts are handled on the writes side (see `isInterruptWrite`).
 */
export const defaultDurableWhen: DurableWhen = (checkpoint, metadata) => {
  if (metadata?.source !== "loop") return false;
  return !Object.entries(checkpoint.channel_values ?? {}).some(([channel, value]) =>
    schedulesMoreWork(channel, value),
  );
};

/** Writes that record an interrupt (`interrupt()` in a node) are milestones too. */
export function isInterruptWrite(channel: string): boolean {
  return channel === INTERRUPT;
}
