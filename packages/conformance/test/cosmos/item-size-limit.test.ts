import { MAX_ITEM_BYTES } from "../../src/cosmos/emulator/item-limits.js";
import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

/** An item whose JSON is `bytes` long, give or take the id. */
const itemOfSize = (id: string, bytes: number) => ({ id, pk: "a", blob: "x".repeat(bytes) });

describe("the 2 MB item limit", () => {
  it("stores an item just under 2 MB", async () => {
    const container = await newContainer(cosmos().database);
    const { statusCode } = await container.items.create(itemOfSize("fits", MAX_ITEM_BYTES - 1024));
    expect(statusCode).toBe(201);
  });

  it("refuses create, upsert and replace of a larger item with 413 and stores nothing", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "existing", pk: "a", small: true });
    const tooLarge = (id: string) => itemOfSize(id, MAX_ITEM_BYTES + 1);

    await expect(container.items.create(tooLarge("big"))).rejects.toMatchObject({ code: 413 });
    await expect(container.items.upsert(tooLarge("existing"))).rejects.toMatchObject({ code: 413 });
    await expect(
      container.item("existing", "a").replace(tooLarge("existing")),
    ).rejects.toMatchObject({ code: 413 });

    const { resource } = await container.item("existing", "a").read();
    expect(resource).toMatchObject({ small: true });
    const { resource: big } = await container.item("big", "a").read();
    expect(big).toBeUndefined();
  });

  it("refuses a patch that grows an item past the limit with 413", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create(itemOfSize("p", MAX_ITEM_BYTES - 1024));
    await expect(
      container.item("p", "a").patch([{ op: "set", path: "/more", value: "y".repeat(4096) }]),
    ).rejects.toMatchObject({ code: 413 });
  });

  it("refuses a batch whose request body is over 2 MB with 413 and applies none of it", async () => {
    const container = await newContainer(cosmos().database);
    const half = MAX_ITEM_BYTES / 2;
    await expect(
      container.items.batch(
        [
          { operationType: "Create", resourceBody: itemOfSize("one", half) },
          { operationType: "Create", resourceBody: itemOfSize("two", half) },
        ],
        "a",
      ),
    ).rejects.toMatchObject({ cause: { code: 413 } });
    const { resources } = await container.items.query("SELECT VALUE COUNT(1) FROM c").fetchAll();
    expect(resources).toEqual([0]);
  });

  it("fails a batch whose patch grows an item past the limit: 207 with 413 for that operation", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create(itemOfSize("p", MAX_ITEM_BYTES - 1024));
    const response = await container.items.batch(
      [
        { operationType: "Create", resourceBody: { id: "side", pk: "a" } },
        {
          operationType: "Patch",
          id: "p",
          resourceBody: [{ op: "set", path: "/more", value: "y".repeat(4096) }],
        },
      ],
      "a",
    );
    expect(response.code).toBe(207);
    expect(response.result!.map((result) => result.statusCode)).toEqual([424, 413]);
  });
});
