export type { CatalogSaver } from "./catalog-support.js";
export { describeThreadCatalog } from "./describe-thread-catalog.js";
