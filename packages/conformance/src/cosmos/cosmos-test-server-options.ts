/** How `startCosmosServer()` runs the in-process Cosmos DB server. */
export interface CosmosTestServerOptions {
  /**
   * Serve HTTPS with the self-signed certificate of `@vercel/cosmosdb-server`, like the real
   * service (clients must accept that certificate: `createCosmosTestClient` does, for loopback
   * endpoints only). False serves plain HTTP.
   * @default true
   */
  tls?: boolean;
}
