/**
 * A test server binary is missing. Tests never skip silently for lack of a server: this
 * error says how to install it or how to point the tests at an external server instead.
 */
export class ServerBinaryNotFoundError extends Error {
  override readonly name = "ServerBinaryNotFoundError";

  constructor(binary: string, installHint: string, options: { cause?: unknown } = {}) {
    super(`\`${binary}\` was not found on PATH. ${installHint}`, options);
  }
}
