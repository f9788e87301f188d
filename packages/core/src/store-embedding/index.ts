export { parseFieldPath, textsToEmbed } from "./embedding-texts.js";
export {
  type EmbeddingsLike,
  type EmbedTexts,
  StoreEmbedder,
  type StoreIndexConfigBase,
} from "./store-embedder.js";
