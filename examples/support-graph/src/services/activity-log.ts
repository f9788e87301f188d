import type { SupportNodeName } from "../state.js";

/** Something a node or a service did; counted so a run can prove what did (not) happen. */
export type ActivityEvent =
  | { kind: "node-started"; node: SupportNodeName }
  | { kind: "transactions-fetched"; customerId: string }
  | { kind: "password-reset-sent"; customerId: string; resetTicket: string }
  | { kind: "refund-issued"; refundId: string; idempotencyKey: string }
  | { kind: "refund-replayed"; refundId: string; idempotencyKey: string };

export type ActivityKind = ActivityEvent["kind"];

/**
 * Awaited before the activity continues, so a listener can hold a node (the crash scenario
 * parks the policy node until its process is killed) or forward events to another process.
 */
export type ActivityListener = (event: ActivityEvent) => void | Promise<void>;

/** Counts node starts and service side effects within one process. */
export class ActivityLog {
  private readonly events: ActivityEvent[] = [];
  private readonly listeners: ActivityListener[] = [];

  /** Returns a function that removes the listener. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  async record(event: ActivityEvent): Promise<void> {
    this.events.push(event);
    for (const listener of this.listeners) await listener(event);
  }

  /** How many events of `kind` were recorded; for `node-started`, optionally of one node. */
  count(kind: ActivityKind, node?: SupportNodeName): number {
    return this.events.filter(
      (event) =>
        event.kind === kind &&
        (node === undefined || (event.kind === "node-started" && event.node === node)),
    ).length;
  }

  /** Node starts per node, e.g. `{ billing: 1, account: 1, policy: 2, response: 1 }`. */
  nodeStarts(): Partial<Record<SupportNodeName, number>> {
    const starts: Partial<Record<SupportNodeName, number>> = {};
    for (const event of this.events) {
      if (event.kind === "node-started") starts[event.node] = (starts[event.node] ?? 0) + 1;
    }
    return starts;
  }

  all(): readonly ActivityEvent[] {
    return this.events;
  }
}
