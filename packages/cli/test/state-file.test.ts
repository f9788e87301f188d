import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError } from "@checkpointkit/core";
import { openStateFile } from "../src/index.js";

const identity = { source: "postgres://app@db/app schema public", target: "redis://cache" };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "checkpointkit-state-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("remembers completed threads across opens, and forgets only a line torn by a kill", async () => {
  const path = join(dir, "state.jsonl");
  const first = await openStateFile(path, identity);
  await first.markComplete('thread "one"\nwith a newline');
  await first.markComplete("two");
  // What a kill in the middle of an append leaves behind.
  await appendFile(path, '{"thread":"thr');

  const second = await openStateFile(path, identity);
  expect(second.isComplete('thread "one"\nwith a newline')).toBe(true);
  expect(second.isComplete("two")).toBe(true);
  expect(second.isComplete("thr")).toBe(false);
  await second.markComplete("three");

  const third = await openStateFile(path, identity);
  expect(third.isComplete("three")).toBe(true);
  expect((await readFile(path, "utf8")).endsWith('{"thread":"three"}\n')).toBe(true);
});

it("refuses a file that is not a state file, or belongs to another migration", async () => {
  const foreign = join(dir, "notes.txt");
  await appendFile(foreign, "shopping list\n");
  await expect(openStateFile(foreign, identity)).rejects.toThrow(InvalidConfigError);

  const path = join(dir, "state.jsonl");
  await openStateFile(path, identity);
  await expect(openStateFile(path, { ...identity, target: "redis://other" })).rejects.toThrow(
    "use another state file",
  );
});
