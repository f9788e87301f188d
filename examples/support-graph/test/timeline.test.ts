import { MemorySaver } from "@langchain/langgraph";
import { compileSupportGraph } from "../src/graph.js";
import { caseInput, threadConfig } from "../src/scenarios/support-run.js";
import { createSupportServices } from "../src/services/support-services.js";
import { CASE_8842 } from "../src/support-cases.js";
import { buildTimeline, formatTimeline } from "../src/timeline.js";

describe("timeline", () => {
  it("shows tier and flush lag when the saver describes checkpoint locations", async () => {
    const graph = compileSupportGraph({
      checkpointer: new MemorySaver(),
      services: createSupportServices(),
    });
    const config = threadConfig("timeline-locations");
    await graph.invoke(caseInput(CASE_8842), config);
    const asked: string[] = [];
    const timeline = await buildTimeline(graph, config, {
      async describeCheckpointLocation(checkpointConfig) {
        const checkpointId = String(checkpointConfig.configurable?.checkpoint_id);
        asked.push(checkpointId);
        return { tiers: ["redis", "postgres"], flushLagMs: 12 };
      },
    });
    expect(asked).toEqual(timeline.map((entry) => entry.checkpointId));
    const lines = formatTimeline(timeline);
    expect(lines[0]).toMatch(/step\s+source\s+node\(s\)\s+checkpoint id\s+tier/);
    expect(lines.find((line) => line.includes("billing ∥ account"))).toContain(
      "redis+postgres (flush lag 12 ms)",
    );
  });

  it("leaves the tier column out when the saver cannot tell", async () => {
    const graph = compileSupportGraph({
      checkpointer: new MemorySaver(),
      services: createSupportServices(),
    });
    const config = threadConfig("timeline-plain");
    await graph.invoke(caseInput(CASE_8842), config);
    const timeline = await buildTimeline(graph, config);
    expect(timeline.every((entry) => entry.location === undefined)).toBe(true);
    expect(formatTimeline(timeline)[0]).not.toContain("tier");
    expect(timeline.map((entry) => entry.step)).toEqual([-1, 0, 1, 2, 3]);
  });
});
