/** How `startCosmosServer()` runs the in-process Cosmos DB server. */
export interface CosmosTestServerOptions {
  /**
   * Serve HTTPS with the self-signed certificate of `@vercel/cosmosdb-server`, like the real
   * service (clients must accept that certificate: `createCosmosTestClient` does, for loopback
   * endpoints only). False serves plain HTTP.
   * @default true
   */
  tls?: boolean;
  /**
   * Check each request's master-key signature against the server's key and answer 401
   * ("the wrong key is being used"), as the service does, when it was signed with another.
   * Off by default: the emulator's other routes were written before it existed.
   * @default false
   */
  checkKeys?: boolean;
  /**
   * The account has vector search (`EnableNoSQLVectorSearch`). False refuses a container
   * create carrying a vector embedding policy or vector indexes with 400 BadRequest (the
   * status and message an account without the capability sends were not verified).
   * @default true
   */
  vectorSearch?: boolean;
}
