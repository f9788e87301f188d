import { randomUUID } from "node:crypto";
import { cosmos, createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { PostgresSaver } from "@checkpointkit/postgres";
import { RedisSaver } from "@checkpointkit/redis";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import pg from "pg";

/** A saver on the run's shared test server, in a namespace of its own, and how to drop it. */
export interface TestSaver {
  saver: BaseCheckpointSaver;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "")
    throw new Error(`${name} is not set (jest globalSetup sets it)`);
  return value;
}

export async function openRedisTestSaver(): Promise<TestSaver & { keyPrefix: string }> {
  const keyPrefix = `browser-test-${randomUUID().slice(0, 8)}:`;
  const saver = RedisSaver.fromUrl(requiredEnv("REDIS_URL"), { keyPrefix });
  await saver.setup();
  return { saver, keyPrefix, close: () => saver.close() };
}

export async function openPostgresTestSaver(): Promise<TestSaver> {
  const url = requiredEnv("POSTGRES_URL");
  const schema = `browser_test_${randomUUID().slice(0, 8)}`;
  const saver = PostgresSaver.fromConnString(url, { schema });
  await saver.setup();
  return {
    saver,
    close: async () => {
      await saver.close();
      const pool = new pg.Pool({ connectionString: url });
      pool.on("error", () => {});
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

/** A container of its own on the run's Cosmos DB server (in-process, or COSMOS_ENDPOINT). */
export async function openCosmosTestSaver(): Promise<TestSaver> {
  const client = createCosmosTestClient(await cosmos());
  const container = client
    .database("checkpointkit-browser-tests")
    .container(`browser-${randomUUID()}`);
  const saver = new CosmosSaver({ container });
  await saver.setup({ createIfNotExists: true });
  return {
    saver,
    close: async () => {
      await container.delete().catch(() => {});
      client.dispose();
    },
  };
}

export const TEST_SAVERS: [string, () => Promise<TestSaver>][] = [
  ["RedisSaver", openRedisTestSaver],
  ["PostgresSaver", openPostgresTestSaver],
  ["CosmosSaver", openCosmosTestSaver],
];
