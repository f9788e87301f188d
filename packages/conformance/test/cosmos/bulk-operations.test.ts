import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

describe("bulk operations (non-atomic batches)", () => {
  it("applies each operation on its own: a failure leaves the others applied", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "taken", pk: "a" });

    const results = await container.items.executeBulkOperations([
      { operationType: "Create", partitionKey: "a", resourceBody: { id: "one", pk: "a" } },
      { operationType: "Create", partitionKey: "a", resourceBody: { id: "taken", pk: "a" } },
      { operationType: "Upsert", partitionKey: "b", resourceBody: { id: "two", pk: "b" } },
      { operationType: "Delete", id: "missing", partitionKey: "b" },
    ]);

    expect(results.map((result) => result.response?.statusCode ?? result.error?.code)).toEqual([
      201, 409, 201, 404,
    ]);
    const { resources } = await container.items
      .query<string>("SELECT VALUE c.id FROM c ORDER BY c.id")
      .fetchAll();
    expect(resources).toEqual(["one", "taken", "two"]);
  });
});
