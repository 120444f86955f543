/**
 * Table-driven: one case per action of the ValueFlows 1.0 table
 * (plus the extensions InitialTransfer and AccessForUse), each recorded
 * through `record_event` — the governance operator — on its own validated
 * resource, and every effect column of the action's row checked on the
 * revision the event produced. The expected revision is computed here from
 * `VF_ACTION_EFFECTS` (the same JSON the Rust table generates), so the test
 * reads the table as its documentation does, independently of `apply_event`.
 * Three agents: Alice and Carol (progenitors), Bob; Carol is the validator
 * the specification names (validators are Accountable, REQ-GOV-02). The
 * output half of a VF pair (Modify, Dropoff) is recorded after its input
 * half (Accept, Pickup) on the same resource, as `pairsWith` requires, and
 * Separate after a Combine (only a contained resource can be separated).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import {
  type ActionEffects,
  type EconomicResource,
  type EntryRecord,
  type ResourceId,
  ResourceIdSchema,
  VF_ACTION_EFFECTS,
  type VfAction,
} from "@nondominium/client";
import { addAgents, type Agent, eventually, majorityOf, sameBytes, sampleSpec } from "./common.js";

const STAGE = "Repair";
const STATE = "checked";
const LOCATION = "Workshop";

/** What a case passes to record_event, derived from the action's row only. */
function caseInput(row: ActionEffects) {
  const moves = (e: string) => e === "decrementIncrement";
  const addsOrRemoves = (e: string) => e === "increment" || e === "decrement";
  const handsOver =
    moves(row.onhandEffect) || moves(row.accountingEffect) || row.accountableEffect === "updateTo" || row.action === "AccessForUse";
  // VF's updateTo reaches toResourceInventoriedAs: this resource when the whole of it moves, a copy otherwise (Copy).
  const here = (effect: string) => effect === "update" || (effect === "updateTo" && (moves(row.onhandEffect) || moves(row.accountingEffect)));
  return {
    toBob: handsOver && row.action !== "Move",
    resource_quantity: addsOrRemoves(row.accountingEffect) || addsOrRemoves(row.onhandEffect) ? 0.5 : row.action === "Work" ? 2 : null,
    to_location: here(row.locationEffect) ? LOCATION : null,
    state: here(row.stateEffect) ? STATE : null,
    stage: row.stageEffect === "update" ? STAGE : null,
    contained: row.containedEffect === "update",
  };
}

/** The revision the row says the event produces from `before` (quantities start at 2). */
function expected(row: ActionEffects, before: EconomicResource, receiver: Uint8Array, q: number | null, container: Uint8Array | null) {
  const quantity = (effect: string, value: number) =>
    effect === "increment" ? value + (q ?? 0) : effect === "decrement" ? value - (q ?? 0) : value;
  const input = caseInput(row);
  return {
    accounting_quantity: quantity(row.accountingEffect, before.accounting_quantity),
    onhand_quantity: quantity(row.onhandEffect, before.onhand_quantity),
    custodian: row.onhandEffect === "decrementIncrement" ? receiver : before.custodian,
    primary_accountable: row.accountableEffect === "updateTo" ? receiver : before.primary_accountable,
    current_location: input.to_location ?? before.current_location,
    contained_in: row.containedEffect === "update" ? container : row.containedEffect === "remove" ? null : before.contained_in,
    stage: input.stage ?? before.stage,
    state: input.state ?? before.state,
  };
}

