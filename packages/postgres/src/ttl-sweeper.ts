/**
 * Runs `deleteExpiredThreads` every `intervalMs` in the background, one sweep at a time.
 * The timer is unref'd, so it never keeps a process alive; a failed sweep is reported to
 * `onError` and simply retried at the next tick.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly sweep: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }
}
