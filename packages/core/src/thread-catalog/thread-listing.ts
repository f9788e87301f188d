/** One thread as `listThreads` reports it. */
export interface ThreadListing {
  threadId: string;
  /** Checkpoints the thread holds, every namespace counted. */
  checkpointCount: number;
  /**
   * Stored bytes of its checkpoints, summed from the size records their `put`s wrote (see
   * `StoredCheckpointSize`): channel values, checkpoint and metadata records. Pending writes
   * are not counted. Checkpoints written before sizes were recorded count 0.
   */
  storedBytes: number;
  /**
   * When the thread was last written, as an ISO 8601 string: the order of the listing. A
   * saver that refreshes TTLs on reads documents whether a read counts.
   */
  updatedAt: string;
}

export interface ListThreadsOptions {
  /**
   * Most threads in one page.
   * @default 50 (at most 1000)
   */
  limit?: number;
  /** Only threads whose id starts with this text. @default "" (every thread) */
  threadIdPrefix?: string;
  /** `nextCursor` of the previous page; the listing continues after it. @default undefined */
  cursor?: string;
}

/** One page of threads, most recently written first. */
export interface ThreadListPage {
  threads: ThreadListing[];
  /**
   * Pass it as `cursor` for the next page; `null` when this was the last. A page may hold
   * fewer than `limit` threads (a prefix filter skipped some) while this is not null.
   */
  nextCursor: string | null;
}

/** A saver that lists its threads without reading their checkpoints. */
export interface ThreadCatalog {
  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage>;
}
