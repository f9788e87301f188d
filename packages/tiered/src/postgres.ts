/**
 * `@checkpointkit/tiered/postgres`: the PostgreSQL cold tier. An entry point of its own, so
 * an application with a Cosmos DB cold tier needs no `@checkpointkit/postgres` installed.
 */
export { PostgresColdTier, type PostgresColdTierOptions } from "./postgres-cold-tier.js";
