import { describeLatestHistory } from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import { PostgresSaver } from "@checkpointkit/postgres";
import type { Redis } from "ioredis";
import pg from "pg";
import { TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";
import { latestPostgresColdTier } from "./support/latest-cold-tier.js";
import { describeLatestHistoryFlushChecks } from "./support/latest-history-checks.js";
import { newRedisClient, postgresColdTier, type TestColdTier } from "./support/test-tiers.js";
import { tieredHarness } from "./support/tiered-harness.js";

let redis: Redis | undefined;
const sharedRedis = () => {
  redis ??= newRedisClient();
  return redis;
};
afterAll(async () => {
  await redis?.quit();
});

/** A tiered saver in latest mode over a cold tier whose saver keeps `history`. */
function constructOver(history: unknown, coldHistory: "full" | "latest" = "latest"): TieredSaver {
  const saver = new PostgresSaver({ pool: new pg.Pool(), history: coldHistory });
  return new TieredSaver({
    redis: sharedRedis(),
    cold: new PostgresColdTier({ saver }),
    history: history as "full",
    flusher: false,
  });
}

describeLatestHistory(
  tieredHarness(
    "TieredSaver (Redis → PostgreSQL)",
    sharedRedis,
    latestPostgresColdTier,
    async () => {},
    "tiers",
    {
      history: "latest",
    },
  ),
  {
    constructWithHistory: (history) => constructOver(history),
  },
);

describe('TieredSaver history "latest"', () => {
  const tiers: TestColdTier[] = [];
  afterAll(async () => {
    for (const tier of tiers) await tier.drop();
  });

  it("refuses a cold tier whose saver keeps another history, with InvalidConfigError", async () => {
    for (const [history, coldHistory] of [
      ["latest", "full"],
      ["full", "latest"],
      [undefined, "latest"],
    ] as const) {
      let error: unknown;
      try {
        constructOver(history, coldHistory);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as InvalidConfigError).field).toBe("history");
    }
    // A full-history cold tier (a saver left at its default) stays refused in latest mode.
    const full = await postgresColdTier();
    tiers.push(full);
    expect(
      () => new TieredSaver({ redis: sharedRedis(), cold: full.cold, history: "latest" }),
    ).toThrow(InvalidConfigError);
  });
});

describeLatestHistoryFlushChecks("PostgreSQL", sharedRedis, latestPostgresColdTier);
