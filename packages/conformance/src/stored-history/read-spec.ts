import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { ExpectedHistory } from "./expected-history.js";

/**
 * One read-only spec: asks the saver what it holds and returns every way the answer differs
 * from the expected history (empty: the spec holds). Returning violations instead of
 * asserting lets a self-test prove that a spec fails on a damaged saver.
 */
export interface ReadSpec {
  name: string;
  check(saver: BaseCheckpointSaver, history: ExpectedHistory): Promise<string[]>;
}
