import { InvalidConfigError } from "../errors/index.js";
import { parseFieldPath } from "./embedding-texts.js";

/** Embeds texts, one vector per text, in order. */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;

/** The part of LangChain's `Embeddings` a store calls. */
export interface EmbeddingsLike {
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** What every checkpointkit store's `index` option holds (each store adds its own fields). */
export interface StoreIndexConfigBase {
  dims: number;
  embed: EmbeddingsLike | EmbedTexts;
  fields?: string[];
}

function isEmbeddingsObject(embed: StoreIndexConfigBase["embed"]): embed is EmbeddingsLike {
  return typeof embed === "object" && embed !== null && typeof embed.embedDocuments === "function";
}

/**
 * A store's view of its `index` option: validated once, it embeds documents and queries and
 * refuses vectors of the wrong length or with non-finite numbers before they are stored (a
 * wrong `dims` would otherwise surface as a broken ranking, or a backend's cast error).
 */
export class StoreEmbedder {
  readonly dims: number;
  readonly fields: readonly string[];

  constructor(private readonly config: StoreIndexConfigBase) {
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
