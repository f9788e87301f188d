import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import { describeStore } from "../src/store/index.js";
import type { StoreCreateOptions } from "../src/store/store-harness.js";

/**
 * LangGraph's in-memory store as the reference: the suite's expectations must hold for it
 * wherever it implements what the spec checks, so the suite encodes LangGraph's semantics
 * and not one backend's.
 */
describeStore(
  {
    name: "InMemoryStore (LangGraph reference)",
    async create(options?: StoreCreateOptions) {
      const index = options?.index;
      if (index === undefined) return new InMemoryStore();
      return new InMemoryStore({
        index: {
          dims: index.dims,
          ...(index.fields === undefined ? {} : { fields: index.fields }),
          // An Embeddings-shaped object over the suite's function: InMemoryStore calls only these two.
          embeddings: {
            embedDocuments: (texts: string[]) => index.embed(texts),
            embedQuery: async (text: string) => (await index.embed([text]))[0] ?? [],
          } as never,
        },
      });
    },
  },
  {
    // What InMemoryStore does not do; each flag's doc in StoreCapabilities says why.
    ttl: false,
    typedErrors: false,
    searchNewestFirst: false,
    existsOperator: false,
  },
);
