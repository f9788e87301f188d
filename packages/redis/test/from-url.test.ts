import { rmSync } from "node:fs";
import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { closedPort } from "./ports.js";
import { newClient } from "./redis-test-saver.js";
import { createTestCertificates, type TestCertificates } from "./tls-certificates.js";

const PASSWORD = "s3cret-Acl-pw";

describe("RedisSaver.fromUrl with TLS (rediss://) and an ACL user", () => {
  let certificates: TestCertificates;
  let server: OwnedTestServer;
  let tlsPort: number;

  beforeAll(async () => {
    certificates = createTestCertificates();
    tlsPort = await closedPort();
    server = await startRedisServer({
      extraArgs: [
        "--tls-port",
        String(tlsPort),
        "--tls-cert-file",
        certificates.serverCertFile,
        "--tls-key-file",
        certificates.serverKeyFile,
        "--tls-ca-cert-file",
        certificates.caCertFile,
        "--tls-auth-clients",
        "no",
        "--user",
        "app",
        "on",
        `>${PASSWORD}`,
        "~*",
        "&*",
        "+@all",
      ],
    });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(certificates.directory, { recursive: true, force: true });
  });

  it("connects over TLS as the ACL user from the URL, and close() ends the client it owns", async () => {
    const saver = RedisSaver.fromUrl(`rediss://app:${PASSWORD}@127.0.0.1:${tlsPort}/0`, {
      redisOptions: { tls: { ca: certificates.caCert } },
    });
    const checkpoint = makeCheckpoint({ secure: true });
    const config = await saver.put(
      threadConfig(),
      checkpoint,
      LOOP_METADATA,
      versionsOf(checkpoint),
    );
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ secure: true });
    expect(String(await saver.client.call("ACL", "WHOAMI"))).toBe("app");
    await saver.close();
    expect(saver.client.status).toBe("end");
  });

  it("a wrong password fails with InvalidConfigError (not retryable) that does not repeat the URL's password", async () => {
    const wrong = "Wrong-pw-123";
    const saver = RedisSaver.fromUrl(`rediss://app:${wrong}@127.0.0.1:${tlsPort}`, {
      redisOptions: { tls: { ca: certificates.caCert } },
      commandTimeoutMs: 2_000,
    });
    try {
      const error = await saver.getTuple(threadConfig()).catch((caught: unknown) => caught);
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect(String((error as Error).message)).not.toContain(wrong);
    } finally {
      await saver.close();
    }
  });

  it("a saver over your own client leaves it open on close()", async () => {
    const client = newClient(server.url);
    const saver = new RedisSaver({ client });
    await saver.setup();
    await saver.close();
    expect(await client.ping()).toBe("PONG");
    await client.quit();
  });
});
