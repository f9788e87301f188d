import { evaluateTargets, TARGET_FIGURES } from "../src/report/target-figures.js";
import { resultRow } from "./support/result-row-fixture.js";

const graph = (subjectId: string, opsPerSecond: number) =>
  resultRow({
    scenarioId: "d",
    variant: "200 threads, concurrency 1",
    operation: "thread end to end",
    subjectId,
    opsPerSecond,
  });

describe("evaluateTargets", () => {
  it("divides the tiered saver's graph throughput by RedisSaver's, ignoring other concurrency levels", () => {
    const rows = [
      graph("checkpointkit-redis", 100),
      graph("checkpointkit-tiered", 95),
      resultRow({
        scenarioId: "d",
        variant: "200 threads, concurrency 32",
        operation: "thread end to end",
        subjectId: "checkpointkit-tiered",
        opsPerSecond: 10,
      }),
    ];
    const [tieredGraph] = evaluateTargets(rows);
    expect(tieredGraph).toMatchObject({ measured: 0.95, met: true });
  });

  it("fails a lower-is-better figure above its target and says so", () => {
    const rows = [
      resultRow({
        variant: "5 KB (20 messages)",
        operation: "step (all three)",
        subjectId: "checkpointkit-redis",
        p50Ms: 1.3,
      }),
      resultRow({
        variant: "5 KB (20 messages)",
        operation: "step (all three)",
        subjectId: "raw-redis",
        subjectKind: "floor",
        p50Ms: 1,
      }),
    ];
    const redisFloor = evaluateTargets(rows).find((result) =>
      result.figure.startsWith("RedisSaver step"),
    );
    expect(redisFloor?.measured).toBeCloseTo(1.3);
    expect(redisFloor?.met).toBe(false);
  });

  it("counts a full Cosmos listing's requests per default page of 100", () => {
    const rows = [
      resultRow({
        scenarioId: "b",
        variant: "1000 checkpoints",
        operation: "all pages (1000)",
        subjectId: "checkpointkit-cosmos",
        roundTripsPerOp: 31,
      }),
    ];
    const perPage = evaluateTargets(rows).find((result) =>
      result.figure.includes("requests per page"),
    );
    expect(perPage).toMatchObject({ measured: 3.1, met: false });
  });

  it("marks a figure the run did not measure as not measured instead of met", () => {
    const results = evaluateTargets([]);
    expect(results).toHaveLength(TARGET_FIGURES.length);
    for (const result of results) expect(result).toMatchObject({ measured: null, met: null });
  });
});

describe("run safety targets", () => {
  const safety = (subjectId: string, variant: "a" | "b" | "c", roundTripsPerOp: number) =>
    resultRow({
      scenarioId: "safety",
      variant: "5 KB (20 messages)",
      operation: `(${variant}) …`,
      subjectId,
      roundTripsPerOp,
    });
  const find = (rows: ReturnType<typeof safety>[], prefix: string) =>
    evaluateTargets(rows).find((result) => result.figure.startsWith(prefix));

  it("takes the worst saver's round trips added by a held lease, against zero", () => {
    const rows = [
      safety("redis", "a", 3),
      safety("redis", "b", 3),
      safety("cosmos", "a", 4),
      safety("cosmos", "b", 5),
    ];
    expect(find(rows, "thread lease")).toMatchObject({ measured: 1, target: 0, met: false });
    expect(find(rows.slice(0, 2), "thread lease")).toMatchObject({ measured: 0, met: true });
  });

  it("is not measured when the section did not run", () => {
    expect(find([], "concurrency")).toMatchObject({ measured: null, met: null });
    expect(TARGET_FIGURES.length).toBeGreaterThan(2);
  });
});
