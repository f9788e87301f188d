import { type WritesItem, writeItemId } from "../src/cosmos-items.js";
import { resolveWrites } from "../src/cosmos-writes-log.js";
import type { CosmosSaver } from "../src/index.js";

type RawItem = Record<string, unknown> & { id: string; kind: string };

/**
 * Rewrites a thread's partition into the layout of the releases before writes items, item by
 * item, the way those releases stored it: checkpoint items and heads without `writes_id`,
 * value copies or `read_value_ids`, and every pending write as its own `write` item (id
 * `write:<ns>:<checkpoint>:<task>:<idx>`, its chunks owned by that id). Thread ids without
 * reserved characters are their own partition key. Returns how many writes it converted.
 */
export async function rewriteAsLegacyLayout(saver: CosmosSaver, threadId: string): Promise<number> {
  const container = saver.container;
  const { resources } = await container.items
    .query<RawItem>("SELECT * FROM c", { partitionKey: threadId })
    .fetchAll();
  let converted = 0;
  for (const item of resources) {
    const { _rid, _self, _etag, _attachments, _ts, ...body } = item;
    if (item.kind === "checkpoint") {
      const { writes_id: _writes, value_copies: _copies, ...legacy } = body;
      await container.items.upsert(legacy);
    } else if (item.kind === "head") {
      const { writes_id: _writes, read_value_ids: _read, ...legacy } = body;
      await container.items.upsert(legacy);
    } else if (item.kind === "writes") {
      const writesItem = body as unknown as WritesItem;
      for (const write of resolveWrites([], [writesItem])) {
        if (write.payload.data === undefined) {
          throw new Error("rewriteAsLegacyLayout: chunked write payloads are not converted");
        }
        await container.items.create({
          ...write,
          id: writeItemId(write.checkpoint_ns, write.checkpoint_id, write.task_id, write.idx),
          kind: "write",
        });
        converted += 1;
      }
      await container.item(item.id, threadId).delete();
    }
  }
  return converted;
}
