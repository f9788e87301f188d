import { BackendUnavailableError } from "@checkpointkit/core";
import { inColdTransaction } from "../src/cold-write/cold-transaction.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/** Raises, on the real server, the error PostgreSQL sends the victim of a deadlock. */
const RAISE_DEADLOCK = {
  text: "DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$",
};

/**
 * A cold transaction PostgreSQL rolled back for a deadlock (the flusher and a write-through
 * writing one thread's rows in latest mode) runs again: cold writes are idempotent, and a
 * durable put must not fail for it. Other failures are not retried.
 */
describe("inColdTransaction retries a transaction rolled back for a deadlock", () => {
  let context: SchemaSaver;

  beforeAll(async () => {
    context = await createSchemaSaver();
  });

  afterAll(async () => {
    await context.dispose();
  });

  it("runs the work again after a deadlock and returns its result", async () => {
    let attempts = 0;
    const result = await inColdTransaction(context.saver, "test write", async (query) => {
      attempts += 1;
      if (attempts === 1) await query(RAISE_DEADLOCK);
      return "stored";
    });
    expect(result).toBe("stored");
    expect(attempts).toBe(2);
  });

  it("gives up after three deadlocks with the typed error", async () => {
    let attempts = 0;
    const failure = await inColdTransaction(context.saver, "test write", async (query) => {
      attempts += 1;
      await query(RAISE_DEADLOCK);
    }).catch((error: unknown) => error);
    expect(BackendUnavailableError.isInstance(failure)).toBe(true);
    expect(attempts).toBe(3);
  });

  it("does not retry other errors", async () => {
    let attempts = 0;
    await expect(
      inColdTransaction(context.saver, "test write", async (query) => {
        attempts += 1;
        await query({ text: "SELECT 1/0" });
      }),
    ).rejects.toThrow();
    expect(attempts).toBe(1);
  });
});
