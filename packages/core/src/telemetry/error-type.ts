/**
 * The `error.type` of a failed operation: the error's class name (`BackendUnavailableError`,
 * `CheckpointConflictError`, ...), never its message, which may quote a value or a host.
 * A name that does not look like a class name is reported as `_OTHER`, as the semantic
 * conventions do for unknown types.
 */
export function errorTypeOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,99}$/.test(name) ? name : "_OTHER";
}
