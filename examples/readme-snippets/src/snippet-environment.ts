/**
 * The environment a snippet runs with: the names the READMEs read, which are also the names a
 * user sets for their own servers.
 *
 * | variable | value |
 * |---|---|
 * | `REDIS_URL` | the test Redis, e.g. `redis://127.0.0.1:41234` |
 * | `POSTGRES_URL` | the test PostgreSQL, `postgres://postgres:…@127.0.0.1:…/postgres` |
 * | `COSMOS_ENDPOINT`, `COSMOS_KEY` | the test Cosmos DB account |
 * | `COSMOS_CONNECTION_STRING` | `AccountEndpoint=…;AccountKey=…;` built from those two |
 *
 * The jest preset's globalSetup sets the first four (or they name external servers).
 */
export function snippetEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const endpoint = required(base, "COSMOS_ENDPOINT");
  const key = required(base, "COSMOS_KEY");
  const environment: NodeJS.ProcessEnv = {
    ...pick(base, ["PATH", "HOME", "TMPDIR", "LANG"]),
    REDIS_URL: required(base, "REDIS_URL"),
    POSTGRES_URL: required(base, "POSTGRES_URL"),
    COSMOS_ENDPOINT: endpoint,
    COSMOS_KEY: key,
    COSMOS_CONNECTION_STRING: `AccountEndpoint=${endpoint};AccountKey=${key};`,
  };
  // The in-process Cosmos DB server (like the official emulator) has a self-signed certificate.
  // Development setups against the emulator accept it this way; a real account never needs it.
  if (isLoopbackHttps(endpoint)) environment.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  return environment;
}

/** Node's warning when NODE_TLS_REJECT_UNAUTHORIZED=0 is set: the harness's doing, not a snippet's. */
const TLS_WARNING =
  /^\(node:\d+\) Warning: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0'.*\n(\(Use `node --trace-warnings.*\n)?/gm;

/** What a snippet wrote to stderr, minus the warning the harness's environment causes. */
export function stderrOfSnippet(stderr: string): string {
  return stderr.replace(TLS_WARNING, "");
}

function required(base: NodeJS.ProcessEnv, name: string): string {
  const value = base[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run under the jest preset (servers: redis, postgres, cosmos) or set it`,
    );
  }
  return value;
}

function pick(base: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (base[name] ? [[name, base[name]]] : [])));
}

function isLoopbackHttps(endpoint: string): boolean {
  const url = new URL(endpoint);
  return url.protocol === "https:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}
