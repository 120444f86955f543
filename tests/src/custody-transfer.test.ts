/**
 * The first flow (spec §3, §4.1.1, §4.2.1-4.2.3, §4.3.1, §6) between
 * two agents on two real conductors, through the typed client only, plus the
 * refusals a user meets through the production coordinators.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { addAgents, type Agent, approveResource, eventually, HAPP_PATH, majorityOf, once, sameBytes, sampleSpec } from "./common.js";

describe("custody transfer between two agents", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let bob: Agent;

  beforeAll(async () => {
    // Alice and Bob are progenitors: only Accountable Agents define specifications and validate resources.
    [alice, bob] = await addAgents(scenario, [1, 1], [0, 1], HAPP_PATH);
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  // Each test makes the resource it is about, so that it runs alone (`.only`) and in any order; they share the
  // specification, which no test changes.
  /** The file's one specification (a usage limit and Bob as its one validator), defined once by whichever test needs it first. */
  const drillSpec = once(() => {
    const base = sampleSpec();
    return alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([bob])] });
  });
  /** A new resource of Alice's on the specification, pending validation; its first revision's hash. */
  const pendingResource = async () =>
    (await alice.client.resource.createEconomicResource({ spec_hash: (await drillSpec()).actionHash, quantity: 1, unit: "unit" })).actionHash;
  /** A new resource of Alice's that Bob approved (still pending until she writes the Validated revision). */
  const approvedByBob = async () => {
    const r = await pendingResource();
    await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(r));
    await eventually("Bob to see its specification", async () => bob.client.resource.getResourceSpec((await drillSpec()).actionHash));
    await bob.client.governance.validateNewResource({ resource_hash: r, approved: true, notes: "checked" });
    await eventually("Alice to see the approval", async () => (await alice.client.governance.checkValidationStatus(r)).status === "approved");
    return r;
  };
  /** A new resource that Alice, its validated custodian, handed to Bob; once Bob sees it is his. */
  const heldByBob = async () => {
    const r = await approvedByBob();
    await alice.client.resource.transferCustody({ resource_hash: r, new_custodian: bob.pubKey });
    await eventually("Bob to hold the resource", async () => {
      const seen = await bob.client.resource.getEconomicResource(r);
      return seen && sameBytes(seen.latest.entry.custodian, bob.pubKey);
    });
    return r;
  };
  const key = (h: Uint8Array) => Buffer.from(h).toString("base64");

  test("each agent creates a profile, discoverable through the AllAgents anchor", async () => {
    const a = await alice.client.person.createProfile({ name: "Alice", avatar_url: null });
    expect(sameBytes(a.entry.agent_pub_key, alice.pubKey)).toBe(true);
    await bob.client.person.createProfile({ name: "  Bob  " });
    const names = await eventually("Alice to list both profiles", async () => {
      const listed = (await alice.client.person.getAllProfiles()).map((p) => p.entry.name).sort();
      return listed.length >= 2 ? listed : null;
    });
    expect(names).toEqual(["Alice", "Bob"]);
    const bobSeen = await alice.client.person.getAgentProfile(bob.pubKey);
    expect(bobSeen?.entry.name).toBe("Bob");
    await expect(alice.client.person.createProfile({ name: "Alice again" })).rejects.toThrow(
      /AgentProfile already exists for this agent/,
    );
  });

  test("Alice defines a specification with rules and a resource conforming to it, pending validation", async () => {
    const spec = await drillSpec();
    expect(spec.entry.governance_rules).toHaveLength(2);
    const resource = await alice.client.resource.createEconomicResource({ spec_hash: spec.actionHash, quantity: 1, unit: "unit" });
    expect(sameBytes(resource.entry.custodian, alice.pubKey)).toBe(true);
    expect(resource.entry.last_event).toBeNull();
    expect(resource.entry.status).toBe("PendingValidation");
    expect(resource.entry.approvals).toEqual([]);
  });

  test("Bob discovers the specification and the resource", async () => {
    const specHash = (await drillSpec()).actionHash;
    const resourceHash = await pendingResource();
    // Bob's listing is Alice's: the same resources on the specification (others' tests add theirs), this one among them.
    const alices = (await alice.client.resource.getResourcesBySpec(specHash)).map((r) => key(r.original_hash)).sort();
    const resources = await eventually("Bob to list the resources Alice lists", async () => {
      const listed = await bob.client.resource.getResourcesBySpec(specHash);
      return listed.length >= alices.length ? listed : null;
    });
    expect(resources.map((r) => key(r.original_hash)).sort()).toEqual(alices);
    const specs = await bob.client.resource.getAllResourceSpecs();
    expect(specs.map((s) => s.entry.name)).toEqual(["Cordless drill"]);
    expect(specs[0].entry.governance_rules[0].rule_type).toBe("usage_limit");
    const found = resources.find((r) => sameBytes(r.original_hash, resourceHash));
    expect(found && sameBytes(found.latest.entry.custodian, alice.pubKey)).toBe(true);
  });

  test("a resource pending peer validation cannot be transferred (REQ-GOV-02)", async () => {
    const resourceHash = await pendingResource();
    await expect(
      alice.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: bob.pubKey }),
    ).rejects.toThrow(/transfer_custody refused by governance: EconomicEvent resource_inventoried_as must be Validated/);
    await expect(alice.client.resource.confirmResourceValidation(resourceHash)).rejects.toThrow(
      /confirm_resource_validation: the resource is pending \(0 of 1 approvals\)/,
    );
  });

  test("Bob, the scheme's validator, approves it; the transfer then records the validation first", async () => {
    const resourceHash = await pendingResource();
    await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(resourceHash));
    await eventually("Bob to see its specification", async () => bob.client.resource.getResourceSpec((await drillSpec()).actionHash));
    const receipt = await bob.client.governance.validateNewResource({ resource_hash: resourceHash, approved: true, notes: "checked" });
    expect(receipt.entry.validation_type).toBe("resource_approval");
    await eventually(
      "Alice to see the approval",
      async () => (await alice.client.governance.checkValidationStatus(resourceHash)).status === "approved",
    );
  });

  test("a non-custodian cannot transfer custody", async () => {
    const resourceHash = await approvedByBob();
    await expect(
      bob.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: bob.pubKey }),
    ).rejects.toThrow(/transfer_custody refused by governance: .*TransferCustody requesting_agent must be the custodian of the resource/);
  });

  test("Alice transfers custody to Bob through the governance operator", async () => {
    const resourceHash = await approvedByBob();
    const revision = await alice.client.resource.transferCustody({
      resource_hash: resourceHash,
      new_custodian: bob.pubKey,
      note: "for the weekend",
    });
    expect(revision.actionType).toBe("Update");
    expect(sameBytes(revision.entry.custodian, bob.pubKey)).toBe(true);
    expect([revision.entry.accounting_quantity, revision.entry.onhand_quantity]).toEqual([1, 1]);
    expect(sameBytes(revision.entry.primary_accountable, alice.pubKey)).toBe(true); // custody moved, rights did not
    expect(revision.entry.status).toBe("Validated");
    expect(revision.entry.approvals).toHaveLength(1);
    const eventHash = revision.entry.last_event!;
    expect(eventHash).not.toBeNull();

    const event = await eventually("Bob to read the event", () => bob.client.governance.getEconomicEvent(eventHash));
    expect(event?.entry.action).toBe("TransferCustody");
    // A hash of another type of record is no event.
    expect(await bob.client.governance.getEconomicEvent(resourceHash)).toBeNull();
    expect(sameBytes(event.entry.provider, alice.pubKey)).toBe(true);
    expect(sameBytes(event.entry.receiver, bob.pubKey)).toBe(true);
    // The event starts from the Validated revision Alice wrote just before it, which cites Bob's approval.
    const validated = await eventually("Bob to read the Validated revision the event starts from", () =>
      bob.client.resource.getEconomicResource(event.entry.resource_inventoried_as),
    );
    expect(sameBytes(validated!.original_hash, resourceHash)).toBe(true);
    expect(event.entry.note).toBe("for the weekend");

    const held = await eventually("Bob to hold the resource", async () =>
      (await bob.client.resource.getMyResources()).find((r) => sameBytes(r.original_hash, resourceHash)),
    );
    expect(sameBytes(held.latest.actionHash, revision.actionHash)).toBe(true);
    expect((await alice.client.resource.getMyResources()).map((r) => key(r.original_hash))).not.toContain(key(resourceHash));
    const state = await alice.client.resource.getEconomicResource(resourceHash);
    expect(sameBytes(state!.latest.entry.custodian, bob.pubKey)).toBe(true);
  });

  test("the former custodian can no longer transfer it; the new one can hand it back", async () => {
    const resourceHash = await heldByBob();
    await expect(
      alice.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: alice.pubKey }),
    ).rejects.toThrow(/TransferCustody requesting_agent must be the custodian of the resource/);
    const back = await bob.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: alice.pubKey });
    expect(sameBytes(back.entry.custodian, alice.pubKey)).toBe(true);
    const holds = async (who: Agent) => (await who.client.resource.getMyResources()).some((r) => sameBytes(r.original_hash, resourceHash));
    await eventually("Alice to hold the resource again and Bob no longer", async () => (await holds(alice)) && !(await holds(bob)));
  });

  test("the operator refuses a stale or misstated revision and a transfer to oneself", async () => {
    // resourceHash is the first revision, superseded by now (approved, handed to Bob and back): Alice held it then.
    const specHash = (await drillSpec()).actionHash;
    const resourceHash = await heldByBob();
    await bob.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: alice.pubKey });
    await eventually("Alice to hold the resource again", async () => {
      const seen = await alice.client.resource.getEconomicResource(resourceHash);
      return seen && sameBytes(seen.latest.entry.custodian, alice.pubKey);
    });
    const r0 = {
      conforms_to: specHash,
      accounting_quantity: 1,
      onhand_quantity: 1,
      unit: "unit",
      primary_accountable: alice.pubKey,
      custodian: alice.pubKey,
      current_location: null as string | null,
      contained_in: null as Uint8Array | null,
      stage: null as string | null,
      state: null as string | null,
      last_event: null,
      status: "PendingValidation" as "PendingValidation" | "Validated",
      approvals: [] as Uint8Array[],
    };
    const ask = (resource: typeof r0) =>
      alice.client.governance.evaluateStateTransition({
        action: "TransferCustody",
        resource,
        resource_hash: resourceHash,
        requesting_agent: alice.pubKey,
        context: { target_custodian: bob.pubKey },
      });
    const stale = await ask(r0);
    expect(stale.success).toBe(false);
    expect(stale.economic_event).toBeNull();
    expect(stale.rejection_reasons).toEqual([
      "resource_hash is not the latest revision of the resource",
      "EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event",
    ]);
    const misstated = await ask({ ...r0, onhand_quantity: 5 });
    expect(misstated.rejection_reasons).toEqual([
      "resource must be exactly the revision at resource_hash",
      "EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event",
    ]);
    await expect(
      alice.client.resource.transferCustody({ resource_hash: resourceHash, new_custodian: alice.pubKey }),
    ).rejects.toThrow(/EconomicEvent receiver must differ from the provider for TransferCustody/);
  });

  test("the rights holder transfers the rights while the custodian keeps custody, and only the custodian's revision applies them", async () => {
    const specHash = (await drillSpec()).actionHash;
    const r = (await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 2, unit: "kg", current_location: "Shed" }))
      .actionHash;
    await approveResource(alice, [bob], r);
    await alice.client.resource.transferCustody({ resource_hash: r, new_custodian: bob.pubKey });
    await eventually("Bob to hold the resource", async () => {
      const seen = await bob.client.resource.getEconomicResource(r);
      return seen && sameBytes(seen.latest.entry.custodian, bob.pubKey);
    });
    // Bob holds it, Alice holds the rights: Bob cannot consume what Alice has rights to.
    await expect(bob.client.resource.recordEvent({ resource_hash: r, action: "Consume", resource_quantity: 1 })).rejects.toThrow(
      /consume refused by governance: EconomicEvent provider must be the primary accountable of resource_inventoried_as for Consume: it changes rights/,
    );
    const recorded = await alice.client.resource.recordEvent({ resource_hash: r, action: "TransferAllRights", receiver: bob.pubKey });
    expect(recorded.applied).toBe(false);
    expect(sameBytes(recorded.revision.entry.primary_accountable, alice.pubKey)).toBe(true);
    // One event per revision: Alice cannot promise the rights twice before Bob applies the first.
    await expect(alice.client.resource.recordEvent({ resource_hash: r, action: "TransferAllRights", receiver: bob.pubKey })).rejects.toThrow(
      /EconomicEvent resource_inventoried_as already has an event by this author: one event per revision/,
    );
    await expect(alice.client.resource.applyRightsTransfers(r)).rejects.toThrow(/apply_rights_transfers: only the custodian applies a rights transfer/);
    const applied = await eventually("Bob to apply the rights transfer", async () => {
      const revision = await bob.client.resource.applyRightsTransfers(r);
      return sameBytes(revision.entry.primary_accountable, bob.pubKey) ? revision : null;
    });
    expect(sameBytes(applied.entry.last_event!, recorded.event_hash)).toBe(true);
    // Nothing of the custodian's side changed.
    expect(sameBytes(applied.entry.custodian, bob.pubKey)).toBe(true);
    expect([applied.entry.onhand_quantity, applied.entry.accounting_quantity, applied.entry.unit, applied.entry.current_location]).toEqual([
      2,
      2,
      "kg",
      "Shed",
    ]);
  });

  test("bad input is refused with the field and the rule, by the client and by the zome", async () => {
    const specHash = (await drillSpec()).actionHash;
    // The typed client refuses before calling.
    await expect(alice.client.resource.createResourceSpec(sampleSpec({ name: " " }))).rejects.toThrow(
      /invalid input: name: name must not be empty/,
    );
    await expect(
      alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: Number.NaN, unit: "unit" }),
    ).rejects.toThrow(/invalid input: quantity/);
    // The zome refuses the same input sent raw.
    const raw = (fn_name: string, payload: unknown) =>
      alice.player.appWs.callZome({ role_name: "nondominium", zome_name: "resource", fn_name, payload });
    await expect(raw("create_resource_spec", { ...sampleSpec({ name: "" }) })).rejects.toThrow(
      /ResourceSpecification name must not be empty/,
    );
    for (const quantity of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      await expect(raw("create_economic_resource", { spec_hash: specHash, quantity, unit: "unit" })).rejects.toThrow(
        /EconomicResource accounting_quantity must be a finite number >= 0/,
      );
    }
    await expect(raw("create_economic_resource", { spec_hash: specHash, quantity: 1, unit: " " })).rejects.toThrow(
      /EconomicResource unit must not be empty/,
    );
    await expect(
      alice.player.appWs.callZome({
        role_name: "nondominium",
        zome_name: "person",
        fn_name: "update_profile",
        payload: { previous_profile_hash: specHash, name: "", avatar_url: null },
      }),
    ).rejects.toThrow(/AgentProfile name must not be empty/);
  });
});
