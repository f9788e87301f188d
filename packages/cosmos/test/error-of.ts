/** The error `operation` rejects with; fails the test if it resolves instead. */
export async function errorOf(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
