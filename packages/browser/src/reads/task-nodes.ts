import { type CheckpointTuple, uuid5 } from "@langchain/langgraph-checkpoint";

/** LangGraph's task kinds in a task id's name (its `PULL` and `PUSH` constants). */
const PULL = "__pregel_pull";
const PUSH = "__pregel_push";
/** Channel of the `Send` packets a PUSH task's index points into. */
const TASKS_CHANNEL = "__pregel_tasks";
/** LangGraph's START node: the task that runs from an input checkpoint writes the input. */
const START_NODE = "__start__";
/** Bookkeeping entries of `versions_seen`, not nodes. */
const NOT_NODES = new Set(["__input__", "__interrupt__"]);
/** Stored data is not trusted to be small: beyond this many ids nothing more is tried. */
const MAX_CANDIDATE_IDS = 20_000;

/**
 * Node names the checkpoint knows of: START, the nodes in `versions_seen`, the targets of
 * `branch:to:<node>` channels, every tail after a colon of `join:…` and `branch:…` channels
 * (join channels end in `:<node>`; a node name may itself hold a colon), and the keys of
 * `metadata.writes` of the checkpoint and its parent (older LangGraph versions write them).
 */
function candidateNodes(tuple: CheckpointTuple, parent: CheckpointTuple | undefined): Set<string> {
  const nodes = new Set<string>([START_NODE]);
  for (const node of Object.keys(tuple.checkpoint.versions_seen ?? {})) {
    if (!NOT_NODES.has(node)) nodes.add(node);
  }
  for (const channel of Object.keys(tuple.checkpoint.channel_versions ?? {})) {
    if (!channel.startsWith("branch:") && !channel.startsWith("join:")) continue;
    for (let colon = channel.indexOf(":"); colon !== -1; colon = channel.indexOf(":", colon + 1)) {
      const tail = channel.slice(colon + 1);
      if (tail !== "" && !tail.startsWith("to:")) nodes.add(tail);
    }
  }
  for (const source of [tuple, parent]) {
    const writes = (source?.metadata as { writes?: unknown } | undefined)?.writes;
    if (writes !== null && typeof writes === "object") {
      for (const node of Object.keys(writes)) nodes.add(node);
    }
  }
  return nodes;
}

/**
 * The task ids LangGraph gives the tasks that run from this checkpoint, mapped to their node:
 * a uuid5 in the checkpoint id's namespace over the JSON of [task namespace, step, node, kind,
 * trigger or index], as `prepareSingleTask` builds them. A PULL task is named after the first
 * of its triggers that changed, so every channel of the checkpoint is tried as that trigger.
 */
function candidateTaskIds(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): Map<string, string> {
  const ids = new Map<string, string>();
  const step = (tuple.metadata as { step?: unknown } | undefined)?.step;
  if (typeof step !== "number") return ids;
  const nextStep = String(step + 1);
  const parentNamespace = String(tuple.config.configurable?.checkpoint_ns ?? "");
  const channels = Object.keys(tuple.checkpoint.channel_versions ?? {});
  const sends = tuple.checkpoint.channel_values?.[TASKS_CHANNEL];
  const sendCount = Array.isArray(sends) ? sends.length : 0;
  const add = (node: string, parts: unknown[]) => {
    if (ids.size >= MAX_CANDIDATE_IDS) return;
    const namespace = parentNamespace === "" ? node : `${parentNamespace}|${node}`;
    ids.set(
      uuid5(JSON.stringify([namespace, nextStep, node, ...parts]), tuple.checkpoint.id),
      node,
    );
  };
  for (const node of candidateNodes(tuple, parent)) {
    if (ids.size >= MAX_CANDIDATE_IDS) break;
    for (const trigger of new Set([...channels, `branch:to:${node}`])) add(node, [PULL, [trigger]]);
    add(node, [PULL, node]);
    for (let index = 0; index < sendCount; index += 1) add(node, [PUSH, String(index)]);
  }
  return ids;
}

/**
 * Names the node of each of the checkpoint's pending-write tasks when its id is one LangGraph
 * would have given a task of a node the checkpoint knows; a task id that matches none (a
 * subgraph call, a node the checkpoint never mentions) maps to nothing.
 */
export function taskNodesOf(
  tuple: CheckpointTuple,
  parent: CheckpointTuple | undefined,
): Map<string, string> {
  const taskIds = new Set((tuple.pendingWrites ?? []).map(([taskId]) => taskId));
  const named = new Map<string, string>();
  if (taskIds.size === 0) return named;
  let candidates: Map<string, string>;
  try {
    candidates = candidateTaskIds(tuple, parent);
  } catch {
    // uuid5 refuses a checkpoint id that is not a UUID: such a checkpoint was not LangGraph's.
    return named;
  }
  for (const taskId of taskIds) {
    const node = candidates.get(taskId);
    if (node !== undefined) named.set(taskId, node);
  }
  return named;
}
