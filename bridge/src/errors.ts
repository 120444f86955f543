/**
 * How the bridge answers a failed conductor call (spec §8.4): a refusal by a
 * zome or by validation is the caller's to fix (4xx with the zome's own
 * message, never retried); a conductor that cannot be reached is transient
 * (503, and a queued write is retried with backoff).
 */

/** A call the bridge could not make because the conductor is unreachable: 503. */
export class ConductorUnavailable extends Error {}

/** What a failed call means for the HTTP answer and for a queued write's retries. */
export interface CallFailure {
  /** HTTP status: 400 input refused before any call, 422 refused by a zome or validation, 503 conductor unreachable, 504 outcome unknown. */
  status: number;
  /** The zome's message (or the connection problem), without the conductor's wrapping. */
  message: string;
  /**
   * Whether running the call again is safe and may succeed: only when the
   * conductor certainly did not run it (unreachable, or "source chain head
   * has moved", which writes nothing). A timeout is not: the call may have
   * committed, so retrying could write twice.
   */
  retryable: boolean;
}

const UNREACHABLE = /WebsocketClosedError|Websocket is not open|websocket closed|ECONNREFUSED|ECONNRESET|socket hang up|could not connect|conductor unavailable/i;
const TIMEOUT = /timed? ?out|TimeoutError/i;

/**
 * The zome's own message inside a conductor error: the text of `Guest("…")`
 * (a zome's `wasm_error!`, which is how validation refusals reach the
 * caller too), else the message as given.
 */
export function zomeMessage(raw: string): string {
  const guest = /Guest\("((?:[^"\\]|\\.)*)"\)/.exec(raw);
  if (guest) return guest[1].replace(/\\(.)/g, "$1");
  const invalid = /InvalidCommit\W*(?:reason:\s*)?"?((?:[^"\\]|\\.)*)"?/.exec(raw);
  if (invalid && invalid[1]) return invalid[1].replace(/\\(.)/g, "$1");
  return raw;
}

/** Classifies an error thrown by a `NondominiumClient` call (or by the connection to the conductor). */
export function classify(error: unknown): CallFailure {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConductorUnavailable || UNREACHABLE.test(raw)) return { status: 503, message: `conductor unavailable: ${message}`, retryable: true };
  if (/source chain head has moved/.test(raw)) return { status: 503, message, retryable: true };
  if (/: invalid input: /.test(message)) return { status: 400, message, retryable: false };
  if (TIMEOUT.test(raw)) return { status: 504, message: `conductor call timed out, outcome unknown: ${message}`, retryable: false };
  return { status: 422, message: zomeMessage(message), retryable: false };
}
