import fc from "fast-check";
import {
  boundKeyLength,
  decodeKeyPart,
  encodeKeyPart,
  joinKeyParts,
  splitKeyParts,
} from "../src/index.js";

const anyString = fc.string({ unit: "binary", maxLength: 64 });
const tuple = fc.tuple(anyString, anyString, anyString);
const GLOB_OR_TAG = /[*?[\]\\{}]/;

describe("key part encoding", () => {
  it("round-trips any Unicode string, lone surrogates and NUL included", () => {
    fc.assert(
      fc.property(anyString, (part) => decodeKeyPart(encodeKeyPart(part)) === part),
      {
        numRuns: 2000,
      },
    );
  });

  it("maps distinct (thread, namespace, id) tuples to distinct keys", () => {
    fc.assert(
      fc.property(tuple, tuple, (a, b) => {
        fc.pre(a.some((part, i) => part !== b[i]));
        return joinKeyParts(a) !== joinKeyParts(b);
      }),
      { numRuns: 5000 },
    );
  });

  it("recovers the exact tuple from the key", () => {
    fc.assert(
      fc.property(tuple, (parts) => {
        expect(splitKeyParts(joinKeyParts(parts))).toEqual(parts);
      }),
    );
  });

  it("leaves nothing a Redis glob or Cluster hash tag could read", () => {
    fc.assert(fc.property(tuple, (parts) => !GLOB_OR_TAG.test(joinKeyParts(parts))));
  });

  it("keeps the separator out of encoded parts, so prefixes of keys cannot cross threads", () => {
    expect(joinKeyParts(["a:b", "c"])).not.toBe(joinKeyParts(["a", "b:c"]));
    expect(encodeKeyPart("a:b")).not.toContain(":");
  });

  it("keeps ordinary and non-ASCII text readable", () => {
    expect(encodeKeyPart("case_8842")).toBe("case_8842");
    expect(encodeKeyPart("fil d'Ariane 🧵")).toBe("fil d'Ariane 🧵");
    expect(encodeKeyPart("a*b{c}\u0000")).toBe("a%2Ab%7Bc%7D%00");
  });

  it("rejects strings the encoder cannot have produced", () => {
    for (const foreign of ["a:b", "100%", "%41", "%zz", "x*"]) {
      expect(() => decodeKeyPart(foreign)).toThrow(RangeError);
    }
  });
});

describe("boundKeyLength", () => {
  it("leaves short keys alone", () => {
    expect(boundKeyLength("thread:abc", 100)).toBe("thread:abc");
  });

  it("hashes long keys into the byte limit, injectively for distinct keys", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 300, maxLength: 600 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (long, extra) => {
          const first = boundKeyLength(encodeKeyPart(long), 255);
          const second = boundKeyLength(encodeKeyPart(long + extra), 255);
          expect(Buffer.byteLength(first)).toBeLessThanOrEqual(255);
          expect(first).not.toBe(second);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never lets a hashed key equal an unhashed encoded one", () => {
    const hashed = boundKeyLength(encodeKeyPart("x".repeat(2000)), 200);
    expect(hashed).toContain("~");
    expect(encodeKeyPart(hashed)).not.toBe(hashed);
  });

  it("does not split a multi-byte character at the cut", () => {
    const hashed = boundKeyLength("é".repeat(500), 120);
    expect(hashed).not.toContain("\uFFFD");
    expect(Buffer.byteLength(hashed)).toBeLessThanOrEqual(120);
  });
});
