import { randomBytes } from "node:crypto";

/** A name no other saver instance of this or a concurrent run uses: `ck_bench_<hex>`. */
export function uniqueStorageName(prefix = "ck_bench"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}