describe("every ValueFlows action applies exactly its row of the effects table", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent;
  let specHash: Uint8Array;
  /** One validated resource per action (InitialTransfer's is Bob's), plus a container for Combine. */
  /** Each case's resource, by its identity (the first revision, as `createEconomicResource` returns it). */
  const resources = new Map<VfAction | "container", ResourceId>();

  beforeAll(async () => {
    [alice, carol, bob] = await addAgents(scenario, [2, 1], [0, 1]);
    const base = sampleSpec({ name: "Workbench" });
    specHash = (await alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([carol])] }))
      .actionHash;
    // Bob creates a resource on it; Carol validates resources against it.
    for (const a of [bob, carol]) await eventually("the specification to be seen", () => a.client.resource.getResourceSpec(specHash));
    for (const row of VF_ACTION_EFFECTS) {
      const who = row.action === "InitialTransfer" ? bob : alice;
      const r = await who.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 2, unit: "unit", current_location: "Shed" });
      resources.set(row.action, ResourceIdSchema.parse(r.actionHash));
    }
    resources.set("container", ResourceIdSchema.parse((await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash));
    for (const hash of resources.values()) {
      await eventually("Carol to see the resource", () => carol.client.resource.getEconomicResource(hash));
      await carol.client.governance.validateNewResource({ resource_hash: hash, approved: true, notes: null });
    }
    for (const [action, hash] of resources) {
      const custodian = action === "InitialTransfer" ? bob : alice;
      await eventually(
        "the custodian to see Carol's approval",
        async () => (await custodian.client.governance.checkValidationStatus(hash)).status === "approved",
      );
      await custodian.client.resource.confirmResourceValidation(hash);
    }
  }, 180_000);
  afterAll(async () => {
    await scenario.cleanUp();
  });

  /**
   * Records `action`'s case on its resource (with the input half of a pair, or the Combine a Separate needs, first),
   * once: the case's test and the tests that read its resource afterwards each await it, so every test runs alone
   * (`.only`) and in any order. Resolves to what the assertions read.
   */
  const cases = new Map<VfAction, ReturnType<typeof runCase>>();
  const recordCase = (action: VfAction) => {
    if (!cases.has(action)) cases.set(action, runCase(VF_ACTION_EFFECTS.find((r) => r.action === action)!));
    return cases.get(action)!;
  };
  const runCase = async (row: ActionEffects) => {
    const action = row.action;
    const provider = action === "InitialTransfer" ? bob : alice;
    const input = caseInput(row);
    const receiver = action === "InitialTransfer" ? alice : input.toBob ? bob : provider;
    const hash = resources.get(action)!;
    if (row.inputOutput === "output" && row.pairsWith !== "notApplicable") {
      const pair = VF_ACTION_EFFECTS.find((r) => r.label === row.pairsWith)!;
      await provider.client.resource.recordEvent({ resource_hash: hash, action: pair.action, resource_quantity: 0.5, note: `before ${row.label}` });
    }
    if (row.containedEffect === "remove") {
      // Only a contained resource can be separated: pack it into the container first.
      const into = resources.get("container")!;
      await provider.client.resource.recordEvent({ resource_hash: hash, action: "Combine", resource_quantity: 0, contained_in: into, note: `before ${row.label}` });
    }
    const before = (await provider.client.resource.getEconomicResource(hash))!.latest.entry;
    const container = input.contained ? resources.get("container")! : null;
    const recorded = await provider.client.resource.recordEvent({
      resource_hash: hash,
      action,
      receiver: receiver.pubKey,
      resource_quantity: input.resource_quantity,
      to_location: input.to_location,
      state: input.state,
      stage: input.stage,
      contained_in: container,
      note: `table case ${row.label}`,
    });
    return { provider, receiver, before, container, recorded };
  };

  test.each(VF_ACTION_EFFECTS.map((row) => [row.action, row] as const))("%s", async (action, row) => {
    const { provider, receiver, before, container, recorded } = await recordCase(action);
    // The event is what was asked, recorded by the provider.
    expect(recorded.event.action).toBe(action);
    expect(sameBytes(recorded.event.provider, provider.pubKey)).toBe(true);
    expect(sameBytes(recorded.event.receiver, receiver.pubKey)).toBe(true);
    // Every effect column of the row, on the new revision.
    const after: EntryRecord<EconomicResource> = recorded.revision;
    const want = expected(row, before, receiver.pubKey, recorded.event.resource_quantity, container);
    expect(after.entry.accounting_quantity).toBe(want.accounting_quantity);
    expect(after.entry.onhand_quantity).toBe(want.onhand_quantity);
    expect(sameBytes(after.entry.custodian, want.custodian)).toBe(true);
    expect(sameBytes(after.entry.primary_accountable, want.primary_accountable)).toBe(true);
    expect(after.entry.current_location).toBe(want.current_location);
    expect(after.entry.contained_in === null ? null : Buffer.from(after.entry.contained_in).toString("base64")).toBe(
      want.contained_in === null ? null : Buffer.from(want.contained_in).toString("base64"),
    );
    expect([after.entry.stage, after.entry.state]).toEqual([want.stage, want.state]);
    expect(sameBytes(after.entry.last_event!, recorded.event_hash)).toBe(true);
  });

  test("Separate undoes a Combine's containment", async () => {
    await recordCase("Combine");
    const hash = resources.get("Combine")!;
    const separated = await alice.client.resource.recordEvent({ resource_hash: hash, action: "Separate", resource_quantity: 0 });
    expect(separated.revision.entry.contained_in).toBeNull();
  });

  test("an output of a VF pair follows its input half on the same resource", async () => {
    await recordCase("Use");
    const used = resources.get("Use")!;
    await expect(alice.client.resource.recordEvent({ resource_hash: used, action: "Dropoff", resource_quantity: 1 })).rejects.toThrow(
      /EconomicEvent Dropoff must follow a Pickup of the same resource \(VF pairsWith\): the last event of resource_inventoried_as is Use/,
    );
  });

  test("the operator refuses what the row forbids, naming the field", async () => {
    await recordCase("TransferCustody");
    const used = resources.get("Use")!;
    await expect(alice.client.resource.recordEvent({ resource_hash: used, action: "Use", to_location: "Elsewhere" })).rejects.toThrow(
      /use refused by governance: EconomicEvent to_location must be empty for Use: the action does not set it/,
    );
    await expect(alice.client.resource.recordEvent({ resource_hash: used, action: "Consume" })).rejects.toThrow(
      /consume refused by governance: Consume needs context.quantity_change/,
    );
    await expect(alice.client.resource.recordEvent({ resource_hash: used, action: "Consume", resource_quantity: 3 })).rejects.toThrow(
      /EconomicEvent resource_quantity must not exceed the resource's accounting_quantity for Consume/,
    );
    // Bob now holds the TransferCustody case's resource; Alice is no longer its custodian.
    await expect(
      alice.client.resource.recordEvent({ resource_hash: resources.get("TransferCustody")!, action: "Use" }),
    ).rejects.toThrow(/Use requesting_agent must be the custodian of the resource/);
  });

  test("an InitialTransfer is made once per agent", async () => {
    await recordCase("InitialTransfer");
    const second = (await bob.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await eventually("Carol to see Bob's second resource", () => carol.client.resource.getEconomicResource(second));
    await carol.client.governance.validateNewResource({ resource_hash: second, approved: true, notes: null });
    await eventually(
      "Bob to see Carol's approval",
      async () => (await bob.client.governance.checkValidationStatus(second)).status === "approved",
    );
    await expect(
      bob.client.resource.recordEvent({ resource_hash: second, action: "InitialTransfer", receiver: alice.pubKey }),
    ).rejects.toThrow(/EconomicEvent InitialTransfer was already made by this provider/);
  });
});
