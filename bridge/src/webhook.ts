/**
 * Signal forwarding (spec §8.4, SPEC-FUT-BRG-04): the bridge POSTs the
 * signals an organisation needs to hear to its webhook, signed with
 * HMAC-SHA256 over `<timestamp>.<raw body>`:
 *
 *   X-Nondominium-Timestamp: <unix seconds>
 *   X-Nondominium-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 *   X-Nondominium-Delivery:  <delivery id, the same on every retry>
 *
 * A receiver verifies with `verifyWebhook`: the signature over the exact
 * bytes received, and a timestamp within the replay window (default 300 s).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-nondominium-signature";
export const TIMESTAMP_HEADER = "x-nondominium-timestamp";
export const DELIVERY_HEADER = "x-nondominium-delivery";

/** The `X-Nondominium-Signature` value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers of one signed delivery of `body`, at `now` (ms since the epoch). */
export function signedHeaders(secret: string, body: string, deliveryId: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    "content-type": "application/json",
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
    [DELIVERY_HEADER]: deliveryId,
  };
}

/** Why a delivery was refused, or ok. */
export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Verifies one delivery as received: `body` the raw bytes (as text),
 * `timestamp` and `signature` the headers. Refused when a header is
 * missing, the timestamp is outside `toleranceSeconds` of `now` (ms; a
 * replayed old delivery), or the signature does not match (a tampered body
 * or timestamp, or another secret). Constant-time comparison.
 */
export function verifyWebhook(args: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  toleranceSeconds?: number;
  now?: number;
}): WebhookVerdict {
  const { secret, body, timestamp, signature, toleranceSeconds = 300, now = Date.now() } = args;
  if (!timestamp || !signature) return { ok: false, reason: "missing signature or timestamp header" };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: "timestamp is not unix seconds" };
  if (Math.abs(now / 1000 - ts) > toleranceSeconds) return { ok: false, reason: `timestamp outside the ${toleranceSeconds} s replay window` };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}

/** Where and how the bridge forwards signals. */
export interface WebhookConfig {
  url: string;
  secret: string;
  /** Entry types to forward (`SignalEntryType`s, e.g. "Commitment", "Claim", "EconomicResource", "ValidationReceipt"); empty: all. */
  entryTypes: string[];
  /** Delivery attempts before the delivery counts as failed (default 6). */
  attempts?: number;
  /** First retry delay in ms, doubled per attempt (default 500). */
  backoffMs?: number;
}

/**
 * POSTs `body` to the webhook, retrying with exponential backoff on a
 * network error or a non-2xx answer; resolves when delivered, rejects after
 * the last attempt. Each attempt is signed afresh (a new timestamp), with
 * the same delivery id.
 */
export async function deliver(config: WebhookConfig, body: string, deliveryId: string, onAttemptFailed?: (e: Error) => void): Promise<void> {
  const attempts = config.attempts ?? 6;
  const backoff = config.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(config.url, { method: "POST", headers: signedHeaders(config.secret, body, deliveryId), body, signal: AbortSignal.timeout(10_000) });
      if (res.ok) return;
      throw new Error(`webhook answered ${res.status}`);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      onAttemptFailed?.(error);
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, backoff * 2 ** (attempt - 1)));
    }
  }
}
