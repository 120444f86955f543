/**
 * Small helpers for the 39-byte HoloHashes (agent keys, action hashes) the
 * zomes return as Uint8Array.
 */
import { encodeHashToBase64 } from "@holochain/client";

/** A stable string key for a hash (its base64 form, e.g. `uhCAk…`), for maps and keyed lists. */
export function hashKey(hash: Uint8Array): string {
  return encodeHashToBase64(hash);
}

/** True when both hashes hold the same bytes. */
export function sameHash(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short display form of a hash, e.g. `uhCAkq3x…Zt9w`, for agents without a profile. */
export function shortHash(hash: Uint8Array): string {
  const b64 = encodeHashToBase64(hash);
  return `${b64.slice(0, 8)}…${b64.slice(-4)}`;
}

/** A Holochain timestamp (microseconds since the epoch) as a local date-time string. */
export function formatTimestamp(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A copy of `hash` typed `Uint8Array<ArrayBuffer>`, which the input schemas of
 * `@nondominium/client` require, while its records and `myPubKey` are typed
 * with the wider `Uint8Array<ArrayBufferLike>`.
 */
export function asInput(hash: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(hash);
}
