import type { Item } from "@langchain/langgraph-checkpoint";
import type { BatchPlan } from "./batch-plan.js";
import { filterFields } from "./filter-fields.js";
import { fixedLeadingLabels } from "./namespace-listing.js";
import { packVectors } from "./packed-vectors.js";
import type { PreparedWrite } from "./prepared-writes.js";
import type { ShardRequest } from "./shard-request.js";
import { namespaceRanges, prefixRanges, readNamespace } from "./store-address.js";
import type { StoreKeyLayout } from "./store-key-layout.js";
import type { ShardHit } from "./store-replies.js";

/** Where the replies of a batch's reads are gathered, by result index. */
export interface ReadCollector {
  items: Map<number, Item | null>;
  hits: Map<number, ShardHit[]>;
  namespaces: Map<number, string[][]>;
}

export interface ReadReplies {
  onItem(resultIndex: number, member: string, fields: unknown[] | undefined): void;
  onHits(resultIndex: number, reply: unknown): void;
  onNamespaces(resultIndex: number, encodedPaths: string[]): void;
}

function texts(reply: unknown): string[] {
  return (reply as unknown[]).map((entry) => String(entry));
}

/**
 * Adds the batch's gets, searches and listings to the requests of the shards they touch:
 * a get its item's shard; a search or listing the one shard of its prefix when the prefix
 * fixes the first `shardDepth` labels, every shard otherwise. Each shard is asked for the
 * best `offset + limit` hits, so the merge of all shards holds the global page.
 */
export function addReads(
  plan: BatchPlan,
  layout: StoreKeyLayout,
  requestFor: (shard: number) => ShardRequest,
  queryVectors: ReadonlyMap<string, number[]>,
  dims: number,
  replies: ReadReplies,
): void {
  for (const get of plan.gets) {
    const request = requestFor(layout.shardOf(get.address.namespace));
    const member = get.address.member;
    request.add({ o: "g", m: request.argument(member) }, (reply) =>
      replies.onItem(get.resultIndex, member, Array.isArray(reply) ? reply : undefined),
    );
  }
  for (const search of plan.searches) {
    const wanted = search.offset + search.limit;
    if (wanted === 0) continue;
    const queryVector = search.query === undefined ? undefined : queryVectors.get(search.query);
    const queryBytes =
      queryVector === undefined ? undefined : packVectors([queryVector]).subarray(8);
    for (const shard of layout.shardsUnder(search.prefix, false)) {
      const request = requestFor(shard);
      request.add(
        {
          o: "s",
          r: prefixRanges(search.prefixPath).map((bound) => request.argument(bound)),
          f: search.filter,
          q: queryBytes === undefined ? 0 : request.argument(queryBytes),
          d: dims,
          k: wanted,
          // Bytes every member under the prefix starts with (the tie-break skips them).
          p: search.prefixPath === undefined ? 0 : Buffer.byteLength(search.prefixPath),
        },
        (reply) => replies.onHits(search.resultIndex, reply),
      );
    }
  }
  for (const list of plan.lists) {
    const leading = fixedLeadingLabels(list.prefix);
    const encoded = leading.length === 0 ? undefined : readNamespace(leading, "prefix", false);
    for (const shard of layout.shardsUnder(list.prefix ?? [], true)) {
      const request = requestFor(shard);
      request.add(
        { o: "l", r: namespaceRanges(encoded).map((bound) => request.argument(bound)) },
        (reply) => replies.onNamespaces(list.resultIndex, texts(reply)),
      );
    }
  }
}

/** Adds the batch's puts and deletes, after its reads, to their items' shards. */
export function addWrites(
  writes: readonly PreparedWrite[],
  layout: StoreKeyLayout,
  requestFor: (shard: number) => ShardRequest,
): void {
  for (const { request: write, ttlMs, vectors } of writes) {
    const request = requestFor(layout.shardOf(write.address.namespace));
    const member = request.argument(write.address.member);
    const namespacePath = request.argument(write.address.encodedPath);
    if (write.stored === null) {
      request.add({ o: "d", m: member, n: namespacePath });
    } else {
      request.add({
        o: "p",
        m: member,
        n: namespacePath,
        v: request.argument(write.stored),
        e: vectors === undefined ? 0 : request.argument(vectors),
        t: ttlMs,
        f: filterFields(write.stored).flatMap(([name, text]) => [
          request.argument(name),
          request.argument(text),
        ]),
      });
    }
  }
}
