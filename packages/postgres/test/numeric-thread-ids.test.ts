import { collect, putChain, threadConfig } from "./support/fixtures.js";
import { createSchemaSaver } from "./support/test-database.js";

it("a finite number is a thread id (42 is thread '42') for deleteThread, copyThread and prune", async () => {
  const context = await createSchemaSaver();
  try {
    const { saver } = context;
    await putChain(saver, "42", 3);
    await saver.copyThread(42 as unknown as string, 43 as unknown as string);
    expect(await collect(saver.list(threadConfig("43")))).toHaveLength(3);
    const pruned = await saver.prune({ threadId: 43 as unknown as string, keepLatest: 1 });
    expect(pruned.deletedCheckpoints).toBe(2);
    await saver.deleteThread(42 as unknown as string);
    expect(await saver.getTuple(threadConfig("42"))).toBeUndefined();
    expect(await saver.getTuple(threadConfig("43"))).toBeDefined();
  } finally {
    await context.dispose();
  }
});
