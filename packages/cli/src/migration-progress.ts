/**
 * Which threads a previous run already copied and verified, so a resumed run skips them
 * without reading the target. Without one, every thread is compared with the target, which
 * is slower but reaches the same result.
 */
export interface MigrationProgress {
  isComplete(threadId: string): boolean;
  /** Called once a thread is copied and verified; durable before it resolves. */
  markComplete(threadId: string): Promise<void>;
}
