/** Process-wide telemetry settings of every checkpointkit saver; see `configureTelemetry`. */
export interface TelemetryOptions {
  /**
   * Put the thread id on spans (`checkpointkit.thread_id`). Thread ids can name a user or a
   * conversation: set `false` where traces leave the privacy boundary the ids live in.
   * @default true
   */
  recordThreadIds?: boolean;
}

const settings: Required<TelemetryOptions> = { recordThreadIds: true };

/** Changes the telemetry settings of every saver in the process, from the next operation on. */
export function configureTelemetry(options: TelemetryOptions): void {
  if (options.recordThreadIds !== undefined) settings.recordThreadIds = options.recordThreadIds;
}

export function telemetrySettings(): Readonly<Required<TelemetryOptions>> {
  return settings;
}
