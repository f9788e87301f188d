// ES module build: a put and a read through RedisSaver with @opentelemetry/api hidden.
import { createRequire } from "node:module";
import { RedisSaver } from "@checkpointkit/redis";

const require = createRequire(import.meta.url);
let hidden = false;
try {
  require.resolve("@opentelemetry/api");
} catch {
  hidden = true;
}
const saver = RedisSaver.fromUrl(process.env.REDIS_URL, {
  keyPrefix: `ck-no-otel-${process.pid}:`,
});
await saver.setup();
const config = await saver.put(
  { configurable: { thread_id: "no-otel", checkpoint_ns: "" } },
  {
    v: 4,
    id: "1f0b0000-0000-6000-8000-000000000001",
    ts: new Date().toISOString(),
    channel_values: { a: 1 },
    channel_versions: { a: 1 },
    versions_seen: {},
  },
  { source: "loop", step: 0, parents: {} },
  { a: 1 },
);
const tuple = await saver.getTuple(config);
await saver.deleteThread("no-otel");
await saver.close();
console.log(JSON.stringify({ hidden, value: tuple?.checkpoint.channel_values.a }));
