/**
 * `@checkpointkit/tiered/cosmos`: the Cosmos DB cold tier. An entry point of its own, so an
 * application with a PostgreSQL cold tier needs no `@checkpointkit/cosmos` installed.
 */
export { CosmosColdTier, type CosmosColdTierOptions } from "./cosmos-cold-tier.js";
