import { threadPartition } from "../src/cosmos-items.js";
import { THREAD_ITEM_ID } from "../src/cosmos-thread-item.js";
import type { CosmosSaver } from "../src/index.js";

type RawItem = Record<string, unknown> & { id: string; kind: string };

/**
 * Rewrites a thread's partition as the releases before size records stored it: checkpoint
 * items and heads without `stored_size`/`stored_bytes`, and no thread item.
 */
export async function rewriteAsPreSizeLayout(saver: CosmosSaver, threadId: string): Promise<void> {
  const { partitionKey } = threadPartition(threadId, undefined);
  const { resources } = await saver.container.items
    .query<RawItem>("SELECT * FROM c", { partitionKey })
    .fetchAll();
  for (const item of resources) {
    const { _rid, _self, _etag, _attachments, _ts, ...body } = item;
    if (item.kind === "checkpoint" || item.kind === "head") {
      const { stored_size: _size, stored_bytes: _bytes, ...older } = body;
      await saver.container.items.upsert(older);
    }
  }
  await saver.container.item(THREAD_ITEM_ID, partitionKey).delete();
}
