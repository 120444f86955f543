/**
 * Economic processes (spec §4.2.4-4.2.5; REQ-PROC-01..09) on three
 * conductors: Alice and Bob are progenitors (Accountable by definition);
 * Alice grants Bob Transport, Repair and Storage; Carol is a member with no
 * role. Each process type runs end to end and a third agent reads it back;
 * each rejection is proven in integrity by a direct write.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import type { ProcessState } from "@nondominium/client";
import { addAgents, type Agent, approveResource, DirectWrite, ENTRY, eventually, performanceScores, processEntry, sameBytes, sampleSpec } from "./common.js";

describe("economic processes: Use, Transport, Storage, Repair", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent;
  let dwAlice: DirectWrite, dwBob: DirectWrite, dwCarol: DirectWrite;
  /** A spec whose usage_limit allows one open Use at a time, for at most 0.002 h (7.2 s). */
  let spec: Uint8Array;
  const LIMIT_MS = 0.002 * 3_600_000;
  let bobTransport: Uint8Array;

  /** A Validated resource of `owner`'s under `spec`. */
  async function validatedResource(owner: Agent): Promise<Uint8Array> {
    const r = (await owner.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(owner, [owner === alice ? bob : alice], r);
    return r;
  }
  /** A Validated resource Alice hands to Bob, who holds it when this returns. */
  async function bobsResource(): Promise<Uint8Array> {
    const r = await validatedResource(alice);
    await alice.client.resource.transferCustody({ resource_hash: r, new_custodian: bob.pubKey });
    await eventually("Bob to hold the resource", async () => {
      const s = await bob.client.resource.getEconomicResource(r);
      return s && sameBytes(s.latest.entry.custodian, bob.pubKey);
    });
    return r;
  }
  const entryOf = (p: ProcessState) => p.latest.entry;
  /** An EconomicEvent entry by `by` on the revision `revision`, for direct writes. */
  const eventEntry = (by: Agent, revision: Uint8Array, over: object) => ({
    action: "Use",
    provider: by.pubKey,
    receiver: by.pubKey,
    resource_inventoried_as: revision,
    resource_quantity: 1,
    unit: "unit",
    to_location: null,
    state: null,
    stage: null,
    contained_in: null,
    event_time: Date.now() * 1000,
    note: null,
    receiver_credentials: [],
    input_of: null,
    output_of: null,
    ...over,
  });

  beforeAll(async () => {
    // This network requires one approving validator (any Accountable Agent) before a Repair completes (REQ-GOV-07),
    // whose assessment of the work reaches a quality of 0.8 (spec §4.3.14 PerformanceThresholds).
    // Three agents on three conductors, as issue 13 asks: every process is seen across the network, not in one conductor.
    [alice, bob, carol] = await addAgents(scenario, [1, 1, 1], [0, 1], undefined, {
      process_validation: [{ process_type: "Repair", minimum_validators: 1, validator_role: null, performance_thresholds: { minimum_quality: 0.8 } }],
    });
    [dwAlice, dwBob, dwCarol] = [alice, bob, carol].map((a) => new DirectWrite(a.player));
    await Promise.all([alice, bob, carol].map((a, i) => a.client.person.createProfile({ name: ["Alice", "Bob", "Carol"][i] })));
    await eventually("Alice to see Bob's profile", () => alice.client.person.getAgentProfile(bob.pubKey));
    for (const role of ["Transport", "Repair", "Storage"] as const) {
      const granted = await alice.client.person.assignRole({ agent: bob.pubKey, role_name: role });
      if (role === "Transport") bobTransport = granted.actionHash;
    }
    spec = (
      await alice.client.resource.createResourceSpec(
        sampleSpec({
          name: "Shared drill",
          governance_rules: [
            { rule_type: "usage_limit", rule_data: JSON.stringify({ max_concurrent_users: 1, max_duration_hours: 0.002 }), enforced_by: null },
          ],
        }),
      )
    ).actionHash;
    await eventually("Bob to hold his roles", async () => (await bob.client.person.getMyRoles()).length === 3);
    await eventually("Bob to see the specification", () => bob.client.resource.getResourceSpec(spec));
  }, 300_000);
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("the process types a member can start, with the reason the others are closed", async () => {
    const forCarol = await carol.client.resource.getProcessRequirements("Transport");
    expect(forCarol).toMatchObject({ required_role: "Transport", start_action: "Pickup", completion_action: "Dropoff", can_start: false });
    expect(forCarol.reason).toBe("a Transport process needs the Transport role");
    expect((await bob.client.resource.getProcessRequirements("Repair")).can_start).toBe(true);
    expect(await carol.client.resource.getProcessRequirements("Use")).toMatchObject({ can_start: false, reason: "a Use process needs an Accountable Agent" });
    expect((await alice.client.resource.getProcessRequirements("Use")).can_start).toBe(true);
  });

  test("Use: one open at a time under max_concurrent_users 1; a completion past max_duration_hours is overdue; others see it", async () => {
    const drill = await validatedResource(alice);
    const first = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Drill shelves", resource_hashes: [drill] });
    expect(entryOf(first)).toMatchObject({ status: "InProgress", required_role: null, role_credential: null, overdue: false });
    const events = await alice.client.resource.getProcessEvents(first.original_hash);
    expect(events.map((e) => e.entry.action)).toEqual(["Use"]);
    expect(sameBytes(events[0].entry.input_of!, first.original_hash)).toBe(true);
    await expect(alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Second use", resource_hashes: [drill] })).rejects.toThrow(
      /EconomicProcess breaks usage_limit.max_concurrent_users: 1 use\(s\) of an input already open or promised \(Use processes, accepted Use commitments\), at most 1/,
    );
    expect((await alice.client.resource.getActiveProcesses()).map((p) => entryOf(p).name)).toContain("Drill shelves");
    await expect(alice.client.resource.transferCustody({ resource_hash: drill, new_custodian: bob.pubKey })).rejects.toThrow(
      /EconomicEvent TransferCustody cannot move custody of a resource held by an open Use process \(InProgress\)/,
    );
    const done = await alice.client.resource.completeEconomicProcess({ process_hash: first.original_hash });
    expect(entryOf(done)).toMatchObject({ status: "Completed", overdue: false, outputs: [] });
    expect(entryOf(done).events).toHaveLength(1);

    const late = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Long use", resource_hashes: [drill] });
    const started = late.latest.timestamp / 1000;
    await eventually("the duration limit to pass", async () => Date.now() > started + LIMIT_MS + 500, 30_000);
    expect(entryOf(await alice.client.resource.completeEconomicProcess({ process_hash: late.original_hash }))).toMatchObject({
      status: "Completed",
      overdue: true,
    });
    const seen = await eventually("Carol to see both Use processes completed", async () => {
      const ps = await carol.client.resource.getProcessByResource(drill);
      return ps.length === 2 && ps.every((p) => entryOf(p).status === "Completed") ? ps : null;
    });
    expect(seen.map((p) => entryOf(p).overdue)).toEqual([false, true]);
  });

  test("a Use of someone else's resource under its custodian's accepted Use commitment (REQ-USER-A-04): counted against max_concurrent_users until due; integrity refuses the rest", async () => {
    const drill = await validatedResource(alice);
    // Bob starts the Use from his own view of the drill: wait until it shows the Validated revision.
    await eventually("Bob to see the drill Validated", async () => (await bob.client.resource.getEconomicResource(drill))?.latest.entry.status === "Validated");
    // Bob asks Alice to use her drill (a Use commitment he proposes: she, its custodian, is the provider).
    const ask = async (dueInMs: number) =>
      (
        await bob.client.governance.proposeCommitment({
          action: "Use",
          provider: alice.pubKey,
          receiver: bob.pubKey,
          resource_inventoried_as: drill,
          resource_quantity: 1,
          due_date: (Date.now() + dueInMs) * 1000,
        })
      ).actionHash;
    // Due soon, so the test sees the slot freed; the resources the direct writes need are made while it runs out.
    const dueMs = 25_000;
    const first = await ask(dueMs);
    const firstDue = Date.now() + dueMs;
    const borrow = { process_type: "Use" as const, name: "Borrowed drill", resource_hashes: [drill], commitment_hash: first };
    await expect(bob.client.resource.initiateEconomicProcess(borrow)).rejects.toThrow(
      /initiate_economic_process: the commitment is not accepted by its counterparty/,
    );
    await eventually("Alice to see Bob's request", () => alice.client.governance.getCommitment(first));
    await alice.client.governance.acceptCommitment({ commitment_hash: first });
    // The accepted use takes the drill's one slot (on Alice's chain): her own Use and a second acceptance are refused.
    await expect(alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Mine now", resource_hashes: [drill] })).rejects.toThrow(
      /EconomicProcess breaks usage_limit.max_concurrent_users: 1 use\(s\) of an input already open or promised \(Use processes, accepted Use commitments\), at most 1/,
    );
    const second = await ask(3_600_000);
    await eventually("Alice to see the second request", () => alice.client.governance.getCommitment(second));
    await expect(alice.client.governance.acceptCommitment({ commitment_hash: second })).rejects.toThrow(
      /CommitmentDecision breaks usage_limit.max_concurrent_users: 1 use\(s\) of the resource already open or promised \(Use processes, accepted Use commitments\), at most 1/,
    );
    // Bob uses it: the process cites the commitment and Alice's acceptance, and records no event (only the custodian writes the drill).
    const acceptance = await eventually("Bob to see Alice's acceptance", () => bob.client.governance.getCommitmentAcceptance(first));
    const borrowed = await bob.client.resource.initiateEconomicProcess(borrow);
    expect(entryOf(borrowed)).toMatchObject({ status: "InProgress", started_by: bob.pubKey });
    expect(sameBytes(entryOf(borrowed).under_commitment!.commitment, first)).toBe(true);
    expect(sameBytes(entryOf(borrowed).under_commitment!.acceptance, acceptance)).toBe(true);
    expect(await bob.client.resource.getProcessEvents(borrowed.original_hash)).toEqual([]);
    await expect(bob.client.resource.initiateEconomicProcess(borrow)).rejects.toThrow(
      /EconomicProcess under_commitment was already cited by an earlier process of this starter: one Use per accepted commitment/,
    );
    expect(entryOf(await bob.client.resource.completeEconomicProcess({ process_hash: borrowed.original_hash }))).toMatchObject({
      status: "Completed",
      events: [],
      outputs: [],
    });
    await eventually("Carol to see Bob's completed use of the drill", async () =>
      (await carol.client.resource.getProcessByResource(drill)).find((p) => sameBytes(p.original_hash, borrowed.original_hash) && entryOf(p).status === "Completed"),
    );

    // Written directly by Bob, skipping the coordinator: each rule of the citation in integrity.
    const other = await validatedResource(alice);
    const mine = await validatedResource(bob);
    const revisionOf = async (r: Uint8Array) => (await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(r))).latest.actionHash;
    const cancelled = (await bob.client.governance.cancelCommitment({ commitment_hash: second })).actionHash;
    const direct = (over: object) => processEntry(bob.pubKey, { name: "Sneaky use", under_commitment: { commitment: first, acceptance }, ...over });
    const drillNow = await revisionOf(drill);
    await expect(dwBob.create(ENTRY.economicProcess, direct({ inputs: [drillNow, drillNow] }))).rejects.toThrow(
      /EconomicProcess under_commitment is for a process on exactly one resource, the committed one/,
    );
    // A Transport is no Use: citing Alice's acceptance does not let Bob move what he does not hold.
    await expect(
      dwBob.create(ENTRY.economicProcess, direct({ process_type: "Transport", required_role: "Transport", role_credential: bobTransport, inputs: [drillNow] })),
    ).rejects.toThrow(/EconomicProcess inputs must be in the starter's custody/);
    await expect(dwBob.create(ENTRY.economicProcess, direct({ inputs: [await revisionOf(mine)] }))).rejects.toThrow(
      /EconomicProcess under_commitment is for a resource someone else holds: the starter holds this one/,
    );
    await expect(dwBob.create(ENTRY.economicProcess, direct({ inputs: [await revisionOf(other)] }))).rejects.toThrow(
      /EconomicProcess under_commitment must be the starter's Use commitment asking the input's custodian \(provider\) for that resource/,
    );
    await expect(dwBob.create(ENTRY.economicProcess, direct({ inputs: [drillNow], under_commitment: { commitment: first, acceptance: cancelled } }))).rejects.toThrow(
      /EconomicProcess under_commitment acceptance must be the counterparty's Accepted decision of the commitment/,
    );
    // Once the first request is due, its slot is free again (Alice uses her drill) and it covers no new start.
    await eventually("the first request to be due", async () => Date.now() > firstDue + 1_000, dueMs + 30_000);
    await expect(dwBob.create(ENTRY.economicProcess, direct({ inputs: [drillNow] }))).rejects.toThrow(
      /EconomicProcess under_commitment is past its due_date: a process under a commitment starts by then/,
    );
    const own = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Mine again", resource_hashes: [drill] });
    expect(entryOf(own).status).toBe("InProgress");
  });

  test("Transport → Repair → Transport, chained by the role holder: location and state move as each type allows", async () => {
    const cart = await bobsResource();
    const t1 = await bob.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "To the workshop", resource_hashes: [cart] });
    expect(entryOf(t1).role_credential && sameBytes(entryOf(t1).role_credential!, bobTransport)).toBe(true);
    await bob.client.resource.completeEconomicProcess({ process_hash: t1.original_hash, to_location: "Workshop" });
    // This network's Repairs wait for one approving validator: a rejection keeps the completion waiting, with its reason.
    const attempt = await bob.client.resource.initiateEconomicProcess({ process_type: "Repair", name: "Fix the wheel", resource_hashes: [cart], follows: t1.original_hash });
    await expect(bob.client.resource.completeEconomicProcess({ process_hash: attempt.original_hash, state: "repaired" })).rejects.toThrow(
      /complete_economic_process: a Repair completion waits for 1 approving validator\(s\) \(0 so far\)/,
    );
    await eventually("Alice to see the repair", () => alice.client.resource.getEconomicProcess(attempt.original_hash));
    // An approval states the validator's assessment, at or above every threshold (spec §4.3.14): below them it is refused,
    // by the coordinator and by integrity when written directly; the validator records a rejection, whose scores say why.
    const scores = (quality_score: number) => performanceScores({ quality_score });
    const below = /ValidationReceipt cannot approve a Repair process below its performance_thresholds: quality_score 0\.5 < minimum_quality 0\.8 \(record a rejection instead\)/;
    const verdict = { validator: alice.pubKey, validated_item: attempt.original_hash, validation_type: "process_validation", approved: true, notes: null, validator_credential: null };
    await expect(dwAlice.create(ENTRY.validationReceipt, { ...verdict, performance: scores(0.5) })).rejects.toThrow(below);
    await expect(dwAlice.create(ENTRY.validationReceipt, { ...verdict, performance: null })).rejects.toThrow(
      /ValidationReceipt performance is required to approve a Repair process: this network sets performance_thresholds for it/,
    );
    await expect(
      alice.client.governance.validateProcessCompletion({ process_hash: attempt.original_hash, approved: true, performance: scores(0.5) }),
    ).rejects.toThrow(below);
    await alice.client.governance.validateProcessCompletion({
      process_hash: attempt.original_hash,
      approved: false,
      notes: "the wheel still wobbles",
      performance: scores(0.5),
    });
    const verdicts = await eventually("Bob to see the rejection", async () => {
      const v = await bob.client.governance.getProcessValidation(attempt.original_hash);
      return v.rejections.length === 1 ? v : null;
    });
    expect(verdicts).toMatchObject({ required: 1, validator_role: null, approvals: [], performance_thresholds: { minimum_quality: 0.8, minimum_timeliness: 0 } });
    expect(verdicts.rejections[0].entry.performance?.quality_score).toBe(0.5);
    await expect(bob.client.resource.completeEconomicProcess({ process_hash: attempt.original_hash, state: "repaired" })).rejects.toThrow(
      /waits for 1 approving validator\(s\) \(0 so far; rejected: the wheel still wobbles \(quality_score 0\.5 < minimum_quality 0\.8\)\)/,
    );
    // No one validates their own process; and the state cannot change before an approval, even written directly.
    await expect(bob.client.governance.validateProcessCompletion({ process_hash: attempt.original_hash, approved: true })).rejects.toThrow(
      /ValidationReceipt validator cannot validate their own process/,
    );
    const accepted = (await bob.client.resource.getEconomicResource(cart))!.latest;
    await expect(
      dwBob.create(ENTRY.economicEvent, eventEntry(bob, accepted.actionHash, { action: "Modify", state: "repaired", output_of: attempt.original_hash })),
    ).rejects.toThrow(/EconomicEvent process_approvals must cite at least 1 approving process_validation receipt\(s\): a Repair completion waits for its validators/);
    await bob.client.resource.updateProcessStatus({ process_hash: attempt.original_hash, status: "Failed" });
    const repair = await bob.client.resource.initiateEconomicProcess({
      process_type: "Repair",
      name: "Fix the wheel, again",
      resource_hashes: [cart],
      follows: t1.original_hash,
    });
    await eventually("Alice to see the second repair", () => alice.client.resource.getEconomicProcess(repair.original_hash));
    const approval = await alice.client.governance.validateProcessCompletion({
      process_hash: repair.original_hash,
      approved: true,
      notes: "true again",
      performance: scores(0.9),
    });
    await eventually("Bob to see the approval", async () => (await bob.client.governance.getProcessValidation(repair.original_hash)).approvals.length === 1);
    const repaired = await bob.client.resource.completeEconomicProcess({ process_hash: repair.original_hash, state: "repaired" });
    expect(entryOf(repaired).approvals.map((a) => sameBytes(a, approval.actionHash))).toEqual([true]);
    // The approval gave Alice a NetworkValidation receipt and Bob, who repaired, a MaintenanceFulfillment (README "Participation receipts").
    const [bobs, alices] = await Promise.all(
      [bob, alice].map((a) =>
        eventually("the repair approval's receipts", async () =>
          (await a.client.governance.getMyParticipationClaims()).find((r) => sameBytes(r.claim.terms.about, approval.actionHash)),
        ),
      ),
    );
    expect([bobs.claim.claim_type, bobs.claim.terms.role_context, alices.claim.claim_type]).toEqual(["MaintenanceFulfillment", "Repair", "NetworkValidation"]);
    const t2 = await bob.client.resource.initiateEconomicProcess({
      process_type: "Transport",
      name: "Back to the library",
      resource_hashes: [cart],
      follows: repair.original_hash,
    });
    const back = await bob.client.resource.completeEconomicProcess({ process_hash: t2.original_hash, to_location: "Library" });
    expect(entryOf(back).outputs).toHaveLength(1);
    expect(sameBytes(entryOf(back).outputs[0], cart)).toBe(true);

    const resource = (await bob.client.resource.getEconomicResource(cart))!.latest.entry;
    // Picked up and accepted, the cart was off hand; each dropoff and modify gave it back.
    expect(resource).toMatchObject({ current_location: "Library", state: "repaired", onhand_quantity: 1, accounting_quantity: 1 });
    const all = await eventually("Carol to see the four steps", async () => {
      const ps = await carol.client.resource.getProcessByResource(cart);
      return ps.length === 4 && ps.every((p) => ["Completed", "Failed"].includes(entryOf(p).status)) ? ps : null;
    });
    expect(all.map((p) => [entryOf(p).process_type, entryOf(p).status])).toEqual([
      ["Transport", "Completed"],
      ["Repair", "Failed"],
      ["Repair", "Completed"],
      ["Transport", "Completed"],
    ]);
    const chain = all.filter((p) => entryOf(p).status === "Completed");
    expect(sameBytes(entryOf(chain[1]).follows!, chain[0].original_hash)).toBe(true);
    expect(sameBytes(entryOf(chain[2]).follows!, chain[1].original_hash)).toBe(true);
    const t1Events = await eventually("Carol to see the first transport's events", async () => {
      const es = await carol.client.resource.getProcessEvents(t1.original_hash);
      return es.length === 2 ? es : null;
    });
    expect(t1Events.map((e) => e.entry.action)).toEqual(["Pickup", "Dropoff"]);
    // The resource's history reads the processes in order, each event with the process it is a step of (REQ-PROC-09).
    const steps = await eventually("Carol to see the eight process steps in the cart's history", async () => {
      const h = (await carol.client.governance.getResourceHistory(cart)).filter((line) => line.process !== null);
      return h.length === 8 ? h : null;
    });
    expect(steps.map((l) => [l.process!.process_type, l.process!.name, l.event.action, l.process!.side])).toEqual([
      ["Transport", "To the workshop", "Pickup", "input_of"],
      ["Transport", "To the workshop", "Dropoff", "output_of"],
      ["Repair", "Fix the wheel", "Accept", "input_of"],
      ["Repair", "Fix the wheel", "Modify", "output_of"],
      ["Repair", "Fix the wheel, again", "Accept", "input_of"],
      ["Repair", "Fix the wheel, again", "Modify", "output_of"],
      ["Transport", "Back to the library", "Pickup", "input_of"],
      ["Transport", "Back to the library", "Dropoff", "output_of"],
    ]);
    expect(sameBytes(steps[0].process!.process_hash, t1.original_hash) && sameBytes(steps[0].process!.started_by, bob.pubKey)).toBe(true);
    // The same history in pages of three, newest first, each page's `earlier` the next one's `before`: the same lines, processes included.
    const whole = await carol.client.governance.getResourceHistory(cart);
    const paged: typeof whole = [];
    let before: Uint8Array | null = null;
    do {
      const page = await carol.client.governance.getResourceHistoryPage({ resource_hash: cart, limit: 3, before });
      // Full pages until the one that holds the oldest event (an `earlier` promises an older event).
      expect(page.entries.length).toBe(page.earlier ? 3 : Math.min(3, whole.length - paged.length));
      paged.push(...page.entries);
      before = page.earlier;
    } while (before && paged.length <= whole.length);
    const line = (l: (typeof whole)[number]) => [encodeHashToBase64(l.event_hash), l.event.action, l.process?.name ?? null, l.process?.side ?? null];
    expect(paged.reverse().map(line)).toEqual(whole.map(line));

    // A next step cannot follow a process that has not completed.
    const open = await bob.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "Open", resource_hashes: [cart] });
    await expect(
      bob.client.resource.initiateEconomicProcess({ process_type: "Repair", name: "Too early", resource_hashes: [cart], follows: open.original_hash }),
    ).rejects.toThrow(/EconomicProcess follows must be Completed before the next step starts \(it is InProgress\)/);
    // A Transport never changes state: the operator refuses, and integrity refuses the event written directly.
    await expect(
      bob.client.resource.recordEvent({ resource_hash: cart, action: "Dropoff", resource_quantity: 1, state: "broken", process: open.original_hash }),
    ).rejects.toThrow(/EconomicEvent output_of of a Transport process cannot change the resource's state/);
    const latest = (await bob.client.resource.getEconomicResource(cart))!.latest;
    await expect(
      dwBob.create(ENTRY.economicEvent, eventEntry(bob, latest.actionHash, { action: "Dropoff", to_location: "Ditch", state: "broken", output_of: open.original_hash })),
    ).rejects.toThrow(/EconomicEvent output_of of a Transport process cannot change the resource's state/);
    // Nor lose what it carries: the dropoff gives back what the pickup took off hand.
    await expect(
      dwBob.create(ENTRY.economicEvent, eventEntry(bob, latest.actionHash, { action: "Dropoff", resource_quantity: 0, to_location: "Ditch", output_of: open.original_hash })),
    ).rejects.toThrow(/EconomicEvent Dropoff must give back the quantity its Pickup took: resource_quantity 0 \(expected 1\)/);
    // A completion must cite the process's own events: none is refused in integrity.
    await expect(
      dwBob.update(open.latest.actionHash, { ...entryOf(open), status: "Completed", completed_at: Date.now() * 1000, outputs: [cart] }),
    ).rejects.toThrow(/EconomicProcess events must cite one Pickup start \(input_of\) event per input of a Transport process/);
    // Picked up, the cart belongs to the transport: no other event, not even a transfer, until its dropoff.
    const heldBy = /EconomicEvent TransferCustody cannot act on a resource held by a process: its Pickup awaits the Dropoff that completes that process/;
    await expect(bob.client.resource.transferCustody({ resource_hash: cart, new_custodian: alice.pubKey })).rejects.toThrow(heldBy);
    const held = (await bob.client.resource.getEconomicResource(cart))!.latest;
    await expect(
      dwBob.create(ENTRY.economicEvent, eventEntry(bob, held.actionHash, { action: "TransferCustody", receiver: alice.pubKey, resource_quantity: held.entry.onhand_quantity })),
    ).rejects.toThrow(heldBy);
    // Cancelling drops it off where it is; then it accepts events again.
    const cancelled = await bob.client.resource.updateProcessStatus({ process_hash: open.original_hash, status: "Cancelled" });
    expect(entryOf(cancelled).status).toBe("Cancelled");
    expect((await bob.client.resource.getProcessEvents(open.original_hash)).map((e) => e.entry.action)).toEqual(["Pickup", "Dropoff"]);
    const moved = await bob.client.resource.transferCustody({ resource_hash: cart, new_custodian: alice.pubKey });
    expect(moved.entry).toMatchObject({ current_location: "Library", state: "repaired", onhand_quantity: 1 });
  });

  test("a chain in one commitment (REQ-USER-A-07): Transports serving the request Bob accepted; a step outside it cannot follow one inside", async () => {
    const cart = await bobsResource();
    const other = await validatedResource(bob);
    // Alice asks Bob, who holds the cart, to take it to the workshop and back: a commitment Bob provides, which he accepts.
    const request = (
      await alice.client.governance.proposeCommitment({
        action: "Dropoff",
        provider: bob.pubKey,
        receiver: alice.pubKey,
        resource_inventoried_as: cart,
        resource_quantity: 1,
        due_date: (Date.now() + 3_600_000) * 1000,
        note: "to the workshop and back",
      })
    ).actionHash;
    await eventually("Bob to see Alice's request", () => bob.client.governance.getCommitment(request));
    const acceptance = (await bob.client.governance.acceptCommitment({ commitment_hash: request })).actionHash;
    const there = await bob.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "There", resource_hashes: [cart], commitment_hash: request });
    expect(sameBytes(entryOf(there).under_commitment!.commitment, request)).toBe(true);
    expect(sameBytes(entryOf(there).under_commitment!.acceptance, acceptance)).toBe(true);
    expect((await bob.client.resource.getProcessEvents(there.original_hash)).map((e) => e.entry.action)).toEqual(["Pickup"]);
    await bob.client.resource.completeEconomicProcess({ process_hash: there.original_hash, to_location: "Workshop" });
    const back = await bob.client.resource.initiateEconomicProcess({
      process_type: "Transport",
      name: "Back",
      resource_hashes: [cart],
      commitment_hash: request,
      follows: there.original_hash,
    });
    expect(sameBytes(entryOf(back).follows!, there.original_hash)).toBe(true);
    await bob.client.resource.completeEconomicProcess({ process_hash: back.original_hash, to_location: "Library" });
    const seen = await eventually("Carol to see both steps completed under the request", async () => {
      const ps = (await carol.client.resource.getProcessByResource(cart)).filter((p) => entryOf(p).status === "Completed");
      return ps.length === 2 ? ps : null;
    });
    expect(seen.every((p) => sameBytes(entryOf(p).under_commitment!.commitment, request))).toBe(true);

    // Written directly: a step following one inside the commitment from outside it, and a commitment about another resource.
    const step = (over: object) =>
      processEntry(bob.pubKey, { process_type: "Transport", name: "Detour", required_role: "Transport", role_credential: bobTransport, ...over });
    const cartNow = (await bob.client.resource.getEconomicResource(cart))!.latest.actionHash;
    await expect(dwBob.create(ENTRY.economicProcess, step({ inputs: [cartNow], follows: back.original_hash }))).rejects.toThrow(
      /EconomicProcess follows must serve the same commitment \(under_commitment\) as the step it follows: a chain is in one commitment/,
    );
    const otherNow = (await bob.client.resource.getEconomicResource(other))!.latest.actionHash;
    await expect(dwBob.create(ENTRY.economicProcess, step({ inputs: [otherNow], under_commitment: { commitment: request, acceptance } }))).rejects.toThrow(
      /EconomicProcess under_commitment of a step must be a commitment the starter provides about that resource/,
    );
  });

  test("Storage: the storer holds custody for the duration and hands it on at the completion", async () => {
    const box = await bobsResource();
    const stored = await bob.client.resource.initiateEconomicProcess({ process_type: "Storage", name: "Winter storage", resource_hashes: [box], location: "Barn" });
    expect(await bob.client.resource.getProcessEvents(stored.original_hash)).toEqual([]);
    // For the duration the box stays with its storer: no transfer but the completion hands it on, through the
    // coordinator or written directly (integrity reads Bob's open processes from his chain).
    const heldByStorage = /EconomicEvent TransferCustody cannot move custody of a resource held by an open Storage process \(InProgress\): only that process's completion \(output_of\) hands it on; complete or cancel it first/;
    await expect(bob.client.resource.transferCustody({ resource_hash: box, new_custodian: carol.pubKey })).rejects.toThrow(heldByStorage);
    const storedRevision = (await bob.client.resource.getEconomicResource(box))!.latest.actionHash;
    await expect(
      dwBob.create(ENTRY.economicEvent, eventEntry(bob, storedRevision, { action: "TransferCustody", receiver: carol.pubKey })),
    ).rejects.toThrow(heldByStorage);
    await expect(bob.client.resource.completeEconomicProcess({ process_hash: stored.original_hash })).rejects.toThrow(
      /complete_economic_process: a Storage process needs receiver/,
    );
    const done = await bob.client.resource.completeEconomicProcess({ process_hash: stored.original_hash, receiver: alice.pubKey });
    expect(entryOf(done)).toMatchObject({ status: "Completed", location: "Barn" });
    const back = await eventually("Alice to hold the box again", async () => {
      const s = await alice.client.resource.getEconomicResource(box);
      return s && sameBytes(s.latest.entry.custodian, alice.pubKey) ? s : null;
    });
    expect(back.latest.entry.custodian).toEqual(alice.pubKey);
  });

  test("only the type's role starts a process: the coordinator refuses, and integrity refuses a borrowed credential", async () => {
    const cart = await bobsResource();
    await expect(carol.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "Joyride", resource_hashes: [cart] })).rejects.toThrow(
      /initiate_economic_process: a Transport process needs the Transport role/,
    );
    const revision = (await eventually("Carol to see the cart", () => carol.client.resource.getEconomicResource(cart))).latest.actionHash;
    const now = Date.now() * 1000;
    const borrowed = processEntry(carol.pubKey, {
      process_type: "Transport",
      name: "Joyride",
      required_role: "Transport",
      role_credential: bobTransport,
      inputs: [revision],
      started_at: now,
    });
    await eventually("Carol to hold Bob's credential", () => dwCarol.localView(bobTransport).then((v) => v.found_by_get));
    await expect(dwCarol.create(ENTRY.economicProcess, borrowed)).rejects.toThrow(
      /EconomicProcess role_credential must show the starter holds the Transport role to start a Transport process/,
    );
    // Bob's own credential, but inputs he does not hold: refused too.
    const alicesDrill = (await alice.client.resource.getEconomicResource(await validatedResource(alice)))!.latest.actionHash;
    await eventually("Bob to see Alice's drill", () => bob.client.resource.getEconomicResource(alicesDrill));
    await expect(dwBob.create(ENTRY.economicProcess, { ...borrowed, started_by: bob.pubKey, name: "Not mine", inputs: [alicesDrill] })).rejects.toThrow(
      /EconomicProcess inputs must be in the starter's custody/,
    );
  });

  test("status moves only along Planned → InProgress → Completed | Suspended → InProgress | Cancelled | Failed", async () => {
    const drill = await validatedResource(alice);
    const p = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Paused use", resource_hashes: [drill] });
    expect(entryOf(await alice.client.resource.updateProcessStatus({ process_hash: p.original_hash, status: "Suspended" })).status).toBe("Suspended");
    expect(entryOf(await alice.client.resource.updateProcessStatus({ process_hash: p.original_hash, status: "InProgress" })).status).toBe("InProgress");
    const cancelled = await alice.client.resource.updateProcessStatus({ process_hash: p.original_hash, status: "Cancelled" });
    expect(entryOf(cancelled).status).toBe("Cancelled");
    await expect(alice.client.resource.updateProcessStatus({ process_hash: p.original_hash, status: "InProgress" })).rejects.toThrow(
      /update_process_status: status cannot move from Cancelled to InProgress \(allowed: \[\]\)/,
    );
    await expect(dwAlice.update(cancelled.latest.actionHash, { ...entryOf(cancelled), status: "InProgress" })).rejects.toThrow(
      /EconomicProcess status cannot move from Cancelled to InProgress/,
    );
    await eventually("Bob to see Alice's process", () => bob.client.resource.getEconomicProcess(p.original_hash));
    await expect(bob.client.resource.updateProcessStatus({ process_hash: p.original_hash, status: "Failed" })).rejects.toThrow(
      /update_process_status: only the process's starter moves it/,
    );
    // A cancelled Use no longer counts against max_concurrent_users: a new one starts.
    const next = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "After the cancel", resource_hashes: [drill] });
    expect(entryOf(next).status).toBe("InProgress");
    await alice.client.resource.updateProcessStatus({ process_hash: next.original_hash, status: "Failed" });
  });
});
