import {
  type ListThreadsOptions,
  MAX_THREAD_LIST_LIMIT,
  type ThreadListing,
  type ThreadListPage,
} from "@checkpointkit/core";
import type { TierPosition } from "./thread-list-cursor.js";

/** A tier's own listing (the hot saver's or the cold tier's). */
export interface ThreadListingTier {
  listThreads(options: ListThreadsOptions): Promise<ThreadListPage>;
}

/** A tier that may be read this many more times for one listing page: each read is a request. */
export interface ReadBudget {
  left: number;
}

/** What `peek` found: a thread, the end of the tier's listing, or the page's read budget spent. */
export type Peeked = ThreadListing | "end" | "paused";

/**
 * One tier's threads from a `TierPosition` on, read page by page as the merge asks for them.
 * Its position is always the tier's cursor of the page being read plus how many threads of
 * that page were taken, so the next listing page continues exactly where this one stopped.
 */
export class TierThreadStream {
  #pageCursor: string | null;
  #skip: number;
  #page: readonly ThreadListing[] = [];
  #index = 0;
  /** The tier's cursor after the page read; undefined before the first read. */
  #next: string | null | undefined;
  #carry = 0;

  constructor(
    private readonly tier: ThreadListingTier,
    private readonly threadIdPrefix: string,
    start: TierPosition,
    private readonly pageSize: number,
    private readonly budget: ReadBudget,
    /** Runs on each page read, before any of its threads is looked at. */
    private readonly onPage: (threads: readonly ThreadListing[]) => Promise<void>,
  ) {
    this.#pageCursor = start.cursor;
    this.#skip = start.skip;
  }

  async peek(): Promise<Peeked> {
    while (this.#index >= this.#page.length) {
      if (this.#next === null) return "end";
      if (this.budget.left <= 0) return "paused";
      if (this.#next !== undefined) {
        this.#pageCursor = this.#next;
        this.#skip = this.#carry;
      }
      await this.#read();
    }
    return this.#page[this.#index] as ThreadListing;
  }

  /** Moves past the thread `peek` returned. */
  take(): void {
    this.#index += 1;
  }

  /** Where the listing continues; null when this tier has nothing more. */
  position(): TierPosition | null {
    if (this.#next === undefined) return { cursor: this.#pageCursor, skip: this.#skip };
    if (this.#index < this.#page.length) return { cursor: this.#pageCursor, skip: this.#index };
    return this.#next === null ? null : { cursor: this.#next, skip: this.#carry };
  }

  async #read(): Promise<void> {
    this.budget.left -= 1;
    // The threads already listed from this page are read again and passed over: a tier's
    // page from one cursor starts with the same threads whatever the limit.
    const page = await this.tier.listThreads({
      threadIdPrefix: this.threadIdPrefix,
      limit: Math.min(MAX_THREAD_LIST_LIMIT, this.#skip + this.pageSize),
      ...(this.#pageCursor === null ? {} : { cursor: this.#pageCursor }),
    });
    this.#page = page.threads;
    this.#next = page.nextCursor;
    this.#index = Math.min(this.#skip, page.threads.length);
    // Left over when the page is shorter than the skip (the tier stopped early under a
    // prefix filter): the rest of the skip is on the next page.
    this.#carry = this.#skip - this.#index;
    await this.onPage(page.threads.slice(this.#index));
  }
}
