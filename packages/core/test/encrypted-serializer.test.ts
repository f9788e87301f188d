import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { JsonPlusSerializer, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import {
  CorruptCheckpointError,
  createEncryptedSerializer,
  ENCRYPTED_VALUE_TYPE,
  EncryptedSerializer,
  InvalidConfigError,
} from "../src/index.js";

const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);

/** Every printable form of a key that could leak into a log. */
function keyForms(key: Buffer): string[] {
  return [
    key.toString("hex"),
    key.toString("base64"),
    key.toString("base64url"),
    Array.from(key.subarray(0, 8)).join(", "),
    // How util.inspect prints a Buffer: `<Buffer 3f a2 ...>`.
    Array.from(key.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join(" "),
  ];
}

function expectNoKeyMaterial(text: string): void {
  for (const key of [OLD_KEY, NEW_KEY]) {
    for (const form of keyForms(key)) expect(text).not.toContain(form);
  }
}

async function roundTrip(serde: SerializerProtocol, value: unknown): Promise<unknown> {
  const [type, bytes] = await serde.dumpsTyped(value);
  return serde.loadsTyped(type, bytes);
}

describe("EncryptedSerializer round trips what LangGraph stores", () => {
  const serde = createEncryptedSerializer({ keys: { old: OLD_KEY }, currentKeyId: "old" });
  const plain = new JsonPlusSerializer();

  it.each([
    ["a string", "I was charged three times"],
    ["an empty string", ""],
    ["a string with NUL and emoji", "a\u0000b 🧾"],
    ["a number", 749],
    ["null", null],
    ["a nested object", { refund: { amount: 749, currency: "EUR" }, steps: [1, 2, 3] }],
    ["a Map and a Set", { seen: new Set(["a", "b"]), byId: new Map([["x", 1]]) }],
    ["a large value", { log: "x".repeat(300_000) }],
  ])("%s, exactly as the inner serializer does", async (_label, value) => {
    const decrypted = await roundTrip(serde, value);
    expect(decrypted).toEqual(await roundTrip(plain, value));
  });

  it("Uint8Array values, as a Uint8Array that does not share memory with anything else", async () => {
    const value = new Uint8Array([0, 1, 2, 254, 255]);
    const decrypted = (await roundTrip(serde, value)) as Uint8Array;
    expect(decrypted).toBeInstanceOf(Uint8Array);
    expect(Array.from(decrypted)).toEqual([0, 1, 2, 254, 255]);
    expect(decrypted.buffer.byteLength).toBe(5);
  });

  it("LangChain messages, tool calls included", async () => {
    const messages = [
      new HumanMessage({ content: "I was charged twice", id: "m1" }),
      new AIMessage({
        content: "Checking",
        id: "m2",
        tool_calls: [{ id: "call_1", name: "refund", args: { amount: 749 } }],
      }),
      new ToolMessage({ content: "ok", tool_call_id: "call_1", id: "m3" }),
    ];
    const decrypted = (await roundTrip(serde, { messages })) as { messages: unknown[] };
    expect(decrypted.messages[0]).toBeInstanceOf(HumanMessage);
    expect(decrypted.messages[1]).toBeInstanceOf(AIMessage);
    expect((decrypted.messages[1] as AIMessage).tool_calls?.[0]?.args).toEqual({ amount: 749 });
    expect(decrypted.messages[2]).toBeInstanceOf(ToolMessage);
    expect(decrypted).toEqual(await roundTrip(plain, { messages }));
  });

  it("stores neither the value nor the inner type tag in the clear", async () => {
    const [type, bytes] = await serde.dumpsTyped({ secret: "card 4242-4242" });
    expect(type).toBe(ENCRYPTED_VALUE_TYPE);
    const stored = Buffer.from(bytes).toString("latin1");
    expect(stored).not.toContain("4242");
    expect(stored).not.toContain("json");
    const [bytesType] = await serde.dumpsTyped(new Uint8Array([1]));
    expect(bytesType).toBe(ENCRYPTED_VALUE_TYPE);
  });

  it("keeps a custom inner serializer's own type tags", async () => {
    const inner: SerializerProtocol = {
      dumpsTyped: async (value) => ["reversed", Buffer.from(String(value)).reverse()],
      loadsTyped: async (type, data) => `${type}:${Buffer.from(data).reverse().toString()}`,
    };
    const custom = new EncryptedSerializer({
      keys: { old: OLD_KEY },
      currentKeyId: "old",
      serde: inner,
    });
    await expect(roundTrip(custom, "abc")).resolves.toBe("reversed:abc");
  });
});

describe("key rotation", () => {
  const before = new EncryptedSerializer({ keys: { old: OLD_KEY }, currentKeyId: "old" });
  const during = new EncryptedSerializer({
    keys: { old: OLD_KEY, new: NEW_KEY },
    currentKeyId: "new",
  });
  const after = new EncryptedSerializer({ keys: { new: NEW_KEY }, currentKeyId: "new" });

  function keyIdOf(envelope: Uint8Array): string {
    return Buffer.from(envelope).toString("utf8", 2, 2 + (envelope[1] as number));
  }

  it("encrypts new values with the current key, and still reads values of older keys", async () => {
    const [type, oldValue] = await before.dumpsTyped({ step: 1 });
    const [, newValue] = await during.dumpsTyped({ step: 2 });
    expect(keyIdOf(oldValue)).toBe("old");
    expect(keyIdOf(newValue)).toBe("new");
    await expect(during.loadsTyped(type, oldValue)).resolves.toEqual({ step: 1 });
    await expect(after.loadsTyped(type, newValue)).resolves.toEqual({ step: 2 });
    expect(during.currentKeyId).toBe("new");
    expect(during.keyIds).toEqual(["old", "new"]);
  });

  it("a value whose key was removed is an InvalidConfigError naming the key id, never the key", async () => {
    const [type, oldValue] = await before.dumpsTyped({ step: 1 });
    const error = await after.loadsTyped(type, oldValue).catch((thrown: unknown) => thrown);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).message).toContain('key id "old"');
    expect((error as InvalidConfigError).field).toBe("keys");
    expectNoKeyMaterial(inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
  });
});

