import { randomBytes } from "node:crypto";
import {
  describeFaultMatrix,
  type FaultEndpoint,
  type FaultHarness,
  type OwnedTestServer,
  startRedisServer,
} from "@checkpointkit/conformance";
import { RedisSaver } from "../src/index.js";
import { freshKeyPrefix, sharedRedisUrl } from "./redis-test-saver.js";

/** Each round trip's deadline; a `list` page takes two round trips, so an operation two. */
const COMMAND_TIMEOUT_MS = 1_000;

/** A server that wants a password, for the wrong-credentials fault; started on first use. */
let passwordServer: OwnedTestServer | undefined;
const password = randomBytes(12).toString("hex");

function saverAt(endpoint: FaultEndpoint, path = "", credentials = ""): RedisSaver {
  return RedisSaver.fromUrl(`redis://${credentials}${endpoint.host}:${endpoint.port}${path}`, {
    keyPrefix: freshKeyPrefix("fault"),
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    connectTimeoutMs: COMMAND_TIMEOUT_MS,
  });
}

const harness: FaultHarness<RedisSaver> = {
  name: "RedisSaver",
  async afterAll() {
    await passwordServer?.stop();
  },
  async server() {
    const url = new URL(sharedRedisUrl());
    return { host: url.hostname, port: Number(url.port) };
  },
  // A fresh key prefix is all the storage a saver needs: nothing to prepare on the server.
  createAt: async (connectTo) => saverAt(connectTo),
  destroy: (saver) => saver.close(),
  deadlineMs: 2 * COMMAND_TIMEOUT_MS,
  startOwnedServer: () => startRedisServer({ appendOnly: true, appendFsync: "always" }),
  async createWithWrongCredentials() {
    passwordServer ??= await startRedisServer({ password });
    return saverAt(passwordServer, "", `:not-${password}@`);
  },
  // Redis has 16 databases unless configured otherwise: index 99 does not exist.
  createWithWrongDatabase: async () => saverAt(await harness.server(), "/99"),
  secrets: () => [password, `not-${password}`],
};

describeFaultMatrix(harness);
