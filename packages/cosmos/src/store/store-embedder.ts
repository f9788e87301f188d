import { InvalidConfigError } from "@checkpointkit/core";
import type { CosmosStoreIndexConfig, EmbeddingsLike } from "./cosmos-store-options.js";
import { parseFieldPath } from "./store-embedding-texts.js";

function isEmbeddingsObject(embed: CosmosStoreIndexConfig["embed"]): embed is EmbeddingsLike {
  return typeof embed === "object" && embed !== null && typeof embed.embedDocuments === "function";
}

/**
 * The store's view of the `index` option: validated once, it embeds documents and queries
 * and refuses vectors of the wrong length or with non-finite numbers before they are stored
 * (a wrong `dims` would otherwise surface as a broken ranking).
 */
export class StoreEmbedder {
  readonly dims: number;
  readonly fields: readonly string[];

  constructor(private readonly config: CosmosStoreIndexConfig) {
    if (!(Number.isInteger(config.dims) && config.dims > 0)) {
      throw new InvalidConfigError("index.dims must be a positive integer", {
        field: "index.dims",
      });
    }
    const embed = config.embed as unknown;
    if (typeof embed !== "function" && !isEmbeddingsObject(config.embed)) {
      throw new InvalidConfigError("index.embed must be a function or an Embeddings object", {
        field: "index.embed",
      });
    }
    this.dims = config.dims;
    this.fields = config.fields ?? ["$"];
    for (const field of this.fields) if (field !== "$") parseFieldPath(field);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { embed } = this.config;
    const vectors = isEmbeddingsObject(embed)
      ? await embed.embedDocuments(texts)
      : await embed(texts);
    return this.checked(vectors, texts.length);
  }

  async embedQueries(queries: string[]): Promise<number[][]> {
    if (queries.length === 0) return [];
    const { embed } = this.config;
    const vectors = isEmbeddingsObject(embed)
      ? await Promise.all(queries.map((query) => embed.embedQuery(query)))
      : await embed(queries);
    return this.checked(vectors, queries.length);
  }

  private checked(vectors: unknown, count: number): number[][] {
    if (!Array.isArray(vectors) || vectors.length !== count) {
      throw new InvalidConfigError(`index.embed returned no list of ${count} vectors`, {
        field: "index.embed",
      });
    }
    for (const vector of vectors) {
      if (
        !Array.isArray(vector) ||
        vector.length !== this.dims ||
        !vector.every((component) => typeof component === "number" && Number.isFinite(component))
      ) {
        throw new InvalidConfigError(
          `index.embed returned a vector that is not ${this.dims} finite numbers`,
          { field: "index.embed" },
        );
      }
    }
    return vectors as number[][];
  }
}
