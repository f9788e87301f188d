import { cosmosRequestCounterPlugins } from "../measure/count-cosmos-requests.js";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import {
  type CosmosTestClientOptions,
  type CosmosTestServer,
  createCosmosTestClient,
} from "../servers/conformance-servers.js";
import type { RawFloor, RawFloorFactory } from "./raw-floor.js";

interface FloorItem {
  id: string;
  pk: string;
  /** `c` for a checkpoint, `w` for a step's writes. */
  kind: "c" | "w";
  seq: number;
  payload: string;
}

const decode = (item: { payload: string }) => Buffer.from(item.payload, "base64");

/**
 * Bare @azure/cosmos: one item per checkpoint and per step's writes, in the thread's partition.
 * The floor remembers each thread's latest sequence number, so reading the latest checkpoint
 * with its writes is one single-partition query: the least any saver must ask of the service.
 */
export function rawCosmosFloorFactory(server: CosmosTestServer): RawFloorFactory {
  return {
    backend: "cosmos",
    create: async (): Promise<RawFloor> => {
      const counter = new RoundTripCounter();
      // The SDK's CommonJS and ESM typings of a plugin differ; the runtime shape is the same.
      const plugins = cosmosRequestCounterPlugins(
        counter,
      ) as unknown as CosmosTestClientOptions["plugins"];
      const client = createCosmosTestClient(server, { plugins });
      const { database } = await client.databases.createIfNotExists({ id: uniqueStorageName() });
      const { container } = await database.containers.createIfNotExists({
        id: "floor",
        partitionKey: { paths: ["/pk"] },
      });
      const latestSeq = new Map<string, number>();
      const query = async (
        pk: string,
        text: string,
        parameters: { name: string; value: number }[] = [],
      ) =>
        (
          await container.items
            .query<FloorItem>(
              { query: text, parameters: [{ name: "@pk", value: pk }, ...parameters] },
              { partitionKey: pk },
            )
            .fetchAll()
        ).resources;
      return {
        backend: "cosmos",
        label: "raw @azure/cosmos floor",
        counter,
        putCheckpoint: async (threadId, bytes) => {
          const seq = (latestSeq.get(threadId) ?? -1) + 1;
          latestSeq.set(threadId, seq);
          const payload = Buffer.from(bytes).toString("base64");
          await container.items.create<FloorItem>({
            id: `c${seq}`,
            pk: threadId,
            kind: "c",
            seq,
            payload,
          });
        },
        putWrites: async (threadId, bytes) => {
          const seq = latestSeq.get(threadId) ?? 0;
          const payload = Buffer.from(bytes).toString("base64");
          await container.items.upsert<FloorItem>({
            id: `w${seq}`,
            pk: threadId,
            kind: "w",
            seq,
            payload,
          });
        },
        getLatest: async (threadId) => {
          // Both point reads in one transactional batch: one request, no query plan.
          const seq = latestSeq.get(threadId) ?? 0;
          const response = await container.items.batch(
            [
              { operationType: "Read", id: `c${seq}` },
              { operationType: "Read", id: `w${seq}` },
            ],
            threadId,
          );
          const [checkpoint, writes] = (response.result ?? []).map(
            (result) => result.resourceBody as FloorItem | undefined,
          );
          return {
            checkpoint: checkpoint?.payload === undefined ? undefined : decode(checkpoint),
            writes: writes?.payload === undefined ? undefined : decode(writes),
          };
        },
        listCheckpoints: async (threadId, limit) => {
          const top = limit === undefined ? "" : `TOP ${Math.floor(limit)} `;
          const items = await query(
            threadId,
            `SELECT ${top}c.payload FROM c WHERE c.pk = @pk AND c.kind = "c" ORDER BY c.seq DESC`,
          );
          return items.map(decode);
        },
        writesHistory: async (threadId, depth) => {
          const from = (latestSeq.get(threadId) ?? 0) - depth;
          const items = await query(
            threadId,
            `SELECT c.payload, c.kind FROM c WHERE c.pk = @pk AND ((c.kind = "w" AND c.seq > @from) OR (c.kind = "c" AND c.seq = 0))`,
            [{ name: "@from", value: from }],
          );
          const seed = items.find((item) => item.kind === "c");
          return {
            writes: items.filter((item) => item.kind === "w").map(decode),
            seed: seed === undefined ? undefined : decode(seed),
          };
        },
        dispose: async () => {
          try {
            await database.delete();
          } finally {
            client.dispose();
          }
        },
      };
    },
  };
}
