/**
 * Turning whatever a zome call throws into text a person can read, without
 * hiding the original message.
 */

/** An error as the UI shows it: a one-line summary and, when it adds something, the raw text. */
export interface UiError {
  /** What went wrong, e.g. the zome's own validation message. */
  summary: string;
  /** The full original message (conductor error type and text), or null when it equals `summary`. */
  detail: string | null;
}

/**
 * Describes `e` for display.
 * - Conductor errors (`HolochainError`, e.g. `ribosome_error`): the summary is
 *   the text inside `Guest("...")` when the zome returned one (a validation or
 *   guest error), the whole message otherwise; the detail keeps everything.
 * - Schema errors from `@nondominium/client` (zod): the failing fields.
 * - Anything else: its message or string form.
 * Never throws.
 */
export function describeError(e: unknown): UiError {
  if (e && typeof e === "object") {
    const err = e as { name?: unknown; message?: unknown; issues?: unknown };
    if (Array.isArray(err.issues)) {
      const issues = err.issues as { path?: unknown[]; message?: string }[];
      const text = issues.map((i) => `${(i.path ?? []).join(".") || "(value)"}: ${i.message ?? "invalid"}`).join("; ");
      return { summary: `Unexpected data from the conductor: ${text}`, detail: null };
    }
    const message = typeof err.message === "string" ? err.message : stringify(err.message);
    const name = typeof err.name === "string" ? err.name : "";
    const guest = extractGuestMessage(message);
    const summary = guest ?? (message || name || "Unknown error");
    const full = name && name !== "Error" ? `${name}: ${message}` : message;
    return { summary, detail: full && full !== summary ? full : null };
  }
  return { summary: String(e), detail: null };
}

/**
 * The message a zome put in `wasm_error!(Guest(..))` (or a validation
 * failure), unescaped, if `message` contains one; otherwise null.
 */
export function extractGuestMessage(message: string): string | null {
  const m = /Guest\("((?:[^"\\]|\\.)*)"\)/.exec(message);
  if (m) return m[1].replace(/\\(.)/g, "$1");
  const v = /InvalidCommit\("((?:[^"\\]|\\.)*)"\)|Invalid\("((?:[^"\\]|\\.)*)"\)/.exec(message);
  if (v) return (v[1] ?? v[2]).replace(/\\(.)/g, "$1");
  return null;
}

function stringify(v: unknown): string {
  if (v === undefined || v === null) return "";
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
