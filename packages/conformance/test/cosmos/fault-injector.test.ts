import { createCosmosFaultInjector } from "../../src/cosmos/index.js";
import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const faults = createCosmosFaultInjector();
/** Few, fast throttle retries so exhausting them is quick. */
const MAX_THROTTLE_RETRIES = 2;
const cosmos = useCosmosServer({
  plugins: [faults.plugin],
  connectionPolicy: {
    retryOptions: {
      maxRetryAttemptCount: MAX_THROTTLE_RETRIES,
      fixedRetryIntervalInMilliseconds: 0,
      maxWaitTimeInSeconds: 5,
    },
  },
});

afterEach(() => {
  faults.clear();
  faults.reset();
});

describe("Cosmos fault injection", () => {
  it("counts every HTTP request: a point create is exactly one", async () => {
    const container = await newContainer(cosmos().database);
    faults.reset();
    await container.items.create({ id: "x", pk: "a" });
    expect(faults.requestCount).toBe(1);
    expect(faults.requests[0]).toMatchObject({ operationType: "create", resourceType: "docs" });

    faults.reset();
    await container.items.batch(
      [{ operationType: "Upsert", resourceBody: { id: "y", pk: "a" } }],
      "a",
    );
    expect(faults.countRequests({ operationType: "batch" })).toBe(1);
    expect(faults.requestCount).toBe(1);
  });

  it("lets the SDK retry a single 429 transparently, honouring x-ms-retry-after-ms", async () => {
    const container = await newContainer(cosmos().database);
    faults.reset();
    faults.inject429(1, 5, { operationType: "create" });

    const { statusCode, headers } = await container.items.create({ id: "x", pk: "a" });

    expect(statusCode).toBe(201);
    expect(faults.requests.map((request) => request.injectedStatus)).toEqual([429, undefined]);
    expect(headers["x-ms-throttle-retry-count"]).toBe(1);
  });

  it("surfaces a 429 with its retry-after once the SDK's throttle retries are spent", async () => {
    const container = await newContainer(cosmos().database);
    faults.reset();
    faults.inject429(MAX_THROTTLE_RETRIES + 1, 7);

    await expect(container.items.create({ id: "x", pk: "a" })).rejects.toMatchObject({
      code: 429,
      retryAfterInMs: 7,
    });
    expect(faults.requestCount).toBe(MAX_THROTTLE_RETRIES + 1);
    const { resource } = await container.item("x", "a").read();
    expect(resource).toBeUndefined();
  });

  it("surfaces a 503 without retrying (one region), and nothing is written", async () => {
    const container = await newContainer(cosmos().database);
    faults.reset();
    faults.inject503(10, { operationType: "batch" });

    await expect(
      container.items.batch([{ operationType: "Create", resourceBody: { id: "x", pk: "a" } }], "a"),
    ).rejects.toMatchObject({ cause: { code: 503 } });
    expect(faults.requestCount).toBe(1);

    faults.clear();
    const { resource } = await container.item("x", "a").read();
    expect(resource).toBeUndefined();
  });

  it("counts a query's plan request apart from its page requests", async () => {
    const container = await newContainer(cosmos().database);
    faults.reset();
    await container.items.query("SELECT * FROM c", { partitionKey: "a" }).fetchAll();
    // The SDK asks the gateway for a query plan beside the first page of every query.
    expect(faults.countRequests({ isQueryPlan: true })).toBe(1);
    expect(faults.countRequests({ operationType: "query", isQueryPlan: false })).toBe(1);
  });

  it("only faults the requests its filter names", async () => {
    const container = await newContainer(cosmos().database);
    faults.inject503(1, { operationType: "query" });
    const { statusCode } = await container.items.create({ id: "x", pk: "a" });
    expect(statusCode).toBe(201);
    faults.clear();
  });
});