describe("what is not an encrypted value", () => {
  const serde = new EncryptedSerializer({ keys: { old: OLD_KEY }, currentKeyId: "old" });

  it("a value stored before encryption is refused, unless readUnencrypted is set", async () => {
    const [type, bytes] = await new JsonPlusSerializer().dumpsTyped({ legacy: true });
    await expect(serde.loadsTyped(type, bytes)).rejects.toThrow(CorruptCheckpointError);
    await expect(serde.loadsTyped(type, bytes)).rejects.toThrow(/readUnencrypted/);
    const migrating = new EncryptedSerializer({
      keys: { old: OLD_KEY },
      currentKeyId: "old",
      readUnencrypted: true,
    });
    await expect(migrating.loadsTyped(type, bytes)).resolves.toEqual({ legacy: true });
    // ...while what it writes is encrypted all the same.
    expect((await migrating.dumpsTyped({ legacy: false }))[0]).toBe(ENCRYPTED_VALUE_TYPE);
  });

  it("an envelope handed over as text", async () => {
    const [type, bytes] = await serde.dumpsTyped("x");
    await expect(serde.loadsTyped(type, Buffer.from(bytes).toString("latin1"))).rejects.toThrow(
      CorruptCheckpointError,
    );
  });

  it("tampering errors carry no key material either", async () => {
    const [type, bytes] = await serde.dumpsTyped({ amount: 749 });
    const tampered = Buffer.from(bytes);
    tampered[tampered.byteLength - 1] = (tampered[tampered.byteLength - 1] as number) ^ 0xff;
    const error = await serde.loadsTyped(type, tampered).catch((thrown: unknown) => thrown);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expectNoKeyMaterial(inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
  });
});

describe("construction", () => {
  function constructionError(options: unknown): InvalidConfigError {
    try {
      new EncryptedSerializer(options as never);
    } catch (error) {
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expectNoKeyMaterial(inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
      return error as InvalidConfigError;
    }
    throw new Error("construction succeeded");
  }

  it.each([
    ["no options", undefined, "keys"],
    ["no keys", { currentKeyId: "old" }, "keys"],
    ["an empty key ring", { keys: {}, currentKeyId: "old" }, "keys"],
    [
      "a 16-byte key",
      { keys: { old: OLD_KEY.subarray(0, 16) }, currentKeyId: "old" },
      'keys["old"]',
    ],
    [
      "a hex string key",
      { keys: { old: OLD_KEY.toString("hex") }, currentKeyId: "old" },
      'keys["old"]',
    ],
    ["an empty key id", { keys: { "": OLD_KEY }, currentKeyId: "" }, 'keys[""]'],
    ["a 256-byte key id", { keys: { ["k".repeat(256)]: OLD_KEY }, currentKeyId: "k" }, undefined],
    ["no currentKeyId", { keys: { old: OLD_KEY } }, "currentKeyId"],
    ["a currentKeyId not in keys", { keys: { old: OLD_KEY }, currentKeyId: "new" }, "currentKeyId"],
    [
      "a serde without methods",
      { keys: { old: OLD_KEY }, currentKeyId: "old", serde: {} },
      "serde",
    ],
  ])("refuses %s with an InvalidConfigError", (_label, options, field) => {
    const error = constructionError(options);
    if (field !== undefined) expect(error.field).toBe(field);
  });

  it("copies the keys: zeroing the caller's buffer afterwards changes nothing", async () => {
    const key = Buffer.from(OLD_KEY);
    const serde = new EncryptedSerializer({ keys: { old: key }, currentKeyId: "old" });
    const [type, bytes] = await serde.dumpsTyped("still readable");
    key.fill(0);
    await expect(serde.loadsTyped(type, bytes)).resolves.toBe("still readable");
  });
});

describe("the serializer object shows no key material", () => {
  const serde = new EncryptedSerializer({
    keys: { old: OLD_KEY, new: NEW_KEY },
    currentKeyId: "new",
  });

  it("in util.inspect, hidden properties included", () => {
    expectNoKeyMaterial(inspect(serde, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
    expectNoKeyMaterial(inspect(serde));
  });

  it("in JSON.stringify or its enumerable properties", () => {
    expectNoKeyMaterial(JSON.stringify(serde));
    expect(Object.keys(serde)).toEqual([]);
  });

  it("and yet the key is in use (the check above would pass for an empty object too)", async () => {
    const [type, bytes] = await serde.dumpsTyped("x");
    const withoutNew = new EncryptedSerializer({ keys: { new: OLD_KEY }, currentKeyId: "new" });
    await expect(withoutNew.loadsTyped(type, bytes)).rejects.toThrow(CorruptCheckpointError);
  });
});
