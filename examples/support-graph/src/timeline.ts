import type { RunnableConfig } from "@langchain/core/runnables";
import type { StateSnapshot } from "@langchain/langgraph";
import type { CheckpointLocation, SaverEnvironment } from "./savers/saver-factory.js";

/** One checkpoint of a thread, as the demo prints it. */
export interface TimelineEntry {
  /** LangGraph's superstep: -1 is the input, 0 the first loop checkpoint. */
  step: number;
  /** `input`, `loop`, `update` (updateState) or `fork`. */
  source: string;
  /** The nodes whose writes produced this checkpoint. */
  nodes: string[];
  checkpointId: string;
  parentCheckpointId?: string;
  /** ISO time the checkpoint was created. */
  createdAt?: string;
  /** Nodes that run next from here (empty when the run finished). */
  next: string[];
  /** Nodes paused in `interrupt()` at this checkpoint. */
  interruptedNodes: string[];
  /** Present when the saver can tell (`describeCheckpointLocation`). */
  location?: CheckpointLocation;
}

/** Anything with LangGraph's `getStateHistory` (every compiled graph). */
export interface HistorySource {
  getStateHistory(config: RunnableConfig): AsyncIterableIterator<StateSnapshot>;
}

function checkpointIdOf(config: RunnableConfig | undefined): string | undefined {
  const id = config?.configurable?.checkpoint_id;
  return typeof id === "string" ? id : undefined;
}

/** Nodes that produced `snapshot`: what its parent said would run next. */
function producingNodes(snapshot: StateSnapshot, parent: StateSnapshot | undefined): string[] {
  const source = snapshot.metadata?.source ?? "loop";
  if (source === "input") return ["(input)"];
  if (source === "update") return ["(updateState)"];
  if (source === "fork") return ["(replay fork)"];
  if (parent === undefined) return [];
  return parent.next.map((node) => (node === "__start__" ? "(start)" : node));
}

/**
 * The thread's checkpoints, oldest first (forks included: checkpoint ids sort by time).
 * `location` is filled in when the environment implements `describeCheckpointLocation`.
 */
export async function buildTimeline(
  graph: HistorySource,
  threadConfig: RunnableConfig,
  environment?: Pick<SaverEnvironment, "describeCheckpointLocation">,
): Promise<TimelineEntry[]> {
  const snapshots: StateSnapshot[] = [];
  for await (const snapshot of graph.getStateHistory(threadConfig)) snapshots.push(snapshot);
  const byId = new Map<string, StateSnapshot>();
  for (const snapshot of snapshots) {
    const id = checkpointIdOf(snapshot.config);
    if (id !== undefined) byId.set(id, snapshot);
  }
  const entries: TimelineEntry[] = [];
  for (const snapshot of [...snapshots].reverse()) {
    const checkpointId = checkpointIdOf(snapshot.config) ?? "";
    const parentCheckpointId = checkpointIdOf(snapshot.parentConfig);
    const parent = parentCheckpointId === undefined ? undefined : byId.get(parentCheckpointId);
    const location = await environment?.describeCheckpointLocation?.(snapshot.config);
    entries.push({
      step: snapshot.metadata?.step ?? 0,
      source: snapshot.metadata?.source ?? "loop",
      nodes: producingNodes(snapshot, parent),
      checkpointId,
      ...(parentCheckpointId === undefined ? {} : { parentCheckpointId }),
      ...(snapshot.createdAt === undefined ? {} : { createdAt: snapshot.createdAt }),
      next: [...snapshot.next],
      interruptedNodes: snapshot.tasks
        .filter((task) => task.interrupts.length > 0)
        .map((task) => task.name),
      ...(location === undefined ? {} : { location }),
    });
  }
  return entries;
}

/** The first superstep in which all of `nodes` ran together, if any. */
export function findSharedSuperstep(
  timeline: readonly TimelineEntry[],
  nodes: readonly string[],
): TimelineEntry | undefined {
  return timeline.find((entry) => nodes.every((node) => entry.nodes.includes(node)));
}

function describeLocation(location: CheckpointLocation | undefined): string {
  if (location === undefined) return "-";
  const lag = location.flushLagMs === undefined ? "" : ` (flush lag ${location.flushLagMs} ms)`;
  return `${location.tiers.join("+")}${lag}`;
}

/** Readable table: one line per checkpoint, plus a line for each pause. */
export function formatTimeline(entries: readonly TimelineEntry[]): string[] {
  const hasLocations = entries.some((entry) => entry.location !== undefined);
  const header = ["step", "source", "node(s)", "checkpoint id", ...(hasLocations ? ["tier"] : [])];
  const rows = entries.map((entry) => [
    String(entry.step),
    entry.source,
    entry.nodes.join(" ∥ ") || "-",
    entry.checkpointId,
    ...(hasLocations ? [describeLocation(entry.location)] : []),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const pad = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [pad(header)];
  entries.forEach((entry, index) => {
    const previous = entries[index - 1];
    if (
      previous !== undefined &&
      entry.parentCheckpointId !== undefined &&
      entry.parentCheckpointId !== previous.checkpointId
    ) {
      lines.push(`      ↳  new branch from ${entry.parentCheckpointId}`);
    }
    lines.push(pad(rows[index] ?? []));
    if (entry.interruptedNodes.length > 0) {
      lines.push(`      ⏸  ${entry.interruptedNodes.join(", ")} paused here in interrupt()`);
    }
  });
  return lines;
}
