import { randomUUID } from "node:crypto";
import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { StoreCreateOptions, StoreHarness } from "./store-harness.js";

/** Per-test budget of the store specs: real servers on a shared machine. */
export const STORE_SPEC_TIMEOUT_MS = 30_000;

/**
 * A store created before the enclosing `describe`'s tests and destroyed after them; the
 * returned getter reads it. Specs that count namespaces get a block (and store) of their own.
 */
export function useStore(harness: StoreHarness, options?: StoreCreateOptions): () => BaseStore {
  let store: BaseStore | undefined;
  beforeAll(async () => {
    store = await harness.create(options);
  }, STORE_SPEC_TIMEOUT_MS);
  afterAll(async () => {
    if (store !== undefined) await harness.destroy?.(store);
    store = undefined;
  }, STORE_SPEC_TIMEOUT_MS);
  return () => {
    if (store === undefined) throw new Error("the store is not created yet");
    return store;
  };
}

/** A root label no other test uses, so tests sharing one store never see each other's items. */
export function freshRoot(): string {
  return `r${randomUUID().replaceAll("-", "")}`;
}

/** Keys of search results, in result order. */
export function keysOf(items: ReadonlyArray<{ key: string }>): string[] {
  return items.map((item) => item.key);
}

/** The rejection of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (error: unknown) => error,
  );
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
