/**
 * Privacy (spec §4.1.2, §4.3.6; REQ-SEC-06): no function serves the content
 * of a private entry — identity data (`PrivateProfile`) or a private
 * participation receipt (`PrivateParticipationClaim`) — to anyone but its
 * owner and, for identity data, the fields the owner granted.
 *
 * Alice stores identity data made of unique marker strings and grants Bob
 * one field; Bob approves her resource, so both hold private receipts.
 * Carol, a third agent on another conductor, then calls every read function
 * of the three coordinator zomes (every `#[hdk_extern]` named get_, find_,
 * search_, check_, is_, list_, read_ or verify_, read from the Rust sources)
 * with every payload a curious agent could try (nothing, each agent's key,
 * each hash the test knows, the private records' own hashes included): no
 * answer may contain a marker. Bob's granted read shows the markers are
 * found when served, and only the granted one.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import { addAgents, type Agent, approveResource, DirectWrite, eventually, sampleSpec } from "../src/common.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const READ_PREFIXES = ["get_", "find_", "search_", "check_", "is_", "list_", "read_", "verify_"];

/** Every read function of each coordinator zome, from its `#[hdk_extern]` functions. */
function readFunctions(): { zome: string; fn: string }[] {
  const out: { zome: string; fn: string }[] = [];
  for (const zome of ["person", "resource", "governance"]) {
    const dir = join(root, "dnas", "nondominium", "zomes", "coordinator", zome, "src");
    for (const file of readdirSync(dir)) {
      const src = readFileSync(join(dir, file), "utf8");
      for (const m of src.matchAll(/#\[hdk_extern[^\]]*\]\s*pub fn (\w+)/g)) {
        if (READ_PREFIXES.some((p) => m[1].startsWith(p))) out.push({ zome, fn: m[1] });
      }
    }
  }
  return out;
}

/** A response as text, hashes and byte arrays as base64 and as Latin-1 text, so a marker inside bytes is found too. */
function asText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v instanceof Uint8Array) return `${Buffer.from(v).toString("base64")} ${Buffer.from(v).toString("latin1")}`;
    if (v && typeof v === "object" && v.type === "Buffer" && Array.isArray(v.data)) return Buffer.from(v.data).toString("latin1");
    return v;
  });
}

describe("no read function serves private content to a third agent", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let bob: Agent;
  let carol: Agent;
  const tag = Math.random().toString(36).slice(2, 10);
  const secrets = {
    legal_name: `Legalname-${tag}`,
    address: `${tag} Hidden Lane`,
    email: `${tag}@private.example`,
    photo_id_hash: `photo-${tag}`,
  };
  let privateData: Uint8Array;
  let aliceClaims: Uint8Array[];
  const known: Uint8Array[] = [];

  beforeAll(async () => {
    // Alice (progenitor) and Bob share a conductor; Carol is on her own.
    [alice, bob, carol] = await addAgents(scenario, [2, 1], [0, 1]);
    for (const [a, name] of [[alice, "Alice"], [bob, "Bob"], [carol, "Carol"]] as const) {
      known.push((await a.client.person.createProfile({ name })).actionHash);
    }
    privateData = await alice.client.person.storePrivateData(secrets);
    const grant = await alice.client.person.grantPrivateDataAccess({
      agent: bob.pubKey,
      fields: ["legal_name"],
      expires_at: Date.now() * 1000 + 3_600_000_000,
    });
    const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Private drill" }))).actionHash;
    const resource = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await eventually("Bob to see the specification", () => bob.client.resource.getResourceSpec(spec));
    const validated = await approveResource(alice, [bob], resource);
    // The approval's receipts: one private claim on each party's chain.
    const claims = await eventually("Alice's private receipt", async () => {
      const mine = await alice.client.governance.getMyParticipationClaims();
      return mine.length > 0 ? mine : null;
    });
    aliceClaims = claims.map((c) => c.claim_hash);
    known.push(privateData, grant.grant_hash, spec, resource, validated.actionHash, ...aliceClaims);
    if (grant.disclosure_hash) known.push(grant.disclosure_hash);
    await eventually("Carol to see Alice's resource", () => carol.client.resource.getEconomicResource(resource));
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("the markers are real: the owner reads them, a grantee reads only the granted field", async () => {
    expect(await alice.client.person.getMyPrivateData()).toMatchObject(secrets);
    const shared = asText(await eventually("Bob's granted read", () => bob.client.person.getAgentPrivateData(alice.pubKey)));
    expect(shared).toContain(secrets.legal_name);
    for (const field of ["address", "email", "photo_id_hash"] as const) expect(shared).not.toContain(secrets[field]);
  });

  test("a direct get of a private record by a third agent returns no content", async () => {
    const dwCarol = new DirectWrite(carol.player);
    for (const hash of [privateData, ...aliceClaims]) {
      const view = await dwCarol.localView(hash);
      expect(view.entry_content_found, encodeHashToBase64(hash)).toBe(false);
    }
    await expect(carol.client.person.getAgentPrivateData(alice.pubKey)).rejects.toThrow();
  });

  test("every read function, every payload: no marker reaches the third agent", async () => {
    const functions = readFunctions();
    expect(functions.length).toBeGreaterThan(40);
    const payloads: unknown[] = [null, alice.pubKey, bob.pubKey, carol.pubKey, ...known, "Legalname", tag, { offset: 0, limit: 50 }];
    let calls = 0;
    let answered = 0;
    for (const { zome, fn } of functions) {
      for (const payload of payloads) {
        calls++;
        let answer: unknown;
        try {
          answer = await carol.player.appWs.callZome({ role_name: "nondominium", zome_name: zome, fn_name: fn, payload });
          answered++;
        } catch (e) {
          answer = String(e);
        }
        const text = asText(answer);
        for (const secret of Object.values(secrets)) {
          expect(text.includes(secret), `${zome}.${fn}(${asText(payload).slice(0, 60)}) served ${secret}`).toBe(false);
        }
      }
    }
    console.log(`privacy walk: ${functions.length} read functions, ${calls} calls as a third agent, ${answered} answered, no marker served`);
    // The walk reached real data, not only errors.
    expect(answered).toBeGreaterThan(functions.length);
  });
});
