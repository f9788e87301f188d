import { BackendUnavailableError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { compareCodePoints } from "./merge-list.js";
import type { TieredReadContext } from "./tiered-reads.js";

/**
 * With `history: "latest"`, Redis trims a namespace's older checkpoints in the put that
 * supersedes them; the cold tier trims them only when the flusher ships the newer one. Until
 * then the cold tier may still hold a checkpoint Redis already dropped, and reads must not
 * show it: a cold checkpoint counts only when Redis holds nothing newer in its namespace.
 */

export function namespaceKey(tuple: CheckpointTuple): string {
  const configurable = tuple.config.configurable ?? {};
  return JSON.stringify([configurable.thread_id, configurable.checkpoint_ns ?? ""]);
}

/** Newest checkpoint id Redis holds per (thread, namespace), read once per namespace. */
export class HotHeads {
  readonly #context: TieredReadContext;
  readonly #heads = new Map<string, Promise<string | undefined>>();

  constructor(context: TieredReadContext) {
    this.#context = context;
  }

  /**
   * True when Redis holds a newer checkpoint of the tuple's namespace. With Redis
   * unreachable the cold tier is the only record: nothing is taken for superseded then.
   */
  async supersede(tuple: CheckpointTuple): Promise<boolean> {
    const key = namespaceKey(tuple);
    let head = this.#heads.get(key);
    if (head === undefined) {
      head = this.#read(tuple);
      this.#heads.set(key, head);
    }
    const headId = await head;
    return headId !== undefined && compareCodePoints(headId, tuple.checkpoint.id) > 0;
  }

  async #read(tuple: CheckpointTuple): Promise<string | undefined> {
    const { thread_id, checkpoint_ns = "" } = tuple.config.configurable ?? {};
    try {
      const head = await this.#context.hot.getTuple({ configurable: { thread_id, checkpoint_ns } });
      return head?.checkpoint.id;
    } catch (error) {
      if (BackendUnavailableError.isInstance(error) && error.backend === "redis") return undefined;
      throw error;
    }
  }
}
