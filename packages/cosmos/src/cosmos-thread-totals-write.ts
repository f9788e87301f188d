import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { threadBaselineQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter } from "./cosmos-requests.js";
import {
  type ThreadBaseline,
  type ThreadItem,
  type ThreadTotalsDelta,
  threadItemOperation,
} from "./cosmos-thread-item.js";

/** The partition a write moves the thread totals of. */
export interface ThreadTotalsTarget {
  container: Container;
  partitionKey: PartitionKey;
  meter: RequestMeter;
}

/**
 * The thread-item operation of a write that may need more than one batch round: it guesses
 * whether the item exists (create, or patch with increments) and corrects the guess when the
 * batch fails on it. A patch that finds no item means the thread was written before thread
 * items existed: its checkpoints are counted once (one aggregate query of the partition) and
 * the item is created with them.
 */
export class ThreadTotalsWrite {
  #mode: "create" | "patch";
  #baseline: ThreadBaseline | undefined;

  constructor(
    private readonly item: ThreadItem,
    itemExpected: boolean,
  ) {
    this.#mode = itemExpected ? "patch" : "create";
  }

  /** The next operation creates the item from the partition's aggregate (see below). */
  get createsFromPartition(): boolean {
    return this.#mode === "create" && this.#baseline !== undefined;
  }

  operation(delta: ThreadTotalsDelta): OperationInput {
    return threadItemOperation(this.item, delta, this.#mode, this.#baseline);
  }

  /** After the batch failed on this operation: true when the next round may succeed. */
  async recover(status: number, target: ThreadTotalsTarget): Promise<boolean> {
    if (status === 409 && this.#mode === "create") {
      this.#mode = "patch";
      return true;
    }
    if (status === 404 && this.#mode === "patch") {
      await this.createFromPartition(target);
      return true;
    }
    return false;
  }

  /**
   * The item will be created holding what the partition holds now (one aggregate query) plus
   * the delta of the operation that creates it.
   */
  async createFromPartition(target: ThreadTotalsTarget): Promise<void> {
    this.#baseline = await readThreadBaseline(target);
    this.#mode = "create";
  }
}

/** The checkpoints a partition holds and their recorded bytes (legacy ones count 0). */
export async function readThreadBaseline(target: ThreadTotalsTarget): Promise<ThreadBaseline> {
  const [row] = await queryAll<{ checkpoints?: number; storedBytes?: number }>(
    target.container,
    threadBaselineQuery(),
    target.partitionKey,
    target.meter,
  );
  return { checkpoints: row?.checkpoints ?? 0, storedBytes: row?.storedBytes ?? 0 };
}
