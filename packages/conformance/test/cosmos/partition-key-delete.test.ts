import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

async function idsIn(container: Awaited<ReturnType<typeof newContainer>>): Promise<string[]> {
  const { resources } = await container.items
    .query<string>("SELECT VALUE c.id FROM c ORDER BY c.id")
    .fetchAll();
  return resources;
}

describe("delete all items for a partition key", () => {
  it("removes every item of that partition and leaves the other partitions", async () => {
    const container = await newContainer(cosmos().database);
    for (const [id, pk] of [
      ["a1", "a"],
      ["a2", "a"],
      ["b1", "b"],
      ["ab", "a/b"],
    ]) {
      await container.items.create({ id, pk });
    }

    await container.deleteAllItemsForPartitionKey("a");

    expect(await idsIn(container)).toEqual(["ab", "b1"]);
    const { resource } = await container.item("a1", "a").read();
    expect(resource).toBeUndefined();
  });

  it("removes every partition under a hierarchical key prefix, and only those", async () => {
    const container = await newContainer(cosmos().database, {
      partitionKey: { paths: ["/tenant", "/thread"], version: 2, kind: "MultiHash" as never },
    });
    await container.items.create({ id: "x", tenant: "t1", thread: "one" });
    await container.items.create({ id: "x", tenant: "t1", thread: "two" });
    await container.items.create({ id: "x", tenant: "t2", thread: "one" });

    await container.deleteAllItemsForPartitionKey(["t1", "one"]);
    const { resources: afterFullKey } = await container.items
      .query("SELECT c.tenant, c.thread FROM c ORDER BY c.tenant")
      .fetchAll();
    expect(afterFullKey).toEqual([
      { tenant: "t1", thread: "two" },
      { tenant: "t2", thread: "one" },
    ]);

    await container.deleteAllItemsForPartitionKey(["t1"]);
    const { resources: afterPrefix } = await container.items
      .query("SELECT c.tenant, c.thread FROM c")
      .fetchAll();
    expect(afterPrefix).toEqual([{ tenant: "t2", thread: "one" }]);
  });
});
