/**
 * Counts the network round trips a saver makes, as seen by its client. Instrumented clients
 * call `recordRoundTrip()`; scenarios `reset()` before the measured operations and read the
 * total afterwards, so connection setup and warm-up never count.
 */
export class RoundTripCounter {
  roundTrips = 0;
  /** Commands or statements; a pipeline is one round trip but several commands. */
  commands = 0;

  recordRoundTrip(commands = 1): void {
    this.roundTrips += 1;
    this.commands += commands;
  }

  recordCommandInSameRoundTrip(): void {
    this.commands += 1;
  }

  reset(): void {
    this.roundTrips = 0;
    this.commands = 0;
  }
}
