import type { Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { INTERRUPT, TASKS } from "@langchain/langgraph-checkpoint";

/** Decides, per checkpoint, whether `put` writes it through to the cold tier before resolving. */
export type DurableWhen = (checkpoint: Checkpoint, metadata: CheckpointMetadata) => boolean;

/** Channels LangGraph uses to schedule the next step: while one holds a value, the run goes on. */
function schedulesMoreWork(channel: string, value: unknown): boolean {
  if (channel === TASKS) return Array.isArray(value) && value.length > 0;
  // A fan-in (`addEdge([a, b], c)`): the barrier holds the names seen so far; any name seen
  // means its target runs next (all seen) or is still waited for (the others still running).
  if (channel.startsWith("join:")) return holdsAny(value);
  return channel === "__start__" || channel.startsWith("branch:to:");
}

function holdsAny(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Set) return value.size > 0;
  return false;
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
