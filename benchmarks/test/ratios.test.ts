import { attachRatios } from "../src/report/ratios.js";
import { resultRow } from "./support/result-row-fixture.js";

const row = resultRow;

describe("attachRatios", () => {
  it("divides by the official saver and by the floor of the row's own backend, same operation only", () => {
    const official = row({
      subjectId: "official-postgres",
      p50Ms: 4,
      roundTripsPerOp: 6,
      floorBackend: "postgres",
    });
    const redisFloor = row({
      subjectId: "raw-redis",
      subjectKind: "floor",
      floorBackend: "redis",
      p50Ms: 0.5,
    });
    const postgresFloor = row({
      subjectId: "raw-postgres",
      subjectKind: "floor",
      floorBackend: "postgres",
      p50Ms: 2,
    });
    const saver = row({
      subjectId: "checkpointkit-redis",
      floorBackend: "redis",
      p50Ms: 1,
      roundTripsPerOp: 1,
    });
    const otherOperation = row({
      subjectId: "official-postgres",
      operation: "getTuple",
      p50Ms: 100,
    });
    attachRatios([official, redisFloor, postgresFloor, saver, otherOperation]);

    expect(saver.vsOfficial?.p50).toBe(0.25);
    expect(saver.vsOfficial?.roundTripsPerOp).toBeCloseTo(1 / 6);
    expect(saver.vsFloor?.p50).toBe(2);
    expect(official.vsOfficial).toBeUndefined();
    expect(official.vsFloor?.p50).toBe(2);
  });

  it("leaves a ratio empty when the reference is missing or zero", () => {
    const memory = row({ subjectId: "langgraph-memory", p50Ms: 0.1 });
    const official = row({ subjectId: "official-postgres", roundTripsPerOp: 0 });
    attachRatios([memory, official]);
    expect(memory.vsFloor).toBeUndefined();
    expect(memory.vsOfficial?.roundTripsPerOp).toBeNull();
  });
});
