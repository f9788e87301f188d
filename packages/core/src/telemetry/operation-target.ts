/** What an operation works on: a `RunnableConfig`, a thread id, or nothing (global). */
export type OperationTarget =
  | { configurable?: { thread_id?: unknown; checkpoint_ns?: unknown } }
  | string
  | undefined;

/** The thread and namespace of a target, read only for a recording span. */
export function describeTarget(target: OperationTarget): {
  threadId: string | undefined;
  checkpointNs: string | undefined;
} {
  if (typeof target === "string") return { threadId: target, checkpointNs: undefined };
  const configurable = target?.configurable;
  const threadId = configurable?.thread_id;
  const checkpointNs = configurable?.checkpoint_ns;
  return {
    threadId:
      typeof threadId === "string" || typeof threadId === "number" ? String(threadId) : undefined,
    checkpointNs: typeof checkpointNs === "string" ? checkpointNs : undefined,
  };
}
