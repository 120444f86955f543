/**
 * Private Participation Receipts and reputation (spec §4.3.6-4.3.12;
 * REQ-PPR-01..12) on two conductors: Alice and Carol share one, Bob and Dan
 * the other; Alice and Bob are progenitors (Accountable), Carol and Dan
 * members. Every
 * completed interaction gives exactly two receipts, one private entry on each
 * party's chain, both signed by both, and one public attestation that
 * integrity checks against the interaction; a reputation summary is exactly
 * the figures of the receipts, and a shared one verifies only as signed.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { NondominiumClient, type ParticipationReceipt } from "@nondominium/client";
import { addAgents, type Agent, approveResource, DirectWrite, ENTRY, eventually, once, sameBytes, sampleSpec } from "./common.js";

const nowUs = () => Date.now() * 1000;

describe("participation receipts and reputation", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent, dan: Agent;
  let dwAlice: DirectWrite, dwBob: DirectWrite, dwCarol: DirectWrite;
  let spec: Uint8Array;

  /** `owner`'s receipt about the interaction `about`, once issued. */
  const receiptOf = (owner: Agent, about: Uint8Array): Promise<ParticipationReceipt> =>
    eventually("the receipt to be issued", async () => {
      const found = (await owner.client.governance.getMyParticipationClaims()).filter((r) => sameBytes(r.claim.terms.about, about));
      expect(found.length).toBeLessThanOrEqual(1);
      return found[0];
    });
  /** A new resource of `owner`'s, approved by `validator`; returns it and the approving receipt. */
  async function approvedBy(owner: Agent, validator: Agent) {
    const resource = (await owner.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await eventually("the validator to see the resource", () => validator.client.resource.getEconomicResource(resource));
    const receipt = await validator.client.governance.validateNewResource({ resource_hash: resource, approved: true, notes: null });
    return { resource, receipt: receipt.actionHash };
  }
  /**
   * `provider` hands a Validated resource to `receiver` through a commitment
   * the receiver proposes with a due date 1.5 s away, claimed after it
   * passed (late). Returns the Claim's action hash.
   */
  async function lateTransfer(provider: Agent, receiver: Agent): Promise<Uint8Array> {
    const resource = (await provider.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(provider, [receiver], resource);
    await eventually("the receiver to see the Validated resource", async () => {
      const state = await receiver.client.resource.getEconomicResource(resource);
      return state?.latest.entry.status === "Validated";
    });
    const due = nowUs() + 1_500_000;
    const proposed = await receiver.client.governance.proposeCommitment({
      action: "TransferCustody",
      provider: provider.pubKey,
      receiver: receiver.pubKey,
      resource_inventoried_as: resource,
      resource_quantity: 1,
      due_date: due,
    });
    await eventually("the provider to see the proposal", () => provider.client.governance.getCommitment(proposed.actionHash));
    await provider.client.governance.acceptCommitment({ commitment_hash: proposed.actionHash });
    await eventually("the due date to pass", async () => nowUs() > due + 100_000);
    const claimed = await provider.client.governance.claimCommitment({ commitment_hash: proposed.actionHash });
    return claimed.claim.actionHash;
  }

  beforeAll(async () => {
    // Dan is the receiver of the min_reputation test only, so that no other test's receipts raise his reputation.
    [alice, carol, bob, dan] = await addAgents(scenario, [2, 2], [0, 2]);
    [dwAlice, dwBob, dwCarol] = [alice, bob, carol].map((a) => new DirectWrite(a.player));
    await Promise.all([alice, bob, carol, dan].map((a, i) => a.client.person.createProfile({ name: ["Alice", "Bob", "Carol", "Dan"][i] })));
    spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Pressure washer" }))).actionHash;
    await eventually("Bob, Carol and Dan to see the specification", async () =>
      (await bob.client.resource.getResourceSpec(spec)) && (await carol.client.resource.getResourceSpec(spec)) && (await dan.client.resource.getResourceSpec(spec)),
    );
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("a resource approval gives exactly two receipts, one per chain, signed by both; a third agent reads neither", async () => {
    const { resource, receipt } = await approvedBy(alice, bob);
    const [bobs, alices] = [await receiptOf(bob, receipt), await receiptOf(alice, receipt)];
    expect(bobs.claim.claim_type).toBe("NetworkValidation");
    expect(sameBytes(bobs.claim.counterparty, alice.pubKey)).toBe(true);
    expect(alices.claim.claim_type).toBe("ResourceContribution");
    expect(sameBytes(alices.claim.counterparty, bob.pubKey)).toBe(true);
    // The same terms and signatures on both chains, about the approval of this resource.
    expect(alices.claim.terms).toEqual(bobs.claim.terms);
    expect(alices.claim.bilateral_signature).toEqual(bobs.claim.bilateral_signature);
    expect(sameBytes(alices.attestation_entry_hash, bobs.attestation_entry_hash)).toBe(true);
    expect(bobs.claim.terms.interaction_context).toBe("resource_validation");
    expect(sameBytes(bobs.claim.terms.resource_reference!, resource)).toBe(true);
    expect(bobs.claim.terms.performance_metrics.timeliness_score).toBe(1);
    expect(await bob.client.governance.validateParticipationClaimSignature(bobs.claim_hash)).toBe(true);
    expect(await alice.client.governance.validateParticipationClaimSignature(alices.claim_hash)).toBe(true);
    // Carol (a third agent, on Alice's conductor) never gets either receipt's content.
    for (const hash of [alices.claim_hash, bobs.claim_hash]) {
      expect((await dwCarol.localView(hash)).entry_content_found).toBe(false);
    }
    // Only the interaction's author issues its receipts (Bob did not write Alice's resource).
    await expect(bob.client.governance.issueParticipationReceipts(resource)).rejects.toThrow(
      /issue_participation_receipts: only the author of an interaction issues its receipts/,
    );
    // Asking again returns the same pair: never a second one.
    const again = await bob.client.governance.issueParticipationReceipts(receipt);
    expect(sameBytes(again!.attestation_entry_hash, bobs.attestation_entry_hash)).toBe(true);
    expect((await bob.client.governance.getParticipationClaimsByType("NetworkValidation")).filter((r) => sameBytes(r.claim.terms.about, receipt))).toHaveLength(1);
  });

  test("approvals made back to back each start after the previous one's receipts, so none is run again", async () => {
    // Without the client's wait (client/src/exchange-gate.ts) the next approval's zome call left as soon as the
    // previous one returned, while that one's receipt exchange was about to write on Bob's chain, and lost an
    // attempt when the exchange wrote first (19 of 30 approvals in the quick bench).
    const resources: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) resources.push((await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash);
    for (const r of resources) await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(r));
    // Bob's connection, with each validate_new_resource zome call noted as it leaves: how many of his
    // attestations (the last write of an exchange) had reached him by then.
    let attested = 0;
    const attestedWhenSent: number[] = [];
    const connection = new Proxy(bob.player.appWs, {
      get(target, prop) {
        if (prop === "callZome") {
          return (request: { fn_name: string }, ...rest: unknown[]) => {
            if (request.fn_name === "validate_new_resource") attestedWhenSent.push(attested);
            return (target.callZome as (...args: unknown[]) => unknown)(request, ...rest);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    // A wait that never gives up first, so a slow exchange on a busy machine cannot end it early.
    const bobsClient = new NondominiumClient(connection, undefined, { exchangeWaitMs: 60_000 });
    const stopSignals = bobsClient.onSignal((s) => {
      if (s.entry_type === "ParticipationAttestation" && sameBytes(s.author, bob.pubKey)) attested++;
    });
    const retried: string[] = [];
    const stop = bobsClient.onRetry((zome, fnName, attempt, error) => retried.push(`${zome}.${fnName} attempt ${attempt}: ${String(error).slice(0, 120)}`));
    try {
      const receipts: Uint8Array[] = [];
      for (const r of resources) {
        receipts.push((await bobsClient.governance.validateNewResource({ resource_hash: r, approved: true, notes: null })).actionHash);
      }
      // Each approval left after the attestation of every approval before it.
      expect(attestedWhenSent).toEqual([0, 1, 2, 3]);
      expect(retried).toEqual([]);
      // Every approval still gets its pair.
      for (const receipt of receipts) {
        await receiptOf(bob, receipt);
        await receiptOf(alice, receipt);
      }
    } finally {
      stop();
      stopSignals();
      bobsClient.governance.exchanges.close();
    }
  });

  /** Alice's late transfer to Bob, made once by whichever of the two tests below runs first (each runs alone too). */
  const lateClaimOnce = once(() => lateTransfer(alice, bob));
  test("a claimed custody transfer gives ResponsibleTransfer and CustodyAcceptance, with the lateness measured", async () => {
    const lateClaim = await lateClaimOnce();
    const [alices, bobs] = [await receiptOf(alice, lateClaim), await receiptOf(bob, lateClaim)];
    expect(alices.claim.claim_type).toBe("ResponsibleTransfer");
    expect(bobs.claim.claim_type).toBe("CustodyAcceptance");
    expect(bobs.claim.terms).toEqual(alices.claim.terms);
    expect(alices.claim.terms.interaction_context).toBe("custody_transfer");
    expect(alices.claim.terms.fulfills).not.toBeNull();
    expect(alices.claim.terms.performance_metrics).toEqual({
      timeliness_score: 0,
      quality_score: 1,
      reliability_score: 0.5,
      communication_score: 1,
      completion_rate: 1,
      resource_condition_maintained: null,
      additional_metrics: null,
    });
  });

  test("integrity refuses forged receipts: tampered terms, a wrong key, a replayed signature, a second pair, another author, no interaction", async () => {
    const lateClaim = await lateClaimOnce();
    const mine = await receiptOf(alice, lateClaim);
    const terms = mine.claim.terms;
    const signature = mine.claim.bilateral_signature;
    const attestation = (over: object = {}) => ({
      about: lateClaim,
      issuer: alice.pubKey,
      counterparty: bob.pubKey,
      bilateral_signature: signature,
      ...over,
    });
    const signedByBoth = async (t: object) => ({
      signed_data_hash: await dwAlice.hashTerms(t),
      issuer_signature: await dwAlice.signTerms(t),
      counterparty_signature: await dwBob.signTerms(t),
    });
    const WRONG_TERMS = "ParticipationAttestation signed_data_hash must be the hash of the terms its interaction yields";
    // A claim type the transfer does not yield, and a better score, each signed by both parties.
    for (const tampered of [
      { ...terms, issuer_claim_type: "NetworkValidation" },
      { ...terms, performance_metrics: { ...terms.performance_metrics, timeliness_score: 1 } },
    ]) {
      await expect(dwAlice.create(ENTRY.participationAttestation, attestation({ bilateral_signature: await signedByBoth(tampered) }))).rejects.toThrow(WRONG_TERMS);
    }
    // Carol's signature where Bob's must be.
    await expect(
      dwAlice.create(ENTRY.participationAttestation, attestation({ bilateral_signature: { ...signature, counterparty_signature: await dwCarol.signTerms(terms) } })),
    ).rejects.toThrow("ParticipationAttestation counterparty_signature must be the counterparty's signature of the terms");
    // The signatures of another interaction of Alice's (her approval of Bob's resource) replayed on the transfer.
    const other = await receiptOf(alice, (await approvedBy(bob, alice)).receipt);
    await expect(
      dwAlice.create(ENTRY.participationAttestation, attestation({ bilateral_signature: { ...other.claim.bilateral_signature, signed_data_hash: signature.signed_data_hash } })),
    ).rejects.toThrow("ParticipationAttestation issuer_signature must be the issuer's signature of the terms");
    // The genuine attestation again: one pair per interaction.
    await expect(dwAlice.create(ENTRY.participationAttestation, attestation())).rejects.toThrow(
      "ParticipationAttestation already exists for this interaction: one pair of receipts per interaction",
    );
    // Written by the counterparty, or about what is no interaction.
    await expect(dwBob.create(ENTRY.participationAttestation, attestation())).rejects.toThrow("ParticipationAttestation author must be its issuer");
    const aliceResource = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await expect(dwAlice.create(ENTRY.participationAttestation, attestation({ about: aliceResource }))).rejects.toThrow(
      "ParticipationAttestation about must reference a Claim or an approving ValidationReceipt",
    );
    // The private receipt checks the same signatures on its author's conductor, and its side of the terms.
    await expect(
      dwAlice.createPrivate(ENTRY.privateParticipationClaim, { ...mine.claim, bilateral_signature: { ...signature, counterparty_signature: await dwCarol.signTerms(terms) } }),
    ).rejects.toThrow("PrivateParticipationClaim counterparty_signature must be the counterparty's signature of the terms");
    await expect(dwAlice.createPrivate(ENTRY.privateParticipationClaim, { ...mine.claim, claim_type: "CustodyAcceptance" })).rejects.toThrow(
      "PrivateParticipationClaim claim_type must be its author's claim type in the terms",
    );
  });

  test("min_reputation refuses a receiver below it and admits them once their receipts reach it; integrity checks what the event cites", async () => {
    // Resources only for agents with a reputation_score of at least 0.2: two interactions of full performance.
    const guarded = (
      await alice.client.resource.createResourceSpec(
        sampleSpec({
          name: "Guarded press",
          governance_rules: [{ rule_type: "access_requirement", rule_data: JSON.stringify({ min_reputation: 0.2 }), enforced_by: null }],
        }),
      )
    ).actionHash;
    await eventually("Bob to see the guarded specification", () => bob.client.resource.getResourceSpec(guarded));
    const validatedPress = async () => {
      const press = (await alice.client.resource.createEconomicResource({ spec_hash: guarded, quantity: 1, unit: "unit" })).actionHash;
      return { press, revision: (await approveResource(alice, [bob], press)).actionHash };
    };
    const { press } = await validatedPress();
    const toDan = () => alice.client.resource.transferCustody({ resource_hash: press, new_custodian: dan.pubKey });
    await expect(toDan()).rejects.toThrow(/access_requirement \(governance_rules\[0\]\): the receiver has not shared their reputation with you/);
    await dan.client.governance.shareReputationSummary(alice.pubKey);
    expect(await dan.client.governance.getMyParticipationClaims()).toHaveLength(0);
    await expect(toDan()).rejects.toThrow(/access_requirement \(governance_rules\[0\]\): the receiver's reputation_score is 0, below 0.2/);
    // Dan earns two receipts (Bob approves two of his resources): 2 × 1.0 / 10 = 0.2.
    for (let i = 0; i < 2; i++) await receiptOf(dan, (await approvedBy(dan, bob)).receipt);
    await eventually("Alice to verify Dan's two attestations on the DHT", async () => {
      const shared = await alice.client.governance.getSharedReputationSummary(dan.pubKey);
      return shared.verified && shared.signed.covers.length === 2;
    });
    const moved = await toDan();
    expect(sameBytes(moved.entry.custodian, dan.pubKey)).toBe(true);
    const event = (await alice.client.governance.getEconomicEvent(moved.entry.last_event!))!.entry;
    const dans = (await dan.client.governance.getMyParticipationClaims()).map((r) => r.attestation_entry_hash);
    expect(event.receiver_reputation).toHaveLength(2);
    expect(event.receiver_reputation.every((h) => dans.some((c) => sameBytes(c, h)))).toBe(true);

    // Integrity, by direct writes of the transfer event: too little reputation, someone else's, one interaction twice.
    const { revision } = await validatedPress();
    const transfer = (receiver_reputation: Uint8Array[]) => ({
      action: "TransferCustody",
      provider: alice.pubKey,
      receiver: dan.pubKey,
      resource_inventoried_as: revision,
      resource_quantity: 1,
      unit: "unit",
      to_location: null,
      state: null,
      stage: null,
      contained_in: null,
      event_time: nowUs(),
      note: null,
      receiver_credentials: [],
      receiver_reputation,
    });
    await expect(dwAlice.create(ENTRY.economicEvent, transfer(dans.slice(0, 1)))).rejects.toThrow(
      "EconomicEvent receiver_reputation must show a reputation_score of at least 0.2 for access_requirement (governance_rules[0]) (the cited attestations give 0.1)",
    );
    const alicesOwn = (await alice.client.governance.getMyParticipationClaims())[0].attestation_entry_hash;
    await expect(dwAlice.create(ENTRY.economicEvent, transfer([dans[0], alicesOwn]))).rejects.toThrow(
      "EconomicEvent receiver_reputation must cite attestations naming the receiver",
    );
    await expect(dwAlice.create(ENTRY.economicEvent, transfer([dans[0], dans[0]]))).rejects.toThrow(
      "EconomicEvent receiver_reputation must cite each interaction once",
    );
  });

  test("reputation from ten receipts equals the hand-computed figures exactly; a shared summary verifies, an altered one does not", async () => {
    // Carol: nine resources approved by Bob (nine ResourceContribution receipts scoring 1.0 each, counting any
    // she already has; the ninth is the one she then hands over) and one late transfer to Bob.
    const before = await carol.client.governance.getMyParticipationClaims();
    expect(before.every((r) => r.claim.claim_type === "ResourceContribution")).toBe(true);
    for (let i = before.length; i < 8; i++) await approvedBy(carol, bob);
    const transfer = await lateTransfer(carol, bob);
    await receiptOf(carol, transfer);
    expect(await carol.client.governance.getMyParticipationClaims()).toHaveLength(10);
    const s = await carol.client.governance.getReputationSummary();
    // By hand: nine interactions of (1, 1, 1, 1) and one of timeliness 0, quality 1, reliability 0.5, communication 1.
    expect(s.total_interactions).toBe(10);
    expect(s.average_timeliness).toBe(9 / 10);
    expect(s.average_quality).toBe(1);
    expect(s.average_reliability).toBe(9.5 / 10);
    expect(s.average_communication).toBe(1);
    expect(s.completion_rate).toBe(1);
    expect(s.on_time_rate).toBe(9 / 10);
    expect(s.average_performance).toBe(9.625 / 10);
    expect(s.reputation_score).toBe(9.625 / 10);
    expect(s.claim_types.ResourceContribution).toMatchObject({ interaction_count: 9, average_performance: 1, specialization_score: 9 / 10 });
    expect(s.claim_types.ResponsibleTransfer).toMatchObject({ interaction_count: 1, average_performance: 0.625, specialization_score: 1 / 10 });
    expect(s.recent_activity).toHaveLength(10);
    expect(s.recent_activity[0].interaction_type).toBe("ResponsibleTransfer");

    // Carol shares her summary with Alice, who verifies it against the attestations on the DHT.
    const grant = await carol.client.governance.shareReputationSummary(alice.pubKey);
    const shared = await eventually("Alice to verify Carol's summary", async () => {
      const v = await alice.client.governance.getSharedReputationSummary(carol.pubKey);
      return v.verified ? v : null;
    });
    expect(shared.problems).toEqual([]);
    expect(shared.signed.covers).toHaveLength(10);
    expect(shared.signed.summary.reputation_score).toBe(9.625 / 10);
    // A figure changed after signing, or an attestation left out, no longer verifies.
    const inflated = { ...shared.signed, summary: { ...shared.signed.summary, reputation_score: 1 } };
    const inflatedCheck = await alice.client.governance.verifyReputationSummary(inflated);
    expect(inflatedCheck.verified).toBe(false);
    expect(inflatedCheck.problems).toContain("the signature is not the agent's");
    const fewer = await alice.client.governance.verifyReputationSummary({ ...shared.signed, covers: shared.signed.covers.slice(1) });
    expect(fewer.problems).toContain("the signature is not the agent's");
    // Revoked: Alice's next read is refused, and the share is gone from Carol's list.
    expect((await carol.client.governance.getMyReputationShares()).some((s) => sameBytes(s.grant_hash, grant))).toBe(true);
    await carol.client.governance.revokeReputationShare(grant);
    expect((await carol.client.governance.getMyReputationShares()).some((s) => sameBytes(s.grant_hash, grant))).toBe(false);
    await expect(alice.client.governance.getSharedReputationSummary(carol.pubKey)).rejects.toThrow(/refused by the owner/);
  });
});
