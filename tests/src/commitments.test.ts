/**
 * The Commitment → Claim cycle (spec §4.3.2, §4.3.3, §6.3; REQ-GOV-01)
 * between three agents on two conductors, plus a rogue peer:
 * - through the typed client: proposal, acceptance, claim (one call records
 *   the event, the claim and the new revision) and the custody change seen by
 *   the receiver, with the live-update signals of the claim's writes that
 *   the provider's and the receiver's connections receive; decline; cancel;
 *   the refusals a user meets;
 * - REQ-GOV-01: a Simple Agent with no resource cannot propose to access
 *   someone else's, and can once they have created one;
 * - every integrity rule by a direct write through the test-only
 *   `direct_write` coordinator, asserting its exact message;
 * - a rogue peer's second claim of one commitment, rejected by an honest peer.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import type { NondominiumSignal } from "@nondominium/client";
import {
  addAgents,
  addRoguePlayer,
  agent,
  type Agent,
  approveResource,
  CLOCK_TOLERANCE_SECONDS,
  DirectWrite,
  ENTRY,
  eventually,
  LINK,
  majorityOf,
  once,
  sameBytes,
  sampleSpec,
} from "./common.js";

const DAY_US = 86_400_000_000;
const nowUs = () => Date.now() * 1000;
const FIRST_RESOURCE =
  /Commitment receiver must have created an EconomicResource before proposing to access someone else's \(REQ-GOV-01\)/;
const FIRST_RESOURCE_TO_ACCEPT =
  /CommitmentDecision receiver must have created an EconomicResource before accepting access to someone else's \(REQ-GOV-01\)/;

describe("commitments and claims", () => {
  const scenario = new Scenario();
  /**
   * Alice: the progenitor, validator of the others' resources. Bob: a provider. Carol: a Simple Agent who creates a
   * resource when a test first needs her to have one. Dave: a Simple Agent who never creates one (REQ-GOV-01's refusals).
   */
  let alice: Agent;
  let bob: Agent;
  let carol: Agent;
  let dave: Agent;
  let mallory: Agent;
  let dwAlice: DirectWrite;
  let dwBob: DirectWrite;
  let dwCarol: DirectWrite;
  let dwDave: DirectWrite;
  let dwMallory: DirectWrite;
  let drillSpec: Uint8Array;
  let ladderSpec: Uint8Array;
  /** Bob's validated drill, the subject of the main cycle. */
  let drill: Uint8Array;

  /** A commitment entry for direct writes: Bob provides R to Alice unless overridden. */
  const commitmentEntry = (resource: Uint8Array | null, over: object = {}) => ({
    action: "TransferCustody",
    provider: bob.pubKey,
    receiver: alice.pubKey,
    resource_inventoried_as: resource,
    resource_conforms_to: null,
    resource_quantity: 1,
    due_date: nowUs() + DAY_US,
    note: null,
    committed_at: nowUs(),
    ...over,
  });
  const decisionEntry = (commitment: Uint8Array, decision = "Accepted", over: object = {}) => ({
    commitment,
    decision,
    note: null,
    ...over,
  });

  async function newResource(owner: Agent, spec: Uint8Array): Promise<Uint8Array> {
    return (await owner.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
  }
  /** Waits until `who` can read the commitment at `hash`, and returns its view. */
  const seen = (who: Agent, hash: Uint8Array, status?: string) =>
    eventually(`the commitment to reach ${who === alice ? "Alice" : who === bob ? "Bob" : "Carol"}`, async () => {
      const view = await who.client.governance.getCommitment(hash);
      return view && (!status || view.status === status) ? view : null;
    });

  /** Waits until the agent behind `dw` can `get` the record at `hash` (direct writes make no index links). */
  const visibleTo = (dw: DirectWrite, hash: Uint8Array) =>
    eventually("a direct write to reach the other agent", async () => (await dw.localView(hash)).found_by_get);

  beforeAll(async () => {
    [alice, bob, carol, dave] = await addAgents(scenario, [2, 2], [0]);
    mallory = agent(await addRoguePlayer(scenario, [alice.pubKey]));
    await scenario.shareAllAgents();
    [dwAlice, dwBob, dwCarol, dwDave, dwMallory] = [alice, bob, carol, dave, mallory].map((a) => new DirectWrite(a.player));
    const base = sampleSpec();
    drillSpec = (await alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([alice])] }))
      .actionHash;
    ladderSpec = (await alice.client.resource.createResourceSpec({ ...sampleSpec({ name: "Ladder" }), governance_rules: [majorityOf([alice])] }))
      .actionHash;
    drill = await newResource(bob, drillSpec);
    await approveResource(bob, [alice], drill);
    // Reads only: both remote conductors join the gossip now, not in the middle of a test.
    await Promise.all(
      [carol, dave, mallory].map((who) => eventually("the other conductors to see the drill", () => who.client.resource.getEconomicResource(drill))),
    );
  });
  afterAll(() => scenario.cleanUp());

  /** Carol's first resource (REQ-GOV-01: she may then ask for others'), created once, by whichever test needs it first. */
  const carolHasAResource = once(() => newResource(carol, ladderSpec));
  /** Carol's new proposal that Bob hand her `what` (a resource, or one of a specification), once Bob sees it. */
  const carolAsks = async (what: { resource_inventoried_as: Uint8Array } | { resource_conforms_to: Uint8Array }, note: string | null = null) => {
    await carolHasAResource();
    const proposed = await carol.client.governance.proposeCommitment({
      action: "TransferCustody",
      provider: bob.pubKey,
      receiver: carol.pubKey,
      ...what,
      resource_quantity: 1,
      due_date: nowUs() + DAY_US,
      note,
    });
    await seen(bob, proposed.actionHash);
    return proposed;
  };
  /** Carol's new proposal that Bob hand her his drill, once Bob sees it. */
  const carolAsksForTheDrill = (note: string | null = null) => carolAsks({ resource_inventoried_as: drill }, note);
  /** The same, accepted by Bob, once Carol sees the acceptance. */
  const bobAcceptsCarolsAsk = async (note: string | null = null) => {
    const main = (await carolAsksForTheDrill(note)).actionHash;
    const accepted = await bob.client.governance.acceptCommitment({ commitment_hash: main, note: "Saturday" });
    await seen(carol, main, "accepted");
    return { main, accepted };
  };

  describe("REQ-GOV-01: a Simple Agent must create a resource before accessing others'", () => {
    test("Dave, with no resource of his own, cannot propose to access Bob's drill (client and direct write)", async () => {
      const ask = {
        action: "TransferCustody" as const,
        provider: bob.pubKey,
        receiver: dave.pubKey,
        resource_inventoried_as: drill,
        resource_quantity: 1,
        due_date: nowUs() + DAY_US,
      };
      await expect(dave.client.governance.proposeCommitment(ask)).rejects.toThrow(FIRST_RESOURCE);
      await expect(dwDave.create(ENTRY.commitment, commitmentEntry(drill, { receiver: dave.pubKey }))).rejects.toThrow(FIRST_RESOURCE);
      // Nor any resource of a specification: it would be the provider's.
      await expect(
        dwDave.create(ENTRY.commitment, commitmentEntry(null, { receiver: dave.pubKey, resource_conforms_to: drillSpec })),
      ).rejects.toThrow(FIRST_RESOURCE);
    });

    test("nor accept the provider's offer of it: REQ-GOV-01 holds on the accepting path too", async () => {
      const offerToDave = await dwBob.create(ENTRY.commitment, commitmentEntry(drill, { receiver: dave.pubKey }));
      await visibleTo(dwDave, offerToDave);
      await expect(dwDave.create(ENTRY.commitmentDecision, decisionEntry(offerToDave))).rejects.toThrow(FIRST_RESOURCE_TO_ACCEPT);
    });

    test("once she has created a resource, she can", async () => {
      // Carol, a Simple Agent like Dave, with a resource of her own.
      const proposed = await carolAsksForTheDrill("for the shelves");
      expect(sameBytes(proposed.entry.resource_inventoried_as!, drill)).toBe(true);
      expect(proposed.entry.resource_conforms_to).toBeNull();
      // And she may now accept Bob's offer.
      const offerToCarol = await dwBob.create(ENTRY.commitment, commitmentEntry(drill, { receiver: carol.pubKey }));
      await visibleTo(dwCarol, offerToCarol);
      expect(await dwCarol.create(ENTRY.commitmentDecision, decisionEntry(offerToCarol))).toBeInstanceOf(Uint8Array);
    });
  });

  describe("the cycle through the client", () => {
    // Each test of the cycle makes its own commitment, so that each runs alone (`.only`) and in any order.
    test("the provider sees the proposal; it cannot be claimed before acceptance; only the counterparty accepts", async () => {
      const main = (await carolAsksForTheDrill()).actionHash;
      const mine = await eventually("Bob to see Carol's proposal among his commitments", async () => {
        const m = await bob.client.governance.getMyCommitments();
        return m.proposed_to_me.some((v) => sameBytes(v.record.actionHash, main)) ? m : null;
      });
      expect(mine.proposed_by_me.some((v) => sameBytes(v.record.actionHash, main))).toBe(false);
      expect(mine.proposed_to_me.find((v) => sameBytes(v.record.actionHash, main))!.status).toBe("proposed");
      await expect(bob.client.governance.claimCommitment({ commitment_hash: main })).rejects.toThrow(
        /claim_commitment: the commitment is proposed; only an accepted commitment can be claimed/,
      );
      await expect(carol.client.governance.acceptCommitment({ commitment_hash: main })).rejects.toThrow(
        /accept_commitment: CommitmentDecision author must be the commitment's counterparty to accept or decline it/,
      );
    });

    test("Bob accepts; the receiver cannot claim", async () => {
      const { main, accepted } = await bobAcceptsCarolsAsk();
      expect(accepted.entry.decision).toBe("Accepted");
      await expect(carol.client.governance.claimCommitment({ commitment_hash: main })).rejects.toThrow(
        /claim_commitment: only the commitment's provider claims it/,
      );
      await expect(bob.client.governance.acceptCommitment({ commitment_hash: main })).rejects.toThrow(
        /accept_commitment: you already decided on this commitment \(Accepted\)/,
      );
    });

    /**
     * Bob's claim of Carol's accepted ask for his drill, which moves the drill to her, asserted at each step: made
     * once, by whichever of the two tests below runs first. Resolves to the commitment's hash.
     */
    const claimTheDrill = once(() => bobClaims());
    const bobClaims = async () => {
      const { main } = await bobAcceptsCarolsAsk("for the shelves");
      // Live-update signals (nondominium_types::signals), decoded by the client's schema.
      const bobHears: NondominiumSignal[] = [];
      const carolHears: NondominiumSignal[] = [];
      const stops = [bob.client.onSignal((s) => bobHears.push(s)), carol.client.onSignal((s) => carolHears.push(s))];
      const result = await bob.client.governance.claimCommitment({ commitment_hash: main, note: "handed over" });
      const about = (heard: NondominiumSignal[], hash: Uint8Array) => heard.find((s) => sameBytes(s.action_hash, hash));
      try {
        // Bob's UI hears of all three writes of the one governance call (the revision was written by a nested call into resource)…
        const claimSignal = await eventually("Bob's own signals", async () =>
          about(bobHears, result.event_hash) && about(bobHears, result.revision.actionHash) && about(bobHears, result.claim.actionHash),
        );
        expect(claimSignal).toMatchObject({ entry_type: "Claim", change: "created" });
        expect(about(bobHears, result.revision.actionHash)).toMatchObject({ entry_type: "EconomicResource", change: "updated" });
        // …and Carol's, on another conductor, of each write that concerns her, from Bob.
        const heard = await eventually("Carol to hear of the claim", async () =>
          [result.event_hash, result.revision.actionHash, result.claim.actionHash].every((h) => about(carolHears, h)) ? carolHears : null,
        );
        for (const s of heard) expect(sameBytes(s.author, bob.pubKey)).toBe(true);
        const event = about(heard, result.event_hash)!;
        expect(event.entry_type).toBe("EconomicEvent");
        expect(event.concerns.map((a) => sameBytes(a, carol.pubKey))).toEqual([true]);
      } finally {
        for (const stop of stops) stop();
      }
      const eventHash = result.event_hash;
      expect(sameBytes(result.claim.entry.fulfills, main)).toBe(true);
      expect(sameBytes(result.claim.entry.fulfilled_by, eventHash)).toBe(true);
      expect(sameBytes(result.revision.entry.custodian, carol.pubKey)).toBe(true);
      expect(sameBytes(result.revision.entry.last_event!, eventHash)).toBe(true);

      const held = await eventually("Carol to hold the drill", async () => {
        const mine = await carol.client.resource.getMyResources();
        return mine.find((r) => sameBytes(r.original_hash, drill));
      });
      expect(sameBytes(held.latest.actionHash, result.revision.actionHash)).toBe(true);
      const view = await seen(carol, main, "claimed");
      expect(view.decisions).toHaveLength(1);
      expect(sameBytes(view.claim!.actionHash, result.claim.actionHash)).toBe(true);
      // The event is a record of its own: seeing the claim and the revision does not mean Carol's store has it yet.
      const event = await eventually("Carol to read the claimed event", () => carol.client.governance.getEconomicEvent(eventHash));
      expect(event.entry.action).toBe("TransferCustody");
      expect(sameBytes(event.entry.receiver, carol.pubKey)).toBe(true);
      const trail = await eventually("Carol to find the claim from the event", async () => {
        const t = await carol.client.governance.getClaimsForEvent(eventHash);
        return t.length > 0 ? t : null;
      });
      expect(trail).toHaveLength(1);
      expect(sameBytes(trail[0].commitment.actionHash, main)).toBe(true);
      expect(trail[0].commitment.entry.note).toBe("for the shelves");
      // The audit trail of the drill: the claimed event, with its commitment and the state after it.
      // Carol's read of the history may come before the claimed event, or its claim link, reaches her view of it: wait
      // for that line with its claim.
      const history = await eventually("the claimed event and its claim in Carol's history of the drill", async () => {
        const h = await carol.client.governance.getResourceHistory(drill);
        return h.some((x) => sameBytes(x.event_hash, eventHash) && x.claims.length > 0) ? h : null;
      });
      const line = history.find((h) => sameBytes(h.event_hash, eventHash))!;
      expect(line.event.action).toBe("TransferCustody");
      expect(sameBytes(line.resource_after.custodian, carol.pubKey)).toBe(true);
      expect(sameBytes(line.revision_hash, result.revision.actionHash)).toBe(true);
      expect(line.claims.map((c) => c.commitment.entry.note)).toEqual(["for the shelves"]);
      expect(sameBytes(history[history.length - 1].event_hash, eventHash)).toBe(true);
      // The same trail a page at a time, newest first: one entry per page, each page's `earlier` the next one's `before`.
      const paged: typeof history = [];
      let before: Uint8Array | null = null;
      for (let pages = 0; pages <= history.length; pages++) {
        const page = await carol.client.governance.getResourceHistoryPage({ resource_hash: drill, limit: 1, before });
        expect(page.entries).toHaveLength(1); // an `earlier` promises an older event: no page is empty
        paged.push(...page.entries);
        before = page.earlier;
        if (!before) break;
      }
      expect(before).toBeNull();
      const key = (h: (typeof history)[number]) => [encodeHashToBase64(h.event_hash), encodeHashToBase64(h.revision_hash), h.claims.map((c) => c.commitment.entry.note)];
      expect(paged.reverse().map(key)).toEqual(history.map(key));
      const [newest] = (await carol.client.governance.getResourceHistoryPage({ resource_hash: drill })).entries;
      expect(sameBytes(newest.event_hash, eventHash)).toBe(true);
      await expect(carol.client.governance.getResourceHistoryPage({ resource_hash: drill, limit: 0 })).rejects.toThrow(/limit must be between 1 and 100/);
      await expect(carol.client.governance.getResourceHistoryPage({ resource_hash: drill, before: eventHash })).rejects.toThrow(
        /get_resource_history_page: before must be a revision_hash of an EconomicResource/,
      );
      return main;
    };
    test("Bob claims: one call records the event, the new revision and the claim; Carol sees the custody change", async () => {
      await claimTheDrill();
    });

    test("a commitment is claimed at most once, and a claimed commitment cannot be cancelled", async () => {
      const main = await claimTheDrill();
      await expect(bob.client.governance.claimCommitment({ commitment_hash: main })).rejects.toThrow(
        /claim_commitment: the commitment is claimed; only an accepted commitment can be claimed/,
      );
      await expect(carol.client.governance.cancelCommitment({ commitment_hash: main })).rejects.toThrow(
        /cancel_commitment: the commitment is already claimed/,
      );
    });

    test("decline: the counterparty refuses, and the commitment cannot then be claimed or accepted", async () => {
      const offer = await bob.client.governance.proposeCommitment({
        action: "TransferCustody",
        provider: bob.pubKey,
        receiver: carol.pubKey,
        resource_conforms_to: drillSpec,
        resource_quantity: 1,
        due_date: nowUs() + DAY_US,
      });
      await seen(carol, offer.actionHash);
      await expect(bob.client.governance.declineCommitment({ commitment_hash: offer.actionHash })).rejects.toThrow(
        /decline_commitment: CommitmentDecision author must be the commitment's counterparty/,
      );
      const declined = await carol.client.governance.declineCommitment({ commitment_hash: offer.actionHash, note: "no room" });
      expect(declined.entry.decision).toBe("Declined");
      await seen(bob, offer.actionHash, "declined");
      await expect(bob.client.governance.claimCommitment({ commitment_hash: offer.actionHash, resource_hash: drill })).rejects.toThrow(
        /claim_commitment: the commitment is declined/,
      );
      await expect(carol.client.governance.acceptCommitment({ commitment_hash: offer.actionHash })).rejects.toThrow(
        /accept_commitment: you already decided on this commitment \(Declined\)/,
      );
    });

    test("cancel before claim: either party withdraws an accepted commitment, which can then not be claimed", async () => {
      const ask = await carolAsks({ resource_conforms_to: ladderSpec });
      await bob.client.governance.acceptCommitment({ commitment_hash: ask.actionHash });
      await seen(carol, ask.actionHash, "accepted");
      const cancelled = await carol.client.governance.cancelCommitment({ commitment_hash: ask.actionHash, note: "found one" });
      expect(cancelled.entry.decision).toBe("Cancelled");
      await seen(bob, ask.actionHash, "cancelled");
      await expect(bob.client.governance.claimCommitment({ commitment_hash: ask.actionHash })).rejects.toThrow(
        /claim_commitment: the commitment is cancelled/,
      );
      // Bob accepted: one decision per party, so he cannot cancel it as well.
      await expect(bob.client.governance.cancelCommitment({ commitment_hash: ask.actionHash })).rejects.toThrow(
        /cancel_commitment: you already decided on this commitment \(Accepted\)/,
      );
      const mine = await carol.client.governance.getMyCommitments();
      expect(mine.proposed_by_me.find((v) => sameBytes(v.record.actionHash, ask.actionHash))?.status).toBe("cancelled");
    });

    test("the client validates input and names the field", async () => {
      await expect(
        carol.client.governance.proposeCommitment({
          action: "TransferCustody",
          provider: bob.pubKey,
          receiver: carol.pubKey,
          resource_inventoried_as: drill,
          resource_conforms_to: drillSpec,
          resource_quantity: -1,
          due_date: nowUs(),
        }),
      ).rejects.toThrow(/resource_quantity: resource_quantity must not be negative/);
      await expect(
        carol.client.governance.proposeCommitment({
          action: "TransferCustody",
          provider: bob.pubKey,
          receiver: carol.pubKey,
          resource_inventoried_as: drill,
          resource_conforms_to: drillSpec,
          resource_quantity: 1,
          due_date: nowUs(),
        }),
      ).rejects.toThrow(/resource_inventoried_as: name exactly one of resource_inventoried_as and resource_conforms_to/);
    });
  });

  describe("the specification's rules bind the promise, not only the claim", () => {
    test("a proposal, and an acceptance, that the rules would refuse at the claim are refused at once", async () => {
      await carolHasAResource(); // so that REQ-GOV-01 is not what refuses her
      const strict = await alice.client.resource.createResourceSpec({
        ...sampleSpec({ name: "Scaffold tower" }),
        governance_rules: [
          { rule_type: "transfer_conditions", rule_data: JSON.stringify({ accountable_only: true }), enforced_by: null },
          { rule_type: "usage_limit", rule_data: JSON.stringify({ max_quantity: 1 }), enforced_by: null },
        ],
      });
      await eventually("Carol to see the specification", () => carol.client.resource.getResourceSpec(strict.actionHash));
      const ask = {
        action: "TransferCustody" as const,
        provider: bob.pubKey,
        receiver: carol.pubKey,
        resource_conforms_to: strict.actionHash,
        resource_quantity: 1,
        due_date: nowUs() + DAY_US,
      };
      await expect(carol.client.governance.proposeCommitment(ask)).rejects.toThrow(
        /propose_commitment refused by the specification's rules: transfer_conditions \(governance_rules\[0\]\): the receiver must be an Accountable Agent/,
      );
      await expect(carol.client.governance.proposeCommitment({ ...ask, action: "Use", resource_quantity: 2 })).rejects.toThrow(
        /propose_commitment refused by the specification's rules: usage_limit \(governance_rules\[1\]\): resource_quantity must be at most 1/,
      );
      // Bob's offer, written directly (no coordinator check), still cannot be accepted by Carol through hers.
      const offer = await dwBob.create(ENTRY.commitment, commitmentEntry(null, { receiver: carol.pubKey, resource_conforms_to: strict.actionHash }));
      await eventually("Carol to see the offer", () => carol.client.governance.getCommitment(offer));
      await expect(carol.client.governance.acceptCommitment({ commitment_hash: offer })).rejects.toThrow(
        /accept_commitment refused by the specification's rules: transfer_conditions \(governance_rules\[0\]\): the receiver must be an Accountable Agent/,
      );
    });
  });

  describe("integrity rules against direct writes", () => {
    /** Bob's resource for the claims below (validated), and another one of his. */
    let r: Uint8Array;
    let other: Uint8Array;
    /** Commitments Bob proposed to Alice (unless said otherwise), made before any event. */
    const k: Record<string, Uint8Array> = {};
    /** Alice's acceptance of each (`a.carol`: Carol's acceptance of `k.carol`). */
    const a: Record<string, Uint8Array> = {};
    /** Events: Bob → Alice (e1, e2), Alice → Bob (eAlice). */
    let e1: Uint8Array;
    let e2: Uint8Array;
    let eAlice: Uint8Array;
    /** A valid event of Bob's that never reached the resource. */
    let eNotApplied: Uint8Array;
    /** Bob's claim of k.main (by e1, with a.main), made once, by whichever test needs it first. */
    const claimOfMain = once(() => dwBob.create(ENTRY.claim, claimEntry()));

    const claimEntry = (over: object = {}) => ({
      fulfills: k.main,
      fulfilled_by: e1,
      acceptance: a.main,
      claimed_at: nowUs(),
      note: null,
      ...over,
    });

    beforeAll(async () => {
      await carolHasAResource(); // she accepts k.carol below (REQ-GOV-01)
      r = await newResource(bob, drillSpec);
      other = await newResource(bob, drillSpec);
      await approveResource(bob, [alice], r);
      await approveResource(bob, [alice], other);
      const toAlice = {
        main: commitmentEntry(r),
        use: commitmentEntry(r, { action: "Use" }),
        other: commitmentEntry(other),
        spec: commitmentEntry(null, { resource_conforms_to: ladderSpec }),
        half: commitmentEntry(r, { resource_quantity: 0.5 }),
        reuse: commitmentEntry(r),
        notApplied: commitmentEntry(other),
        cancel: commitmentEntry(r),
        unaccepted: commitmentEntry(r),
        declined: commitmentEntry(r),
      };
      for (const [name, entry] of Object.entries(toAlice)) k[name] = await dwBob.create(ENTRY.commitment, entry);
      k.carol = await dwBob.create(ENTRY.commitment, commitmentEntry(r, { receiver: carol.pubKey }));
      for (const name of Object.keys(toAlice)) {
        if (name === "unaccepted") continue;
        await seen(alice, k[name]);
        a[name] = await dwAlice.create(ENTRY.commitmentDecision, decisionEntry(k[name], name === "declined" ? "Declined" : "Accepted"));
      }
      await seen(carol, k.carol);
      a.carol = await dwCarol.create(ENTRY.commitmentDecision, decisionEntry(k.carol));
      // Events come after every commitment above. First a valid event of Bob's on his other resource, which he
      // never applies to it.
      const current = (await bob.client.resource.getEconomicResource(other))!.latest.actionHash;
      eNotApplied = await dwBob.create(ENTRY.economicEvent, {
        action: "TransferCustody",
        provider: bob.pubKey,
        receiver: alice.pubKey,
        resource_inventoried_as: current,
        resource_quantity: 1,
        unit: "unit",
        to_location: null,
        state: null,
        stage: null,
        contained_in: null,
        event_time: nowUs(),
        note: "never applied",
        receiver_credentials: [],
      });
      e1 = (await bob.client.resource.transferCustody({ resource_hash: r, new_custodian: alice.pubKey })).entry.last_event!;
      eAlice = await eventually("Alice to hand the resource back", async () =>
        (await alice.client.resource.transferCustody({ resource_hash: r, new_custodian: bob.pubKey })).entry.last_event,
      );
      e2 = await eventually("Bob to hand it over again", async () =>
        (await bob.client.resource.transferCustody({ resource_hash: r, new_custodian: alice.pubKey })).entry.last_event,
      );
      // Bob cancels the commitment Alice accepted (he proposed it, so this is his one decision).
      k.cancelDecision = await dwBob.create(ENTRY.commitmentDecision, decisionEntry(k.cancel, "Cancelled"));
      for (const hash of Object.values(a)) await visibleTo(dwBob, hash);
    });

    describe("Commitment", () => {
      test("the author is a party; provider and receiver differ", async () => {
        await expect(dwAlice.create(ENTRY.commitment, commitmentEntry(r, { receiver: carol.pubKey }))).rejects.toThrow(
          /Commitment author must be the provider or the receiver/,
        );
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { receiver: bob.pubKey }))).rejects.toThrow(
          /Commitment provider and receiver must differ/,
        );
      });
      test("exactly one of resource and specification, each of its type; the resource by its first revision", async () => {
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(null))).rejects.toThrow(
          /Commitment must name exactly one of resource_inventoried_as and resource_conforms_to/,
        );
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { resource_conforms_to: drillSpec }))).rejects.toThrow(
          /Commitment must name exactly one of resource_inventoried_as and resource_conforms_to/,
        );
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(drillSpec))).rejects.toThrow(
          /Commitment resource_inventoried_as must reference an EconomicResource/,
        );
        const event = await bob.client.governance.getEconomicEvent(e1);
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(event!.entry.resource_inventoried_as))).rejects.toThrow(
          /Commitment resource_inventoried_as must be the first revision of the resource/,
        );
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(null, { resource_conforms_to: r }))).rejects.toThrow(
          /Commitment resource_conforms_to must reference a ResourceSpecification/,
        );
      });
      test("quantity finite and >= 0; due date not before the commitment; note bounded", async () => {
        for (const resource_quantity of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
          await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { resource_quantity }))).rejects.toThrow(
            /Commitment resource_quantity must be a finite number >= 0/,
          );
        }
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { due_date: nowUs() - DAY_US }))).rejects.toThrow(
          /Commitment due_date must not be before committed_at/,
        );
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { note: "x".repeat(1001) }))).rejects.toThrow(
          /Commitment note must be at most 1000 characters/,
        );
      });
      test("committed_at is tied to the action's timestamp; the due date lies within 5 years of it", async () => {
        for (const committed_at of [0, nowUs() + 400_000_000]) {
          await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { committed_at, due_date: committed_at + DAY_US }))).rejects.toThrow(
            /Commitment committed_at must be within 300 s of the action's timestamp/,
          );
        }
        await expect(dwBob.create(ENTRY.commitment, commitmentEntry(r, { due_date: Date.UTC(2255, 0, 1) * 1000 }))).rejects.toThrow(
          /Commitment due_date must be at most 5 years after committed_at/,
        );
      });
      test("is immutable and cannot be deleted", async () => {
        await expect(dwBob.update(k.main, commitmentEntry(r, { resource_quantity: 2 }))).rejects.toThrow(/Commitment is immutable/);
        await expect(dwBob.delete(k.main)).rejects.toThrow(/Commitment cannot be deleted/);
      });
      test("AgentToCommitments links: from a party, by the proposer, to a Commitment; never deleted", async () => {
        await expect(dwBob.createLink(LINK.agentToCommitments, carol.pubKey, k.main)).rejects.toThrow(
          /AgentToCommitments link base must be a party of the commitment/,
        );
        await expect(dwAlice.createLink(LINK.agentToCommitments, alice.pubKey, k.main)).rejects.toThrow(
          /AgentToCommitments link must be created by the commitment's author/,
        );
        await expect(dwBob.createLink(LINK.agentToCommitments, bob.pubKey, r)).rejects.toThrow(
          /AgentToCommitments link target must reference a Commitment/,
        );
        const link = await dwBob.createLink(LINK.agentToCommitments, alice.pubKey, k.main);
        await expect(dwBob.deleteLink(link)).rejects.toThrow(/AgentToCommitments links cannot be deleted/);
        // The proposer's links carry a copy of the commitment (CarriedTarget): a copy must be the target's, and is
        // judged as the target itself (here the copy is true and names the commitment's parties, not Carol).
        await expect(dwBob.createLink(LINK.agentToCommitments, alice.pubKey, k.main, await dwBob.carriedTag(k.main, r))).rejects.toThrow(
          /AgentToCommitments link tag must carry a copy of its target/,
        );
        await expect(dwBob.createLink(LINK.agentToCommitments, carol.pubKey, k.main, await dwBob.carriedTag(k.main, k.main))).rejects.toThrow(
          /AgentToCommitments link base must be a party of the commitment/,
        );
        expect(await dwBob.createLink(LINK.agentToCommitments, alice.pubKey, k.main, await dwBob.carriedTag(k.main, k.main))).toBeInstanceOf(Uint8Array);
      });
    });

    describe("CommitmentDecision", () => {
      test("only the counterparty accepts or declines", async () => {
        await expect(dwBob.create(ENTRY.commitmentDecision, decisionEntry(k.unaccepted))).rejects.toThrow(
          /CommitmentDecision author must be the commitment's counterparty to accept or decline it/,
        );
        await eventually("Carol to see the commitment", () => carol.client.governance.getCommitment(k.unaccepted));
        await expect(dwCarol.create(ENTRY.commitmentDecision, decisionEntry(k.unaccepted, "Declined"))).rejects.toThrow(
          /CommitmentDecision author must be the commitment's counterparty to accept or decline it/,
        );
      });
      test("only a party cancels", async () => {
        await expect(dwCarol.create(ENTRY.commitmentDecision, decisionEntry(k.unaccepted, "Cancelled"))).rejects.toThrow(
          /CommitmentDecision author must be a party of the commitment to cancel it/,
        );
      });
      test("one decision per party", async () => {
        await expect(dwAlice.create(ENTRY.commitmentDecision, decisionEntry(k.main, "Cancelled"))).rejects.toThrow(
          /CommitmentDecision commitment already has a decision by this author/,
        );
      });
      test("commitment must be a Commitment; note bounded; immutable; never deleted", async () => {
        await expect(dwAlice.create(ENTRY.commitmentDecision, decisionEntry(r))).rejects.toThrow(
          /CommitmentDecision commitment must reference a Commitment/,
        );
        await expect(dwAlice.create(ENTRY.commitmentDecision, decisionEntry(k.unaccepted, "Accepted", { note: "x".repeat(1001) }))).rejects.toThrow(
          /CommitmentDecision note must be at most 1000 characters/,
        );
        await expect(dwAlice.update(a.main, decisionEntry(k.main, "Declined"))).rejects.toThrow(/CommitmentDecision is immutable/);
        await expect(dwAlice.delete(a.main)).rejects.toThrow(/CommitmentDecision cannot be deleted/);
      });
      test("CommitmentToDecisions links: from the decision's commitment, by its author; a copy of the decision, when carried, is the decision", async () => {
        await expect(dwAlice.createLink(LINK.commitmentToDecisions, k.use, a.main)).rejects.toThrow(
          /CommitmentToDecisions link base must be the decision's commitment/,
        );
        await expect(dwBob.createLink(LINK.commitmentToDecisions, k.main, a.main)).rejects.toThrow(
          /CommitmentToDecisions link must be created by the decision's author/,
        );
        expect(await dwAlice.createLink(LINK.commitmentToDecisions, k.main, a.main)).toBeInstanceOf(Uint8Array);
        // The decision's action with another record's entry: refused; a true copy is judged as the decision.
        await expect(dwAlice.createLink(LINK.commitmentToDecisions, k.main, a.main, await dwAlice.carriedTag(a.main, r))).rejects.toThrow(
          /CommitmentToDecisions link tag must carry a copy of its target/,
        );
        await expect(dwAlice.createLink(LINK.commitmentToDecisions, k.use, a.main, await dwAlice.carriedTag(a.main, a.main))).rejects.toThrow(
          /CommitmentToDecisions link base must be the decision's commitment/,
        );
        expect(await dwAlice.createLink(LINK.commitmentToDecisions, k.main, a.main, await dwAlice.carriedTag(a.main, a.main))).toBeInstanceOf(Uint8Array);
      });
    });

    describe("Claim", () => {
      test("only the commitment's provider claims", async () => {
        await expect(dwAlice.create(ENTRY.claim, claimEntry())).rejects.toThrow(/Claim author must be the commitment's provider/);
      });
      test("the acceptance is the counterparty's Accepted decision of this commitment", async () => {
        const message = /Claim acceptance must be the counterparty's Accepted decision of this commitment/;
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: k.unaccepted }))).rejects.toThrow(message);
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: k.declined, acceptance: a.declined }))).rejects.toThrow(message);
        await expect(dwBob.create(ENTRY.claim, claimEntry({ acceptance: k.main }))).rejects.toThrow(
          /Claim acceptance must reference a CommitmentDecision/,
        );
      });
      test("fulfills and fulfilled_by are a Commitment and an EconomicEvent", async () => {
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: e1 }))).rejects.toThrow(/Claim fulfills must reference a Commitment/);
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfilled_by: k.use }))).rejects.toThrow(
          /Claim fulfilled_by must reference an EconomicEvent/,
        );
      });
      test("the event matches the commitment: action, provider, receiver, resource or specification, quantity, time", async () => {
        const claimOf = (name: string, over: object = {}) => dwBob.create(ENTRY.claim, claimEntry({ fulfills: k[name], acceptance: a[name], ...over }));
        await expect(claimOf("use")).rejects.toThrow(/Claim fulfilled_by must match the commitment's action/);
        await expect(claimOf("main", { fulfilled_by: eAlice })).rejects.toThrow(/Claim fulfilled_by must match the commitment's provider/);
        await expect(claimOf("carol")).rejects.toThrow(/Claim fulfilled_by must match the commitment's receiver/);
        await expect(claimOf("other")).rejects.toThrow(/Claim fulfilled_by must match the commitment's resource/);
        await expect(claimOf("spec")).rejects.toThrow(/Claim fulfilled_by must match the commitment's specification/);
        await expect(claimOf("half")).rejects.toThrow(/Claim fulfilled_by resource_quantity must not exceed the committed quantity/);
        // A commitment made after the event cannot be fulfilled by it.
        const late = await dwBob.create(ENTRY.commitment, commitmentEntry(r));
        await seen(alice, late);
        const lateAcceptance = await dwAlice.create(ENTRY.commitmentDecision, decisionEntry(late));
        await visibleTo(dwBob, lateAcceptance);
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: late, acceptance: lateAcceptance }))).rejects.toThrow(
          /Claim fulfilled_by must be recorded after the commitment was made/,
        );
        await expect(claimOf("main", { note: "x".repeat(1001) })).rejects.toThrow(/Claim note must be at most 1000 characters/);
        await expect(claimOf("main", { claimed_at: 0 })).rejects.toThrow(/Claim claimed_at must be within 300 s of the action's timestamp/);
      });
      test("the claimed event is one the claimant applied: an event that never reached the resource fulfils nothing", async () => {
        await expect(
          dwBob.create(ENTRY.claim, claimEntry({ fulfills: k.notApplied, acceptance: a.notApplied, fulfilled_by: eNotApplied })),
        ).rejects.toThrow(/Claim fulfilled_by must be an event the claimant applied to the resource: no revision of theirs cites it in last_event/);
      });
      test("a matching claim is accepted; the commitment is then claimed at most once, and one event fulfils one commitment", async () => {
        expect(await claimOfMain()).toBeInstanceOf(Uint8Array);
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfilled_by: e2 }))).rejects.toThrow(
          /Claim fulfills was already claimed by this provider/,
        );
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: k.reuse, acceptance: a.reuse }))).rejects.toThrow(
          /Claim fulfilled_by already fulfils another commitment of this provider/,
        );
      });
      test("a commitment its provider cancelled cannot be claimed; a claimed one cannot be cancelled by its claimant", async () => {
        await expect(dwBob.create(ENTRY.claim, claimEntry({ fulfills: k.cancel, acceptance: a.cancel, fulfilled_by: e2 }))).rejects.toThrow(
          /Claim fulfills was cancelled by this provider/,
        );
        await claimOfMain();
        await expect(dwBob.create(ENTRY.commitmentDecision, decisionEntry(k.main, "Cancelled"))).rejects.toThrow(
          /CommitmentDecision commitment was already claimed by this party: it cannot be cancelled/,
        );
      });
      test("where the receiver proposed, the claimant's history is read back to their acceptance: a second claim is still refused", async () => {
        // Alice (the receiver) proposes and Bob, the provider, accepts: his chain holds his acceptance, not the commitment.
        const asked = await dwAlice.create(ENTRY.commitment, commitmentEntry(r));
        await seen(bob, asked);
        const accepted = await dwBob.create(ENTRY.commitmentDecision, decisionEntry(asked));
        await eventually("Alice to hand the resource back", () => alice.client.resource.transferCustody({ resource_hash: r, new_custodian: bob.pubKey }));
        const handed = await eventually("Bob to hand it over again", () => bob.client.resource.transferCustody({ resource_hash: r, new_custodian: alice.pubKey }));
        const claim = () => dwBob.create(ENTRY.claim, claimEntry({ fulfills: asked, acceptance: accepted, fulfilled_by: handed.entry.last_event }));
        expect(await claim()).toBeInstanceOf(Uint8Array);
        await expect(claim()).rejects.toThrow(/Claim fulfills was already claimed by this provider/);
      });
      test("is immutable and cannot be deleted", async () => {
        const claim1 = await claimOfMain();
        await expect(dwBob.update(claim1, claimEntry({ note: "changed" }))).rejects.toThrow(/Claim is immutable/);
        await expect(dwBob.delete(claim1)).rejects.toThrow(/Claim cannot be deleted/);
      });
      test("CommitmentToClaims, EconomicEventToClaims and ResourceToClaims links: from the claim's commitment, event and resource, by the claimant; never deleted", async () => {
        const claim1 = await claimOfMain();
        await expect(dwBob.createLink(LINK.commitmentToClaims, k.use, claim1)).rejects.toThrow(
          /CommitmentToClaims link base must be the claim's commitment/,
        );
        await expect(dwAlice.createLink(LINK.commitmentToClaims, k.main, claim1)).rejects.toThrow(
          /CommitmentToClaims link must be created by the claimant/,
        );
        await expect(dwBob.createLink(LINK.economicEventToClaims, e2, claim1)).rejects.toThrow(
          /EconomicEventToClaims link base must be the claim's event/,
        );
        await expect(dwBob.createLink(LINK.economicEventToClaims, e1, k.main)).rejects.toThrow(
          /EconomicEventToClaims link target must reference a Claim/,
        );
        // The resource's claim link: from the resource of the claim's event, tagged with that event.
        await expect(dwAlice.createLink(LINK.resourceToClaims, r, claim1, e1)).rejects.toThrow(/ResourceToClaims link must be created by the claimant/);
        await expect(dwBob.createLink(LINK.resourceToClaims, r, claim1, e2)).rejects.toThrow(/ResourceToClaims link tag must be the claim's event \(fulfilled_by\)/);
        await expect(dwBob.createLink(LINK.resourceToClaims, other, claim1, e1)).rejects.toThrow(
          /ResourceToClaims link base must be the resource of the claim's event \(its first revision\)/,
        );
        await expect(dwBob.createLink(LINK.resourceToClaims, r, k.main, e1)).rejects.toThrow(/ResourceToClaims link target must reference a Claim/);
        expect(await dwBob.createLink(LINK.resourceToClaims, r, claim1, e1)).toBeInstanceOf(Uint8Array);
        const link = await dwBob.createLink(LINK.commitmentToClaims, k.main, claim1);
        expect(await dwBob.createLink(LINK.economicEventToClaims, e1, claim1)).toBeInstanceOf(Uint8Array);
        await expect(dwBob.deleteLink(link)).rejects.toThrow(/CommitmentToClaims links cannot be deleted/);
        // A tag that carries a copy of the claim (read instead of the claim) must carry the claim's own: another record's entry is refused.
        const forged = await dwBob.carriedTag(claim1, k.main);
        await expect(dwBob.createLink(LINK.commitmentToClaims, k.main, claim1, forged)).rejects.toThrow(
          /CommitmentToClaims link tag must carry a copy of its target/,
        );
        await expect(dwBob.createLink(LINK.economicEventToClaims, e1, claim1, forged)).rejects.toThrow(
          /EconomicEventToClaims link tag must carry a copy of its target/,
        );
        // Its true copy is accepted, and decided from the copy: the same rules (base, claimant) as from the claim.
        const copy = await dwBob.carriedTag(claim1, claim1);
        expect(await dwBob.createLink(LINK.commitmentToClaims, k.main, claim1, copy)).toBeInstanceOf(Uint8Array);
        await expect(dwBob.createLink(LINK.commitmentToClaims, k.use, claim1, copy)).rejects.toThrow(
          /CommitmentToClaims link base must be the claim's commitment/,
        );
      });
    });
  });

  describe("the dating rule: a decision or a claim is not dated before its commitment by more than the clock tolerance", () => {
    test("Bob's decline and claim of Alice's request, dated before it, are refused; less than the tolerance before, the decline stands", async () => {
      // Bob's chain must end before the forged time: Alice writes what he cites more than the tolerance after his last action.
      const tolerance = CLOCK_TOLERANCE_SECONDS * 1_000_000;
      await eventually("Bob's chain to rest for longer than the clock tolerance", async () => nowUs() - (await dwBob.chainTopTime()) > tolerance + 1_000_000);
      // Alice asks Bob for his drill: her commitment, which Bob, the provider, decides and claims on his own chain.
      const asked = await dwAlice.create(ENTRY.commitment, commitmentEntry(drill));
      await visibleTo(dwBob, asked);
      const at = await dwAlice.timestampOf(asked);
      const forged = at - tolerance - 500_000;
      expect(await dwBob.chainTopTime()).toBeLessThan(forged);
      const dating = ` by more than the network's clock tolerance \\(${CLOCK_TOLERANCE_SECONDS} s\\): check this device's clock`;
      await expect(dwBob.createDated(ENTRY.commitmentDecision, decisionEntry(asked, "Declined"), forged)).rejects.toThrow(
        new RegExp(`CommitmentDecision must not be dated before the commitment it decides \\(commitment\\)${dating}`),
      );
      const claim = { fulfills: asked, fulfilled_by: asked, acceptance: asked, claimed_at: forged, note: null };
      await expect(dwBob.createDated(ENTRY.claim, claim, forged)).rejects.toThrow(
        new RegExp(`Claim must not be dated before the commitment it fulfills \\(fulfills\\)${dating}`),
      );
      expect(await dwBob.createDated(ENTRY.commitmentDecision, decisionEntry(asked, "Declined"), at - tolerance + 500_000)).toBeInstanceOf(Uint8Array);
    });
  });

  describe("a rogue peer's second claim", () => {
    // Mallory's conductor does not validate her own writes. She makes one
    // honest claim and then, her only forbidden write, a second claim of the
    // same commitment: the honest peer must reject it and keep the first.
    let first: Uint8Array;
    let second: Uint8Array;

    test("the rogue commits a second claim of a commitment she already claimed", async () => {
      const held = await newResource(bob, drillSpec);
      await approveResource(bob, [alice], held);
      await eventually("Bob to hand Mallory a resource", () =>
        bob.client.resource.transferCustody({ resource_hash: held, new_custodian: mallory.pubKey }),
      );
      const offer = await eventually("Mallory to see her resource", () =>
        mallory.client.governance.proposeCommitment({
          action: "TransferCustody",
          provider: mallory.pubKey,
          receiver: alice.pubKey,
          resource_inventoried_as: held,
          resource_quantity: 1,
          due_date: nowUs() + DAY_US,
        }),
      );
      await seen(alice, offer.actionHash);
      const acceptance = await alice.client.governance.acceptCommitment({ commitment_hash: offer.actionHash });
      await eventually("Mallory to see the acceptance", async () => (await mallory.client.governance.getCommitment(offer.actionHash))?.status === "accepted");
      // The claim records a transfer from the revision Mallory reads: she must see herself custodian of the validated resource.
      await eventually("Mallory to see herself custodian of the validated resource", async () => {
        const r = await mallory.client.resource.getEconomicResource(held);
        return r !== null && r.latest.entry.status === "Validated" && sameBytes(r.latest.entry.custodian, mallory.pubKey);
      });
      const claimed = await mallory.client.governance.claimCommitment({ commitment_hash: offer.actionHash });
      first = claimed.claim.actionHash;
      second = await dwMallory.create(ENTRY.claim, {
        fulfills: offer.actionHash,
        fulfilled_by: claimed.event_hash,
        acceptance: acceptance.actionHash,
        claimed_at: nowUs(),
        note: "again",
      });
      expect(second).toBeInstanceOf(Uint8Array);
    });

    test("the honest peer rejects the second claim, does not serve it, and keeps the first", async () => {
      // Rejected in Alice's store, or named by her warrant: the claim's ops travel separately, and when its
      // RegisterAgentActivity op reaches her first she rejects that one, blocks Mallory, and the rest never arrives.
      // In the second case her local view proves nothing either way (a record fetched while validating sits in her
      // cache with the status Mallory reported; rogue-peer.test.ts), so only a rejection in her store is read for "not served".
      const { view, by } = await dwAlice.rejection(mallory.pubKey, second);
      if (by === "rejected") expect(view.found_by_get).toBe(false);
      const kept = await eventually("Alice to hold the first claim", async () => {
        const v = await dwAlice.localView(first);
        return v.local_validation_status === "Valid" ? v : null;
      });
      expect(kept.found_by_get).toBe(true);
    });
  });
});
