import { timeSamples } from "../src/measure/time-samples.js";

describe("timeSamples", () => {
  it("takes every sample asked for while the budget lasts", async () => {
    let calls = 0;
    const count = await timeSamples(7, 60_000, async () => {
      calls += 1;
    });
    expect([count, calls]).toEqual([7, 7]);
  });

  it("stops once the budget is spent, but always takes one sample", async () => {
    let calls = 0;
    const count = await timeSamples(50, 0, async () => {
      calls += 1;
    });
    expect([count, calls]).toEqual([1, 1]);
  });

  it("lets a failing sample's error through", async () => {
    await expect(
      timeSamples(3, 60_000, async () => {
        throw new Error("backend down");
      }),
    ).rejects.toThrow("backend down");
  });
});
