import { InvalidConfigError, type ThreadListPage } from "@checkpointkit/core";
import { SPEC_TIMEOUT_MS } from "../fixtures.js";
import { refusal } from "../leases/lease-spec-support.js";
import {
  type CatalogSaver,
  freshRunPrefix,
  listAllPages,
  listedIds,
  putThread,
  WHOLE_LISTING_LIMIT,
} from "./catalog-support.js";

/**
 * Appended to one run prefix: each is a thread id and a `threadIdPrefix`. A backend that reads
 * a prefix as a pattern (glob `*` `?` `[ab]`, SQL LIKE `%` `_` with `\` escapes, regex, a
 * Redis hash tag `{…}`) or folds case or Unicode would match a sibling it must not.
 */
const HOSTILE_SUFFIXES: readonly string[] = [
  "",
  "a",
  "A",
  "ab",
  "b",
  "[ab]",
  "?",
  "*",
  "*x",
  "%",
  "%x",
  "_",
  "_x",
  "x_",
  "\\",
  "\\%",
  "\\_",
  "\\\\",
  ".",
  ".*",
  "^",
  "$",
  "(",
  "|",
  "{",
  "}",
  "{tag}",
  "'",
  "''",
  '"',
  ":",
  "/",
  " ",
  "\n",
  "\u0000",
  "a\u0000b",
  "é",
  "É",
  "e\u0301",
  "\u{1F600}",
  "x".repeat(1_000),
];

/** Options `listThreads` must refuse with `InvalidConfigError`, with what is wrong. */
const BAD_OPTIONS: ReadonlyArray<readonly [string, unknown]> = [
  ["limit 0", { limit: 0 }],
  ["limit 1001", { limit: 1001 }],
  ["limit -1", { limit: -1 }],
  ["limit 1.5", { limit: 1.5 }],
  ["limit NaN", { limit: Number.NaN }],
  ["limit Infinity", { limit: Number.POSITIVE_INFINITY }],
  ['limit "10"', { limit: "10" }],
  ["limit null", { limit: null }],
  ['cursor "garbage"', { cursor: "garbage" }],
  ['cursor ""', { cursor: "" }],
  ["cursor 42", { cursor: 42 }],
  ["cursor of 10k characters", { cursor: "A".repeat(10_000) }],
  ["threadIdPrefix 5", { threadIdPrefix: 5 }],
  ["threadIdPrefix with a lone surrogate", { threadIdPrefix: "t\uD800" }],
  ["options null", null],
  ['options "abc"', "abc"],
  ["options 5", 5],
  ["options []", []],
];

/** `cursor` with the character at `index` replaced by another letter or digit. */
function alteredAt(cursor: string, index: number): string {
  const replacement = cursor[index] === "A" ? "B" : "A";
  return `${cursor.slice(0, index)}${replacement}${cursor.slice(index + 1)}`;
}

/** Registers the specs of what `listThreads` accepts: prefixes taken literally, bad options. */
export function catalogInputSpecs(saver: () => CatalogSaver): void {
  it(
    "threadIdPrefix matches ids literally (pattern and quote characters, unicode), ids come back exact",
    async () => {
      const run = freshRunPrefix("catalog-prefix");
      const ids = HOSTILE_SUFFIXES.map((suffix) => `${run}${suffix}`);
      for (const threadId of ids) await putThread(saver(), threadId, 1);

      expect([...(await listedIds(saver(), run))].sort()).toEqual([...ids].sort());
      for (const suffix of HOSTILE_SUFFIXES) {
        const prefix = `${run}${suffix}`;
        const expected = ids.filter((threadId) => threadId.startsWith(prefix)).sort();
        const listed = await listedIds(saver(), prefix);
        expect({ prefix: JSON.stringify(prefix), ids: [...listed].sort() }).toEqual({
          prefix: JSON.stringify(prefix),
          ids: expected,
        });
      }
      const none = await saver().listThreads({ threadIdPrefix: `${run}no such thread` });
      expect(none).toEqual({ threads: [], nextCursor: null });
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "bad options are refused with InvalidConfigError, and the saver keeps listing",
    async () => {
      const run = freshRunPrefix("catalog-options");
      await putThread(saver(), `${run}a`, 1);
      for (const [label, options] of BAD_OPTIONS) {
        const error = await refusal(() => saver().listThreads(options as never));
        expect({ label, refused: InvalidConfigError.isInstance(error) }).toEqual({
          label,
          refused: true,
        });
      }
      expect(await listedIds(saver(), run)).toEqual([`${run}a`]);
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "a damaged cursor is refused with InvalidConfigError, never a crash or a thread outside the prefix",
    async () => {
      const run = freshRunPrefix("catalog-cursor");
      for (const name of ["a", "b", "c"]) await putThread(saver(), `${run}${name}`, 1);
      const first = await saver().listThreads({ threadIdPrefix: run, limit: 1 });
      const cursor = first.nextCursor;
      expect(typeof cursor).toBe("string");
      const genuine = cursor as string;
      // Damage no cursor format survives. (Not a last character: in base64 it may carry bits
      // a decoder ignores, and the cursor would still be the genuine one.)
      const damaged = [
        alteredAt(genuine, 0),
        genuine.slice(0, Math.floor(genuine.length / 2)),
        [...genuine].reverse().join(""),
        `${genuine}${genuine}`,
      ].filter((candidate) => candidate !== genuine);
      for (const candidate of damaged) {
        const error = await refusal(() =>
          saver().listThreads({ threadIdPrefix: run, limit: 1, cursor: candidate }),
        );
        expect({ cursor: candidate, refused: InvalidConfigError.isInstance(error) }).toEqual({
          cursor: candidate,
          refused: true,
        });
      }
      // A character changed inside may still spell a valid position (a cursor needs no
      // checksum): refused, or a page of this listing, never another error or another thread.
      const inside = alteredAt(genuine, Math.floor(genuine.length / 2));
      const outcome = await saver()
        .listThreads({ threadIdPrefix: run, limit: 1, cursor: inside })
        .catch((error: unknown) => error);
      if (InvalidConfigError.isInstance(outcome)) {
        expect(outcome.field).toBe("cursor");
      } else {
        expect(outcome).toEqual(expect.objectContaining({ threads: expect.any(Array) }));
        const { threads } = outcome as ThreadListPage;
        expect(threads.filter((thread) => !thread.threadId.startsWith(run))).toEqual([]);
      }
      const pages = await listAllPages(saver(), run, 1);
      expect(pages.flatMap((page) => page.threads)).toHaveLength(3);
      const rest = await saver().listThreads({
        threadIdPrefix: run,
        limit: WHOLE_LISTING_LIMIT,
        cursor: genuine,
      });
      expect(rest.threads.map((thread) => thread.threadId)).toEqual(
        (await listedIds(saver(), run)).slice(1),
      );
    },
    SPEC_TIMEOUT_MS,
  );
}
