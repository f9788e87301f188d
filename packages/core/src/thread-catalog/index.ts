export {
  DEFAULT_THREAD_LIST_LIMIT,
  invalidThreadCursor,
  MAX_THREAD_LIST_LIMIT,
  type ReadListThreadsOptions,
  readListThreadsOptions,
} from "./list-threads-options.js";
export {
  type CursorPart,
  decodeListingCursor,
  encodeListingCursor,
} from "./listing-cursor.js";
export type {
  ListThreadsOptions,
  ThreadCatalog,
  ThreadListing,
  ThreadListPage,
} from "./thread-listing.js";
export {
  MAX_THREAD_TOTALS_IDS,
  readThreadTotalsIds,
  type ThreadTotalsLookup,
} from "./thread-totals-lookup.js";
