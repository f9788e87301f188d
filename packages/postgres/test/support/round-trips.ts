import type { SchemaSaver } from "./test-database.js";

/** Statements sent to the server while `action` runs: its round trips. */
export async function roundTripsOf(
  context: SchemaSaver,
  action: () => Promise<unknown>,
): Promise<number> {
  const before = context.queryCount();
  await action();
  return context.queryCount() - before;
}
