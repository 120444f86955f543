/**
 * The part of `libsodium-wrappers` that `@holochain/client` uses in a browser,
 * on @noble/ed25519 (audited, ~5 KB) instead of libsodium's ~230 KB gzipped
 * Emscripten build. `vite.config.ts` aliases `libsodium-wrappers` to this
 * module in the UI's bundle only; Node (tests, scripts) keeps real libsodium,
 * and `tests/src/sodium-shim.test.ts` checks that both give the same bytes.
 *
 * What @holochain/client 0.20.1 calls (lib/api/app/websocket.js,
 * lib/api/zome-call-signing.js): `ready`, `crypto_sign(message, secretKey)`
 * then `.subarray(0, crypto_sign_BYTES)` (a detached Ed25519 signature of the
 * zome call's SHA-512), `crypto_sign_keypair()` and `randombytes_buf(n)`.
 * Anything else throws, naming what is missing, rather than signing wrongly.
 *
 * Key shapes follow libsodium: a secret key is 64 bytes, the 32-byte seed
 * followed by the 32-byte public key.
 */
import * as ed from "@noble/ed25519";
import { sha512 } from "js-sha512";

ed.hashes.sha512 = (message: Uint8Array) => new Uint8Array(sha512.arrayBuffer(message));

/** Bytes of an Ed25519 signature. */
const SIGNATURE_BYTES = 64;
/** Bytes of a libsodium Ed25519 secret key (seed ‖ public key). */
const SECRET_KEY_BYTES = 64;

/** libsodium's KeyPair shape. */
export interface KeyPair {
  keyType: "ed25519";
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * libsodium's combined mode: the 64-byte signature of `message` by
 * `secretKey` (64 bytes: seed ‖ public key), followed by `message`.
 * Throws a RangeError when the key is not 64 bytes.
 */
function crypto_sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`crypto_sign: secretKey must be ${SECRET_KEY_BYTES} bytes (seed and public key), got ${secretKey.length}`);
  }
  const signature = ed.sign(message, secretKey.subarray(0, 32));
  const signed = new Uint8Array(SIGNATURE_BYTES + message.length);
  signed.set(signature, 0);
  signed.set(message, SIGNATURE_BYTES);
  return signed;
}

/** A new random Ed25519 key pair in libsodium's shape (private key = seed ‖ public key). */
function crypto_sign_keypair(): KeyPair {
  const seed = ed.utils.randomSecretKey();
  const publicKey = ed.getPublicKey(seed);
  const privateKey = new Uint8Array(SECRET_KEY_BYTES);
  privateKey.set(seed, 0);
  privateKey.set(publicKey, 32);
  return { keyType: "ed25519", publicKey, privateKey };
}

/** `n` bytes from the platform's CSPRNG (`crypto.getRandomValues`). */
function randombytes_buf(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

const implemented = {
  ready: Promise.resolve(),
  crypto_sign_BYTES: SIGNATURE_BYTES,
  crypto_sign,
  crypto_sign_keypair,
  randombytes_buf,
};

/**
 * The default export `@holochain/client` imports as `_sodium`. A libsodium
 * function this shim lacks (`crypto_*`, `randombytes_*`, `sodium_*`) throws
 * when read, naming it; other names (module interop probes) read undefined.
 */
const sodium = new Proxy(implemented, {
  get(target, name) {
    if (name in target) return target[name as keyof typeof target];
    if (typeof name === "string" && /^(crypto_|randombytes_|sodium_)/.test(name)) {
      throw new Error(`libsodium shim (ui/src/lib/sodium-shim.ts): ${name} is not implemented`);
    }
    return undefined;
  },
});

export default sodium;
