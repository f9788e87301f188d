import type { OperationInput } from "@azure/cosmos";
import { newContainer, sendRawRequest, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

describe("transactional batch", () => {
  it("applies every operation and reports each one's status, etag and body", async () => {
    const container = await newContainer(cosmos().database);
    const { resource: existing } = await container.items.create({ id: "old", pk: "a", n: 1 });
    await container.items.create({ id: "doomed", pk: "a" });

    const operations: OperationInput[] = [
      { operationType: "Create", resourceBody: { id: "new", pk: "a", n: 0 } },
      { operationType: "Upsert", resourceBody: { id: "up", pk: "a" } },
      { operationType: "Read", id: "old" },
      {
        operationType: "Replace",
        id: "old",
        resourceBody: { id: "old", pk: "a", n: 2 },
        ifMatch: existing!._etag,
      },
      { operationType: "Delete", id: "doomed" },
      {
        operationType: "Patch",
        id: "new",
        resourceBody: { operations: [{ op: "incr", path: "/n", value: 5 }] },
      },
    ];
    const response = await container.items.batch(operations, "a");

    expect(response.code).toBe(200);
    expect(response.result!.map((result) => result.statusCode)).toEqual([
      201, 201, 200, 200, 204, 200,
    ]);
    expect(response.result![2]!.resourceBody).toMatchObject({ id: "old", n: 1 });
    expect(response.result![0]!.eTag).toEqual(expect.any(String));
    expect(response.result![5]!.resourceBody).toMatchObject({ id: "new", n: 5 });
    const { resources } = await container.items
      .query("SELECT c.id, c.n FROM c ORDER BY c.id", { partitionKey: "a" })
      .fetchAll();
    expect(resources).toEqual([{ id: "new", n: 5 }, { id: "old", n: 2 }, { id: "up" }]);
  });

  it("applies nothing when one operation fails: 207, the failure's status, 424 for the rest", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "taken", pk: "a", version: 1 });

    const response = await container.items.batch(
      [
        { operationType: "Create", resourceBody: { id: "first", pk: "a" } },
        { operationType: "Upsert", resourceBody: { id: "taken", pk: "a", version: 2 } },
        { operationType: "Create", resourceBody: { id: "taken", pk: "a" } },
        { operationType: "Create", resourceBody: { id: "last", pk: "a" } },
      ],
      "a",
    );

    expect(response.code).toBe(207);
    expect(response.result!.map((result) => result.statusCode)).toEqual([424, 424, 409, 424]);
    const { resources } = await container.items
      .query("SELECT c.id, c.version FROM c", { partitionKey: "a" })
      .fetchAll();
    expect(resources).toEqual([{ id: "taken", version: 1 }]);
  });

  it("fails the batch with 412 when an ifMatch etag is stale", async () => {
    const container = await newContainer(cosmos().database);
    const { resource: first } = await container.items.create({ id: "x", pk: "a", v: 1 });
    await container.item("x", "a").replace({ id: "x", pk: "a", v: 2 });

    const response = await container.items.batch(
      [
        { operationType: "Create", resourceBody: { id: "y", pk: "a" } },
        {
          operationType: "Replace",
          id: "x",
          resourceBody: { id: "x", pk: "a", v: 3 },
          ifMatch: first!._etag,
        },
      ],
      "a",
    );

    expect(response.result!.map((result) => result.statusCode)).toEqual([424, 412]);
    const { resource } = await container.item("y", "a").read();
    expect(resource).toBeUndefined();
  });

  it("patches inside a batch: set, add, replace, remove, incr", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "p", pk: "a", keep: 1, gone: true, list: [1, 3], n: 1 });

    const response = await container.items.batch(
      [
        {
          operationType: "Patch",
          id: "p",
          resourceBody: {
            operations: [
              { op: "set", path: "/title", value: "T" },
              { op: "add", path: "/list/1", value: 2 },
              { op: "replace", path: "/keep", value: 10 },
              { op: "remove", path: "/gone" },
              { op: "incr", path: "/n", value: 2 },
            ],
          },
        },
      ],
      "a",
    );

    expect(response.result![0]!.statusCode).toBe(200);
    const { resource } = await container.item("p", "a").read();
    expect(resource).toMatchObject({ title: "T", list: [1, 2, 3], keep: 10, n: 3 });
    expect(resource).not.toHaveProperty("gone");
  });

  it("fails a conditional patch whose condition is false with 412, in a batch and alone", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "p", pk: "a", owner: "Alice", n: 0 });
    const patchIfOwnedBy = (owner: string) => ({
      operations: [{ op: "incr" as const, path: "/n", value: 1 }],
      condition: `FROM c WHERE c.owner = '${owner}'`,
    });

    const refused = await container.items.batch(
      [{ operationType: "Patch", id: "p", resourceBody: patchIfOwnedBy("Bob") }],
      "a",
    );
    expect(refused.code).toBe(207);
    expect(refused.result![0]!.statusCode).toBe(412);
    await expect(container.item("p", "a").patch(patchIfOwnedBy("Bob"))).rejects.toMatchObject({
      code: 412,
    });

    const accepted = await container.items.batch(
      [{ operationType: "Patch", id: "p", resourceBody: patchIfOwnedBy("Alice") }],
      "a",
    );
    expect(accepted.result![0]!.statusCode).toBe(200);
    const { resource } = await container.item("p", "a").patch(patchIfOwnedBy("Alice"));
    expect(resource).toMatchObject({ n: 2 });
  });

  it("refuses operations on another partition than the batch's with 400", async () => {
    const container = await newContainer(cosmos().database);
    await expect(
      container.items.batch(
        [{ operationType: "Create", partitionKey: "b", resourceBody: { id: "x", pk: "b" } }],
        "a",
      ),
    ).rejects.toMatchObject({ cause: { code: 400 } });
  });
});

describe("transactional batch size rules", () => {
  const createOperations = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      operationType: "Create" as const,
      resourceBody: { id: `item-${index}`, pk: "a" },
    }));

  it("runs 100 operations, the most one batch may carry", async () => {
    const container = await newContainer(cosmos().database);
    const response = await container.items.batch(createOperations(100), "a");
    expect(response.code).toBe(200);
    expect(response.result).toHaveLength(100);
  });

  it("refuses 101 operations with 400 and applies none (the SDK refuses them before sending)", async () => {
    const container = await newContainer(cosmos().database);
    await expect(container.items.batch(createOperations(101), "a")).rejects.toThrow(/100/);

    const raw = await sendRawRequest(cosmos().server, {
      method: "POST",
      path: `/dbs/conformance/colls/${container.id}/docs`,
      headers: {
        "x-ms-cosmos-is-batch-request": "True",
        "x-ms-cosmos-batch-atomic": "True",
        "x-ms-documentdb-partitionkey": '["a"]',
      },
      body: createOperations(101),
    });
    expect(raw.status).toBe(400);
    const { resources } = await container.items.query("SELECT VALUE COUNT(1) FROM c").fetchAll();
    expect(resources).toEqual([0]);
  });
});
