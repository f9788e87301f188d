import { InvalidConfigError } from "../src/index.js";
import { parseFieldPath, StoreEmbedder, textsToEmbed } from "../src/internal.js";

describe("textsToEmbed", () => {
  const value = {
    text: "hello",
    meta: { title: "T", pages: 3, draft: false },
    chapters: [{ body: "one" }, { body: "two" }, { other: 1 }],
    tags: ["a", "b", "c"],
  };

  it("follows names, positions (negative from the end) and [*], one text per leaf found", () => {
    expect(textsToEmbed(value, ["text"])).toEqual(["hello"]);
    expect(textsToEmbed(value, ["meta.title", "meta.pages", "meta.draft"])).toEqual([
      "T",
      "3",
      "false",
    ]);
    expect(textsToEmbed(value, ["chapters[*].body"])).toEqual(["one", "two"]);
    expect(textsToEmbed(value, ["tags[0]", "tags[-1]", "tags[9]"])).toEqual(["a", "c"]);
    expect(textsToEmbed(value, ["missing", "text.deeper"])).toEqual([]);
  });

  it('"$" is the whole value as indented JSON; an object leaf is its JSON', () => {
    expect(textsToEmbed({ a: 1 }, ["$"])).toEqual([JSON.stringify({ a: 1 }, null, 2)]);
    expect(textsToEmbed({ o: { b: 2 } }, ["o"])).toEqual([JSON.stringify({ b: 2 }, null, 2)]);
  });

  it("a malformed path is refused with InvalidConfigError", () => {
    for (const path of ["a..b", "a[x]", "[", "a[1"]) {
      expect(() => parseFieldPath(path)).toThrow(InvalidConfigError);
    }
  });
});

describe("StoreEmbedder", () => {
  it("embeds with a function or an Embeddings object and refuses wrong vectors", async () => {
    const byFunction = new StoreEmbedder({
      dims: 2,
      embed: async (texts) => texts.map(() => [1, 0]),
    });
    expect(await byFunction.embedDocuments(["a", "b"])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(byFunction.fields).toEqual(["$"]);
    const byObject = new StoreEmbedder({
      dims: 2,
      embed: {
        embedDocuments: async (texts) => texts.map(() => [0, 1]),
        embedQuery: async () => [1, 1],
      },
      fields: ["text"],
    });
    expect(await byObject.embedQueries(["q"])).toEqual([[1, 1]]);
    const wrongLength = new StoreEmbedder({
      dims: 3,
      embed: async (texts) => texts.map(() => [1]),
    });
    await expect(wrongLength.embedDocuments(["a"])).rejects.toThrow(InvalidConfigError);
    const notFinite = new StoreEmbedder({ dims: 1, embed: async () => [[Number.NaN]] });
    await expect(notFinite.embedDocuments(["a"])).rejects.toThrow(InvalidConfigError);
    expect(() => new StoreEmbedder({ dims: 0, embed: async () => [] })).toThrow(InvalidConfigError);
    expect(() => new StoreEmbedder({ dims: 1, embed: async () => [], fields: ["a[b]"] })).toThrow(
      InvalidConfigError,
    );
  });
});
