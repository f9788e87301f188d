/**
 * `taskPath` as LangGraph serializes it for a node scheduled by its triggers (a "pull"
 * task): `~__pregel_pull, <node name>`. The node name is what the audit view reports as
 * the writer. Tasks started by `Send` or the functional API ("push" tasks) carry an index
 * path instead, so their node is unknown here and stored as NULL.
 */
const PULL_TASK_PREFIX = "~__pregel_pull, ";

export function nodeNameFromTaskPath(taskPath: string): string | null {
  return taskPath.startsWith(PULL_TASK_PREFIX) ? taskPath.slice(PULL_TASK_PREFIX.length) : null;
}
