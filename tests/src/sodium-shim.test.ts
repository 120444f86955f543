/**
 * The UI signs zome calls through ui/src/lib/sodium-shim.ts (@noble/ed25519)
 * instead of libsodium. These checks hold it to libsodium's bytes: the same
 * secret key and message give the same combined signature, its key pairs are
 * libsodium key pairs, and the members it lacks fail loudly. (The browser
 * test then proves the conductor accepts the UI's signed calls.)
 */
import _sodium from "libsodium-wrappers";
import { beforeAll, describe, expect, it } from "vitest";
import shim from "../../ui/src/lib/sodium-shim";

let sodium: typeof _sodium;
beforeAll(async () => {
  await _sodium.ready;
  sodium = _sodium;
});

describe("libsodium shim of the UI", () => {
  it("signs exactly as libsodium's crypto_sign for 50 random keys and messages", async () => {
    await shim.ready;
    expect(shim.crypto_sign_BYTES).toBe(sodium.crypto_sign_BYTES);
    for (let i = 0; i < 50; i++) {
      const pair = sodium.crypto_sign_seed_keypair(sodium.randombytes_buf(32));
      const message = sodium.randombytes_buf(i * 7); // 0..343 bytes, the empty message included
      expect(shim.crypto_sign(message, pair.privateKey)).toEqual(sodium.crypto_sign(message, pair.privateKey));
    }
  });

  it("makes key pairs libsodium recognises: private key = seed ‖ public key", () => {
    for (let i = 0; i < 10; i++) {
      const pair = shim.crypto_sign_keypair();
      expect(pair.privateKey.length).toBe(64);
      const again = sodium.crypto_sign_seed_keypair(pair.privateKey.subarray(0, 32));
      expect(pair.publicKey).toEqual(again.publicKey);
      expect(pair.privateKey).toEqual(again.privateKey);
      const message = sodium.randombytes_buf(64);
      const signature = shim.crypto_sign(message, pair.privateKey).subarray(0, 64);
      expect(sodium.crypto_sign_verify_detached(signature, message, pair.publicKey)).toBe(true);
    }
    const a = shim.randombytes_buf(32);
    expect(a.length).toBe(32);
    expect(a).not.toEqual(shim.randombytes_buf(32));
  });

  it("refuses a secret key of the wrong size and names what it does not implement", () => {
    expect(() => shim.crypto_sign(new Uint8Array(8), new Uint8Array(32))).toThrow(
      "crypto_sign: secretKey must be 64 bytes (seed and public key), got 32",
    );
    const anyShim = shim as unknown as Record<string, unknown>;
    expect(() => anyShim.crypto_box_keypair).toThrow("crypto_box_keypair is not implemented");
    expect(anyShim.__esModule).toBeUndefined();
  });
});
