import { compileSupportGraph } from "../src/graph.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_8842 } from "../src/support-cases.js";
import { buildTimeline } from "../src/timeline.js";
import {
  SAVER_FACTORIES_UNDER_TEST,
  uniqueThreadId,
  useSaverEnvironment,
} from "./support/saver-factories.js";

const TIERED = SAVER_FACTORIES_UNDER_TEST.filter(([name]) => name.startsWith("tiered"));

describe.each(TIERED)("checkpoint locations on %s", (name, factory) => {
  const environment = useSaverEnvironment(factory);
  const coldBackend = name.includes("cosmos") ? "cosmos" : "postgres";

  it("shows every checkpoint in Redis and, once flushed, in the cold tier", async () => {
    const opened = await environment().open();
    try {
      const graph = compileSupportGraph({
        checkpointer: opened.checkpointer,
        services: createSupportServices(),
      });
      const threadId = uniqueThreadId("locations");
      await graph.invoke(caseInput(CASE_8842), threadConfig(threadId));
      // The audit trail flushes the thread first, so afterwards the cold tier has it all.
      expect((await environment().readAuditTrail(threadId)).length).toBeGreaterThan(0);

      const timeline = await buildTimeline(graph, threadConfig(threadId), environment());
      expect(timeline.map((entry) => entry.step)).toEqual([-1, 0, 1, 2, 3]);
      for (const entry of timeline) {
        expect(entry.location?.tiers).toEqual(["redis", coldBackend]);
        if (coldBackend === "postgres") {
          expect(entry.location?.flushLagMs).toBeGreaterThanOrEqual(0);
        } else {
          // Cosmos DB dates items to the second only: no lag is claimed.
          expect(entry.location?.flushLagMs).toBeUndefined();
        }
      }
    } finally {
      await opened.close();
    }
  });

  it("says a checkpoint that was never written is nowhere", async () => {
    const location = await environment().describeCheckpointLocation?.({
      configurable: {
        thread_id: uniqueThreadId("nowhere"),
        checkpoint_id: "1f000000-0000-6000-8000-000000000000",
      },
    });
    expect(location).toEqual({ tiers: [] });
  });
});
