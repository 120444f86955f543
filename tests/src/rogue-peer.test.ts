/**
 * The integrity rules hold against a rogue peer (rights
 * moved by a mere custodian, a superseded revision acted on, an identity
 * verified or a role granted without an Accountable credential, a second profile, a process
 * started without its role, a Transport dropping its resource off broken or short, completed without
 * its dropoff, or bypassed by a transfer, a participation receipt attested for no interaction,
 * with a forged counterparty signature, tampered terms, or a second time,
 * a resource handed to a receiver below its min_reputation, a verdict dated before the resource it validates): Mallory's conductor has
 * self-validation switched off (testing only), so her forbidden writes commit
 * and are published. Alice, an honest peer, must mark each one Rejected,
 * return nothing from `get`, and hold a warrant against Mallory.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { addAgents, addRoguePlayer, agent, type Agent, approveResource, CLOCK_TOLERANCE_SECONDS, DirectWrite, ENTRY, eventually, once, processEntry, sameBytes, sampleSpec, sync } from "./common.js";

describe("a rogue peer's forbidden writes are rejected by honest peers", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let mallory: Agent;
  let honest: DirectWrite;
  let rogue: DirectWrite;
  let specHash: Uint8Array;
  let aliceProfile: Uint8Array;
  /** An event entry by Mallory on `resource_inventoried_as`. */
  const event = (over: object) => ({
    action: "Use",
    provider: mallory.pubKey,
    receiver: mallory.pubKey,
    resource_quantity: 0,
    unit: "unit",
    event_time: Date.now() * 1000,
    to_location: null,
    state: null,
    stage: null,
    contained_in: null,
    note: null,
    receiver_credentials: [],
    ...over,
  });

  beforeAll(async () => {
    [alice] = await addAgents(scenario, [1], [0]); // Alice is the progenitor
    honest = new DirectWrite(alice.player);
    const roguePlayer = await addRoguePlayer(scenario, [alice.pubKey]);
    mallory = agent(roguePlayer);
    rogue = new DirectWrite(roguePlayer);
    await scenario.shareAllAgents();
    specHash = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Ladder" }))).actionHash;
    aliceProfile = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    await mallory.client.person.createProfile({ name: "Mallory" });
    await sync([alice, mallory]);
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  const resource = (over: object = {}) => ({
    conforms_to: specHash,
    accounting_quantity: 1,
    onhand_quantity: 1,
    unit: "unit",
    primary_accountable: mallory.pubKey,
    custodian: mallory.pubKey,
    current_location: null,
    contained_in: null,
    stage: null,
    state: null,
    last_event: null,
    status: "PendingValidation",
    approvals: [],
    ...over,
  });

  /**
   * Alice rejects the record and does not serve it. Once she has rejected
   * any of Mallory's records she warrants and blocks her, so a write that had
   * not reached her yet (or whose dependency she still had to fetch from
   * Mallory) never does: such a record must then be one Alice
   * neither accepted nor serves, while she holds a warrant against Mallory.
   */
  // One deadline for all the checks (set by the first): a record that never
  // reaches Alice costs the wait once, not once per record.
  let rejectionDeadline: number | undefined;
  /** How many of Mallory's forbidden records Alice was seen to reject. */
  let seenRejected = 0;
  /** When a warrant against Mallory was first seen at Alice: from then on, what is still on its way gets 15 s, not the rest of the 60. */
  let warrantSeenAt: number | undefined;
  /** The forbidden writes Alice had not validated when she stopped hearing from Mallory (printed at the end). */
  const unseen: string[] = [];
  async function expectRejectedByAlice(hash: Uint8Array): Promise<boolean> {
    let view = await honest.localView(hash);
    rejectionDeadline ??= Date.now() + 60_000; // under load (a 546 s CI run) some records were still pending validation at 30 s
    for (let polls = 0; view.local_validation_status !== "Rejected" && Date.now() < rejectionDeadline; polls++) {
      // Once Alice has warranted Mallory she stops hearing from her: a record not here by then (or read from her cache
      // with the status Mallory reported) will not change; the ops already queued are validated within seconds. (A
      // warrant is itself the outcome of a rejection; the summary test below reads the rejections from her store.)
      if (warrantSeenAt === undefined && polls % 5 === 0 && (await honest.warrantCount(mallory.pubKey)) > 0) {
        warrantSeenAt = Date.now();
        rejectionDeadline = Math.min(rejectionDeadline, warrantSeenAt + 15_000);
      }
      await new Promise((r) => setTimeout(r, 200));
      view = await honest.localView(hash);
    }
    if (view.local_validation_status === "Rejected") {
      seenRejected++;
      // What Alice serves is her own store's answer (a network get may still reach Mallory herself): a rejected record is not in it.
      expect(view.found_locally).toBe(false);
      return true;
    } else {
      // Not validated by Alice by the deadline: she stopped hearing from Mallory (warranted) before it reached her. Her local
      // view then proves nothing either way: a record Alice fetched from Mallory (while validating another) sits in her
      // cache with the status Mallory reported — Holochain 0.6 stores a fetched op with its authority's status
      // (holochain_cascade insert_rendered_op) — and under load (CI runs of 579 s) such records read "Valid" or pending.
      // An authority answers from its DHT store, not its cache, so Alice does not serve it; the floor test below keeps
      // the rejections themselves proven.
      expect(await honest.warrantCount(mallory.pubKey)).toBeGreaterThan(0);
      return false;
    }
  }

  // All forbidden writes are made at once, before the checks: once an honest
  // peer warrants the rogue it stops talking to it, so writes made later
  // would never reach it at all. They are made once, by whichever test asks
  // first, so that every test runs alone (`.only`) and in any order.
  const forbiddenWrites = once(() => writeForbidden());
  const writeForbidden = async () => {
    const forbidden: Record<string, Uint8Array> = {};
    // First, honestly: Mallory's resource m3, approved by Alice and Validated.
    const m3 = (await mallory.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    const v3 = (await approveResource(mallory, [alice], m3)).actionHash;
    // And m4, whose rights she gives to Alice while keeping custody (through the operator).
    const m4 = (await mallory.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(mallory, [alice], m4);
    const rightsGiven = await mallory.client.resource.recordEvent({ resource_hash: m4, action: "TransferAllRights", receiver: alice.pubKey });
    const split = rightsGiven.revision.actionHash;
    const beforeSplit = (await mallory.client.governance.getEconomicEvent(rightsGiven.event_hash))!.entry.resource_inventoried_as;
    // And m5, of a specification that admits only receivers with a reputation_score of at least 0.5.
    const guarded = (
      await alice.client.resource.createResourceSpec(
        sampleSpec({
          name: "Guarded ladder",
          governance_rules: [{ rule_type: "access_requirement", rule_data: JSON.stringify({ min_reputation: 0.5 }), enforced_by: null }],
        }),
      )
    ).actionHash;
    await eventually("Mallory to see the guarded specification", () => mallory.client.resource.getResourceSpec(guarded));
    const m5 = (await mallory.client.resource.createEconomicResource({ spec_hash: guarded, quantity: 1, unit: "unit" })).actionHash;
    const v5 = (await approveResource(mallory, [alice], m5)).actionHash;
    // And m6, which she hands to Alice through a commitment she claims: its receipts are hers to attest.
    await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" }); // REQ-GOV-01, to accept
    const m6 = (await mallory.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(mallory, [alice], m6);
    const offer = await mallory.client.governance.proposeCommitment({
      action: "TransferCustody",
      provider: mallory.pubKey,
      receiver: alice.pubKey,
      resource_inventoried_as: m6,
      resource_quantity: 1,
      due_date: Date.now() * 1000 + 3_600_000_000,
    });
    await eventually("Alice to see the offer", () => alice.client.governance.getCommitment(offer.actionHash));
    const offerAccepted = (await alice.client.governance.acceptCommitment({ commitment_hash: offer.actionHash })).actionHash;
    await eventually("Mallory to see the acceptance", async () => (await mallory.client.governance.getCommitment(offer.actionHash))?.status === "accepted");
    const handedOver = (await mallory.client.governance.claimCommitment({ commitment_hash: offer.actionHash })).claim.actionHash;
    const pair = await eventually("Mallory's receipt of the hand-over", async () =>
      (await mallory.client.governance.getMyParticipationClaims()).find((r) => sameBytes(r.claim.terms.about, handedOver)),
    );
    const attestation = { about: handedOver, issuer: mallory.pubKey, counterparty: alice.pubKey, bilateral_signature: pair.claim.bilateral_signature };
    const ownSignatureAsAlices = await rogue.signTerms(pair.claim.terms);
    // And Alice shares identity data with her (a disclosure Mallory may not verify: she is no Accountable Agent).
    const toMallory = await alice.client.person.grantPrivateDataAccess({
      agent: mallory.pubKey,
      fields: ["legal_name"],
      expires_at: Date.now() * 1000 + 3_600_000_000,
    });
    await eventually("Mallory to see Alice's disclosure", async () => (await rogue.localView(toMallory.disclosure_hash!)).found_by_get);
    // And m7, which she moves as a Transport role holder: Alice promotes her through the real flow (her first resource
    // and transfer above, her identity disclosed to Alice) and grants her Transport; she starts a Transport of m7.
    await mallory.client.person.storePrivateData({ legal_name: "M. Example", address: null, email: null, photo_id_hash: null });
    const disclosed = await mallory.client.person.grantPrivateDataAccess({ agent: alice.pubKey, fields: ["legal_name"], expires_at: Date.now() * 1000 + 3_600_000_000 });
    await eventually("Alice to see Mallory's disclosure", async () => {
      const latest = await alice.client.person.getIdentityDisclosureFrom(mallory.pubKey);
      return latest !== null && sameBytes(latest, disclosed.disclosure_hash!);
    });
    await eventually("Alice to promote Mallory (her first transfer read from her chain)", () => alice.client.person.promoteAgentToAccountable(mallory.pubKey));
    await alice.client.person.assignRole({ agent: mallory.pubKey, role_name: "Transport" });
    await eventually("Mallory to hold Transport", async () => (await mallory.client.resource.getProcessRequirements("Transport")).can_start);
    const m7 = (await mallory.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(mallory, [alice], m7);
    const ride = await mallory.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "Day ride", resource_hashes: [m7] });
    const picked = (await mallory.client.resource.getEconomicResource(m7))!.latest;
    // And m8, which she starts to use: a Use keeps it with her until it ends.
    const m8 = (await mallory.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(mallory, [alice], m8);
    await mallory.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Borrowed evening", resource_hashes: [m8] });
    const inUse = (await mallory.client.resource.getEconomicResource(m8))!.latest;
    // And a verdict dated before what it validates (the dating rule). Mallory, Accountable now, approves one of Alice's
    // resources honestly (the scheme admits her), then her chain rests longer than the clock tolerance; Alice creates
    // another, and Mallory's verdict on it claims a time before it by more than the tolerance, yet after her chain top
    // (so system validation, which checks only her chain's order, lets it through: the dating rule alone refuses it).
    const validated = (over: object = {}) => resource({ status: "Validated", approvals: [] as Uint8Array[], ...over });
    const approvals = (await mallory.client.resource.getEconomicResource(v3))!.latest.entry.approvals;
    const mine = (await mallory.client.person.getMyRoles()).find((r) => r.entry.role_name === "AccountableAgent")!.actionHash;
    const aliceResource = async () => {
      const item = (await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
      await eventually("Mallory to see Alice's resource", () => mallory.client.resource.getEconomicResource(item));
      return item;
    };
    await mallory.client.governance.validateNewResource({ resource_hash: await aliceResource(), approved: true, notes: null });
    const tolerance = CLOCK_TOLERANCE_SECONDS * 1_000_000;
    await eventually("Mallory's chain to rest longer than the clock tolerance", async () =>
      Date.now() * 1000 - (await rogue.chainTopTime()) > tolerance + 1_000_000,
    );
    const laterItem = await aliceResource();
    const forgedAt = (await honest.timestampOf(laterItem)) - tolerance - 500_000;
    expect(await rogue.chainTopTime()).toBeLessThan(forgedAt);
    const backdated = { validator: mallory.pubKey, validated_item: laterItem, validation_type: "resource_approval", approved: true, notes: null, validator_credential: mine };
    // From here on, only forbidden writes, back to back: the honest peer stops listening once it warrants her.
    forbidden.verdictDatedBeforeItem = await rogue.createDated(ENTRY.validationReceipt, backdated, forgedAt, { validate: false });
    const m0 = await rogue.create(ENTRY.economicResource, resource());
    const m1 = await rogue.create(ENTRY.economicResource, resource());
    forbidden.nanQuantity = await rogue.create(ENTRY.economicResource, resource({ onhand_quantity: Number.NaN }));
    forbidden.custodyWithoutEvent = await rogue.update(m0, resource({ custodian: alice.pubKey }));
    forbidden.notASpecification = await rogue.create(ENTRY.economicResource, resource({ conforms_to: m1 }));
    forbidden.deleteResource = await rogue.delete(m1);
    const m2 = await rogue.create(ENTRY.economicResource, resource());
    forbidden.validatedWithoutApprovals = await rogue.update(m2, resource({ status: "Validated" }));
    forbidden.endOfLifeOfPendingResource = await rogue.create(ENTRY.endOfLifeDeclaration, { resource: m2, reason: "gone" });
    forbidden.endOfLifeWithoutConfirmations = await rogue.update(v3, validated({ approvals, status: "EndOfLife", decommission: null }));
    forbidden.effectOutsideTheRow = await rogue.create(ENTRY.economicEvent, event({ resource_inventoried_as: v3, to_location: "somewhere else" }));
    forbidden.eventOnPendingResource = await rogue.create(
      ENTRY.economicEvent,
      event({ action: "TransferCustody", receiver: alice.pubKey, resource_inventoried_as: m2, resource_quantity: 1 }),
    );
    // Rights vs custody. Mallory, custodian of m4 but no longer its rights holder, consumes what Alice has rights to,
    forbidden.rightsMovedByCustodian = await rogue.create(ENTRY.economicEvent, event({ action: "Consume", resource_inventoried_as: split, resource_quantity: 0.5 }));
    // acts on the revision of m4 she already superseded,
    forbidden.eventOnSupersededRevision = await rogue.create(ENTRY.economicEvent, event({ resource_inventoried_as: beforeSplit }));
    // hands m5 to Alice citing no reputation at all,
    forbidden.transferBelowMinReputation = await rogue.create(
      ENTRY.economicEvent,
      event({ action: "TransferCustody", receiver: alice.pubKey, resource_inventoried_as: v5, resource_quantity: 1 }),
    );
    // verifies an identity without citing an Accountable credential,
    forbidden.identityVerifiedWithoutCredential = await rogue.create(ENTRY.validationReceipt, {
      validator: mallory.pubKey,
      validated_item: toMallory.disclosure_hash,
      validation_type: "identity_verification",
      approved: false,
      notes: "pinned on Alice",
      validator_credential: null,
    });
    // and writes a second profile (one profile per agent: a rule of her own chain).
    forbidden.secondProfile = await rogue.create(ENTRY.agentProfile, { agent_pub_key: mallory.pubKey, name: "Mallory again", avatar_url: null });
    const role = (over: object) => ({
      agent: alice.pubKey,
      role_name: "AccountableAgent",
      validated_by: mallory.pubKey,
      grantor_credential: null,
      grantor_accountable_credential: null,
      promotion_evidence: null,
      notes: null,
      agent_profile: aliceProfile,
      agent_credential: null,
      ...over,
    });
    // She starts a Transport on her validated m3 without holding the Transport role.
    forbidden.processWithoutRole = await rogue.create(
      ENTRY.economicProcess,
      processEntry(mallory.pubKey, { process_type: "Transport", name: "Night ride", required_role: "Transport", inputs: [v3] }),
    );
    // She attests a pair of participation receipts for what is no interaction (her own resource), with made-up signatures.
    forbidden.receiptWithoutInteraction = await rogue.create(ENTRY.participationAttestation, {
      about: v3,
      issuer: mallory.pubKey,
      counterparty: alice.pubKey,
      bilateral_signature: {
        signed_data_hash: await rogue.pathHash("not the terms"),
        issuer_signature: new Uint8Array(64).fill(1),
        counterparty_signature: new Uint8Array(64).fill(2),
      },
    });
    // She attests the hand-over again with her own signature where Alice's must be, and then the genuine pair a second time.
    forbidden.receiptWithForgedSignature = await rogue.create(ENTRY.participationAttestation, {
      ...attestation,
      bilateral_signature: { ...attestation.bilateral_signature, counterparty_signature: ownSignatureAsAlices },
    });
    forbidden.secondReceiptPair = await rogue.create(ENTRY.participationAttestation, attestation);
    // And once more with a better score in the terms (the genuine signatures, the hash of the terms she would like).
    const better = { ...pair.claim.terms, performance_metrics: { ...pair.claim.terms.performance_metrics, quality_score: 1, timeliness_score: 1 }, issuer_claim_type: "NetworkValidation" };
    forbidden.tamperedReceiptTerms = await rogue.create(ENTRY.participationAttestation, {
      ...attestation,
      bilateral_signature: { ...attestation.bilateral_signature, signed_data_hash: await rogue.hashTerms(better) },
    });
    forbidden.selfAssignedRole = await rogue.create(ENTRY.role, role({ agent: mallory.pubKey }));
    forbidden.roleWithoutCredential = await rogue.create(ENTRY.role, role({}));
    forbidden.userRoleWithoutCredential = await rogue.create(ENTRY.role, role({ role_name: "User" }));
    // As the Transport role holder of the ride: she drops m7 off broken, drops off none of what the pickup took, marks the
    // ride Completed without its dropoff, and hands m7 to Alice while the ride still holds it.
    const dropoff = (over: object) =>
      event({ action: "Dropoff", resource_inventoried_as: picked.actionHash, resource_quantity: 1, to_location: "Ditch", input_of: null, output_of: ride.original_hash, ...over });
    forbidden.transportChangesState = await rogue.create(ENTRY.economicEvent, dropoff({ state: "broken" }));
    forbidden.dropoffLosesQuantity = await rogue.create(ENTRY.economicEvent, dropoff({ resource_quantity: 0 }));
    forbidden.completionWithoutItsEvents = await rogue.update(ride.latest.actionHash, {
      ...ride.latest.entry,
      status: "Completed",
      completed_at: Date.now() * 1000,
      outputs: [m7],
    });
    forbidden.transferOfResourceHeldByProcess = await rogue.create(
      ENTRY.economicEvent,
      event({ action: "TransferCustody", receiver: alice.pubKey, resource_inventoried_as: picked.actionHash, resource_quantity: picked.entry.onhand_quantity }),
    );
    // She starts a Use of m6, now Alice's, citing as her permission the hand-over Alice accepted (no Use request of hers).
    const accountable = (await mallory.client.person.getMyRoles()).find((r) => r.entry.role_name === "AccountableAgent")!.actionHash;
    const m6Now = (await mallory.client.resource.getEconomicResource(m6))!.latest.actionHash;
    forbidden.useWithoutAcceptedRequest = await rogue.create(
      ENTRY.economicProcess,
      processEntry(mallory.pubKey, {
        name: "Borrowed without asking",
        role_credential: accountable,
        inputs: [m6Now],
        under_commitment: { commitment: offer.actionHash, acceptance: offerAccepted },
      }),
    );
    // And she hands m8 to Alice while her Use of it is still open.
    forbidden.transferDuringUse = await rogue.create(
      ENTRY.economicEvent,
      event({ action: "TransferCustody", receiver: alice.pubKey, resource_inventoried_as: inUse.actionHash, resource_quantity: 1 }),
    );
    return forbidden;
  };
  test("the rogue's own conductor really commits forbidden data", async () => {
    const forbidden = await forbiddenWrites();
    expect(Object.keys(forbidden).sort()).toEqual([...FORBIDDEN].sort());
    for (const hash of Object.values(forbidden)) expect(hash).toBeInstanceOf(Uint8Array);
  });

  /** Mallory's forbidden writes, each checked at Alice. */
  const FORBIDDEN = [
    "nanQuantity",
    "custodyWithoutEvent",
    "notASpecification",
    "deleteResource",
    "validatedWithoutApprovals",
    "eventOnPendingResource",
    "endOfLifeOfPendingResource",
    "endOfLifeWithoutConfirmations",
    "effectOutsideTheRow",
    "selfAssignedRole",
    "roleWithoutCredential",
    "userRoleWithoutCredential",
    "rightsMovedByCustodian",
    "eventOnSupersededRevision",
    "identityVerifiedWithoutCredential",
    "secondProfile",
    "processWithoutRole",
    "transportChangesState",
    "dropoffLosesQuantity",
    "completionWithoutItsEvents",
    "transferOfResourceHeldByProcess",
    "transferDuringUse",
    "useWithoutAcceptedRequest",
    "receiptWithoutInteraction",
    "receiptWithForgedSignature",
    "secondReceiptPair",
    "tamperedReceiptTerms",
    "transferBelowMinReputation",
    "verdictDatedBeforeItem",
  ] as const;
  test.each(FORBIDDEN)(
    "the honest peer rejects %s and does not serve it",
    async (name) => {
      const forbidden = await forbiddenWrites();
      expect(forbidden[name], `the rogue wrote ${name}`).toBeInstanceOf(Uint8Array);
      if (!(await expectRejectedByAlice(forbidden[name]))) unseen.push(name);
    },
  );

  test("the honest peer was seen rejecting the rogue's writes", async () => {
    // How many Alice validates before she stops hearing from Mallory varies with the machine's load: 22 of 22 in an
    // unloaded run, 10 of 22 in a slow CI run (570 s; 26 writes since the process rules joined), 1 of 29 once
    // (2026-12-07). At least one must be: her validation ran and rejected. Read from her store, not from the checks above,
    // so that this test does not depend on their having run.
    const hashes = Object.values(await forbiddenWrites());
    const rejected = await eventually("Alice to mark one of Mallory's forbidden writes Rejected", async () => {
      const views = await Promise.all(hashes.map((h) => honest.localView(h)));
      const n = views.filter((v) => v.local_validation_status === "Rejected").length;
      return n > 0 ? n : null;
    });
    console.log(`rogue peer: ${rejected} of ${FORBIDDEN.length} forbidden writes Rejected in the honest peer's store; seen by the checks: ${seenRejected}; not reached before the warrant: ${unseen.join(", ") || "none"}`);
    expect(rejected).toBeGreaterThanOrEqual(1);
  });

  test("the honest peer holds a warrant against the rogue", async () => {
    await forbiddenWrites();
    const count = await eventually("a warrant against Mallory", async () => {
      const n = await honest.warrantCount(mallory.pubKey);
      return n > 0 ? n : null;
    }, 90_000);
    expect(count).toBeGreaterThan(0);
  });
});
