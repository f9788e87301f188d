import { encodeKeyPart } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { LUA_LIBRARY } from "../src/scripts/lua-library.js";
import { newClient } from "./redis-test-saver.js";

/** Every ASCII character, separators, patterns, NUL, non-ASCII and astral text. */
const SAMPLES: readonly string[] = [
  "",
  Array.from({ length: 128 }, (_unused, code) => String.fromCharCode(code)).join(""),
  "a:b{c}*?[d]\\/#~%e",
  "\u0000\u0001\u001f\u007f",
  "é漢字\u{1F600}",
  "%41",
  "x".repeat(10_000),
  // Parts `enc` passes through unchanged on its fast path, and near misses that must not.
  "1f1f0365-5a0f-6c70-8000-77e308a821f1",
  "n3.0-_Z9",
  "n3.0-_Z9:",
  "ok\u007f",
  "ok\u0000",
  "ok é",
];

describe("Lua `enc` (hash fields) and core's encodeKeyPart (keys) agree", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it.each(SAMPLES.map((sample) => [JSON.stringify(sample).slice(0, 40), sample]))(
    "%s",
    async (_label, sample) => {
      const encoded = await client.eval(`${LUA_LIBRARY}\nreturn enc(ARGV[1])`, 0, sample);
      expect(encoded).toBe(encodeKeyPart(sample));
    },
  );
});
