import { captureTelemetry, stopLiveCaptures, type TelemetryCapture } from "./capture-telemetry.js";

/**
 * Registers the SDK with in-memory exporters before each test of the enclosing block and
 * hands that test's capture to `assign`; after the test it stops every capture still
 * registered (also one the test registered itself with `captureTelemetry()`), so each test
 * sees only its own spans and metrics and the next one can register again. Call it at the top
 * level of a jest test file or in a `describe`.
 */
export function useTelemetryCapture(assign: (capture: TelemetryCapture) => void): void {
  beforeEach(() => {
    assign(captureTelemetry());
  });
  afterEach(async () => {
    await stopLiveCaptures();
  });
}
