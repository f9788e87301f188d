import { InvalidConfigError } from "@checkpointkit/core";

/** The error `operation` rejects (or throws) with; fails the spec when it succeeds. */
export async function errorOf(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to be refused, but it succeeded");
}

/** What the spec compares, so a failure shows the class, field and message actually seen. */
function seen(error: unknown): Record<string, unknown> {
  const described = error as { name?: unknown; message?: unknown; field?: unknown } | null;
  return {
    // `isInstance`, not `instanceof`: the saver may load its own copy of @checkpointkit/core.
    isInvalidConfigError: InvalidConfigError.isInstance(error),
    name: described?.name,
    field: described?.field,
    message: described?.message,
  };
}

/** Asserts `error` is an `InvalidConfigError` whose `field` matches `field`. */
export function expectInvalidConfigNaming(error: unknown, field: RegExp): void {
  expect(seen(error)).toEqual(
    expect.objectContaining({ isInvalidConfigError: true, field: expect.stringMatching(field) }),
  );
}

/** `operation` must be refused with an `InvalidConfigError` naming `field`. */
export async function expectRefused(operation: () => Promise<unknown>, field: RegExp) {
  expectInvalidConfigNaming(await errorOf(operation), field);
}
