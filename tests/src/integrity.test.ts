/**
 * Every rule of issue 3 holds in the integrity zomes: the test-only
 * `direct_write` coordinator writes the forbidden data straight to the
 * author's chain, skipping every coordinator check, and the author's own
 * conductor (inline validation, the same code every honest peer runs) must
 * refuse it with the rule's message. Each refusal is paired with an accepted
 * write, so no rule passes by refusing everything.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import type { AgentPubKey } from "@holochain/client";
import { addAgents, type Agent, DirectWrite, ENTRY, eventually, LINK, majorityOf, sampleSpec } from "./common.js";

describe("integrity rules against direct writes", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let bob: Agent;
  let dw: DirectWrite;
  let bobKey: AgentPubKey;
  let carolKey: AgentPubKey;
  let profileHash: Uint8Array;
  let specHash: Uint8Array;
  /** The first revision of the resource most tests act on (pending), and its Validated revision. */
  let created: Uint8Array;
  let r0: Uint8Array;
  let r0Approvals: Uint8Array[];
  /** r0 after custody moved to Bob. */
  let r1: Uint8Array;

  /** A first revision: pending validation, no approvals. */
  const resourceEntry = (over: object = {}) => ({
    conforms_to: specHash,
    accounting_quantity: 1,
    onhand_quantity: 1,
    unit: "unit",
    primary_accountable: alice.pubKey,
    custodian: alice.pubKey,
    current_location: null,
    contained_in: null,
    stage: null,
    state: null,
    last_event: null,
    status: "PendingValidation",
    approvals: [] as Uint8Array[],
    ...over,
  });
  /** A later revision of the resource validated by `r0Approvals`. */
  const revisionEntry = (over: object = {}) => resourceEntry({ status: "Validated", approvals: r0Approvals, ...over });

  /** Bob, the scheme's only validator, approves `hash` once he sees it; returns his receipt. */
  async function bobApproves(hash: Uint8Array): Promise<Uint8Array> {
    await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(hash));
    return (await bob.client.governance.validateNewResource({ resource_hash: hash, approved: true, notes: null })).actionHash;
  }
  /** A new resource of `spec`, approved by Bob and flipped to Validated by a direct write. */
  async function validatedResource(spec = specHash): Promise<{ hash: Uint8Array; approvals: Uint8Array[] }> {
    const first = await dw.create(ENTRY.economicResource, resourceEntry({ conforms_to: spec }));
    const approvals = [await bobApproves(first)];
    const hash = await dw.update(first, resourceEntry({ conforms_to: spec, status: "Validated", approvals }));
    return { hash, approvals };
  }
  const eventEntry = (over: object = {}) => ({
    action: "TransferCustody",
    provider: alice.pubKey,
    receiver: bobKey,
    resource_inventoried_as: r0,
    resource_quantity: 1,
    to_location: null,
    state: null,
    stage: null,
    contained_in: null,
    event_time: Date.now() * 1000,
    note: null,
    ...over,
  });

  beforeAll(async () => {
    // Alice is the progenitor, so she may define specifications; Bob validates her resources.
    [alice, bob] = await addAgents(scenario, [2], [0]);
    const player = alice.player;
    dw = new DirectWrite(player);
    bobKey = bob.pubKey;
    carolKey = await player.conductor.adminWs().generateAgentPubKey();
    profileHash = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    const base = sampleSpec();
    specHash = (await alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([bob])] }))
      .actionHash;
    created = await dw.create(ENTRY.economicResource, resourceEntry());
    r0Approvals = [await bobApproves(created)];
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  describe("AgentProfile", () => {
    test("agent_pub_key must be the author", async () => {
      await expect(dw.create(ENTRY.agentProfile, { agent_pub_key: bobKey, name: "Bob", avatar_url: null })).rejects.toThrow(
        /AgentProfile agent_pub_key must be the author/,
      );
    });
    test("name must not be empty", async () => {
      await expect(dw.create(ENTRY.agentProfile, { agent_pub_key: alice.pubKey, name: " ", avatar_url: null })).rejects.toThrow(
        /AgentProfile name must not be empty/,
      );
    });
    test("cannot be deleted", async () => {
      await expect(dw.delete(profileHash)).rejects.toThrow(/AgentProfile cannot be deleted/);
    });
    test("one profile per agent", async () => {
      await expect(dw.create(ENTRY.agentProfile, { agent_pub_key: alice.pubKey, name: "Alice again", avatar_url: null })).rejects.toThrow(
        /AgentProfile already exists for this agent: update it instead/,
      );
    });
    test("AllAgents links start at the all_agents anchor", async () => {
      await expect(dw.createLink(LINK.allAgents, specHash, profileHash)).rejects.toThrow(
        /AllAgents link base must be the all_agents anchor/,
      );
    });
  });

  describe("ResourceSpecification", () => {
    test("name must not be empty", async () => {
      await expect(dw.create(ENTRY.resourceSpecification, { ...sampleSpec({ name: "" }), accountable_credential: null })).rejects.toThrow(
        /ResourceSpecification name must not be empty/,
      );
    });
    test("each rule has a known type and rule_data that matches it", async () => {
      const withRule = (rule_type: string, rule_data: string) => ({
        ...sampleSpec({ governance_rules: [{ rule_type: rule_type as "usage_limit", rule_data, enforced_by: null }] }),
        accountable_credential: null,
      });
      await expect(dw.create(ENTRY.resourceSpecification, withRule("", "{}"))).rejects.toThrow(
        /ResourceSpecification governance_rules\[0\]\.rule_type `` is not one of access_requirement, usage_limit, transfer_conditions, validation_scheme/,
      );
      await expect(dw.create(ENTRY.resourceSpecification, withRule("usage_limit", '{"max_days":3}'))).rejects.toThrow(
        /ResourceSpecification governance_rules\[0\]\.rule_data does not match usage_limit: unknown field `max_days`/,
      );
      await expect(dw.create(ENTRY.resourceSpecification, withRule("validation_scheme", '{"scheme":"n_of_m","n":3,"m":2}'))).rejects.toThrow(
        /ResourceSpecification governance_rules\[0\]\.rule_data n_of_m needs n and m with 1 <= n <= m/,
      );
      expect(await dw.create(ENTRY.resourceSpecification, withRule("usage_limit", '{"max_duration_hours":72}'))).toBeInstanceOf(Uint8Array);
    });
    test("cannot be updated or deleted", async () => {
      await expect(dw.update(specHash, { ...sampleSpec({ name: "Other" }), accountable_credential: null })).rejects.toThrow(
        /ResourceSpecification cannot be updated/,
      );
      await expect(dw.delete(specHash)).rejects.toThrow(/ResourceSpecification cannot be deleted/);
    });
  });

  describe("EconomicResource", () => {
    test("conforms_to must be a ResourceSpecification", async () => {
      for (const notASpec of [profileHash, created]) {
        await expect(dw.create(ENTRY.economicResource, resourceEntry({ conforms_to: notASpec }))).rejects.toThrow(
          /EconomicResource conforms_to must reference a ResourceSpecification/,
        );
      }
    });
    test("quantities must be finite and >= 0; unit must not be empty", async () => {
      for (const q of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5]) {
        await expect(dw.create(ENTRY.economicResource, resourceEntry({ accounting_quantity: q }))).rejects.toThrow(
          /EconomicResource accounting_quantity must be a finite number >= 0/,
        );
        await expect(dw.create(ENTRY.economicResource, resourceEntry({ onhand_quantity: q }))).rejects.toThrow(
          /EconomicResource onhand_quantity must be a finite number >= 0/,
        );
      }
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ unit: "" }))).rejects.toThrow(
        /EconomicResource unit must not be empty/,
      );
      expect(await dw.create(ENTRY.economicResource, resourceEntry({ accounting_quantity: 0, onhand_quantity: 0 }))).toBeInstanceOf(Uint8Array);
    });
    test("the creator is the first custodian and primary accountable agent", async () => {
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ custodian: bobKey }))).rejects.toThrow(
        /EconomicResource custodian must be the author when created/,
      );
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ primary_accountable: bobKey }))).rejects.toThrow(
        /EconomicResource primary_accountable must be the author when created/,
      );
    });
    test("it starts pending validation, with no approvals", async () => {
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ status: "Validated" }))).rejects.toThrow(
        /EconomicResource status must be PendingValidation with no approvals when created/,
      );
    });
    test("a pending resource accepts no event: neither the event nor a revision citing one", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: created }))).rejects.toThrow(
        /EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event/,
      );
      await expect(dw.update(created, resourceEntry({ custodian: bobKey }))).rejects.toThrow(
        /EconomicResource update of a pending resource must set status to Validated/,
      );
    });
    test("the validation flip cites enough distinct approving receipts about this resource, and changes nothing else", async () => {
      const validated = (over: object) => resourceEntry({ status: "Validated", ...over });
      await expect(dw.update(created, validated({ approvals: [] }))).rejects.toThrow(
        /EconomicResource approvals must cite at least 1 distinct approvals under the specification's validation scheme/,
      );
      await expect(dw.update(created, validated({ approvals: [specHash] }))).rejects.toThrow(
        /EconomicResource approvals must reference a ValidationReceipt/,
      );
      const other = await dw.create(ENTRY.economicResource, resourceEntry({ accounting_quantity: 3, onhand_quantity: 3 }));
      const otherApproval = await bobApproves(other);
      await expect(dw.update(created, validated({ approvals: [otherApproval] }))).rejects.toThrow(
        /EconomicResource approvals must be approving resource_approval receipts about this resource/,
      );
      await expect(dw.update(created, validated({ approvals: [r0Approvals[0], r0Approvals[0]] }))).rejects.toThrow(
        /EconomicResource approvals must come from distinct validators/,
      );
      await expect(dw.update(created, validated({ approvals: r0Approvals, onhand_quantity: 9 }))).rejects.toThrow(
        /EconomicResource validation flip may change only status and approvals/,
      );
      r0 = await dw.update(created, validated({ approvals: r0Approvals }));
      expect(r0).toBeInstanceOf(Uint8Array);
    });
    test("an update must cite its EconomicEvent", async () => {
      await expect(dw.update(r0, revisionEntry({ custodian: bobKey }))).rejects.toThrow(
        /EconomicResource update must cite the EconomicEvent that justifies it in last_event/,
      );
      await expect(dw.update(r0, revisionEntry({ custodian: bobKey, last_event: specHash }))).rejects.toThrow(
        /EconomicResource last_event must reference an EconomicEvent/,
      );
    });

    test("custody moves only to the receiver of the cited TransferCustody, with nothing else changed", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(r0, revisionEntry({ custodian: carolKey, last_event: e }))).rejects.toThrow(
        /EconomicResource update must equal the previous revision plus the effects of last_event/,
      );
      await expect(dw.update(r0, revisionEntry({ custodian: bobKey, primary_accountable: bobKey, last_event: e }))).rejects.toThrow(
        /EconomicResource update must equal the previous revision plus the effects of last_event/,
      );
      await expect(dw.update(r0, revisionEntry({ custodian: bobKey, last_event: e, onhand_quantity: 2 }))).rejects.toThrow(
        /EconomicResource update must equal the previous revision plus the effects of last_event/,
      );
      r1 = await dw.update(r0, revisionEntry({ custodian: bobKey, last_event: e }));
      expect(r1).toBeInstanceOf(Uint8Array);
    });
    test("an event must start from the revision it updates", async () => {
      const other = await validatedResource();
      const e = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other.hash }));
      const fresh = await validatedResource();
      await expect(dw.update(fresh.hash, resourceEntry({ status: "Validated", approvals: fresh.approvals, custodian: bobKey, last_event: e }))).rejects.toThrow(
        /EconomicResource last_event must start from the revision being updated/,
      );
    });
    test("only the custodian updates a revision", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(r1, revisionEntry({ custodian: carolKey, last_event: e }))).rejects.toThrow(
        /EconomicResource can only be updated by its custodian/,
      );
    });
    test("a custodian cannot supersede the same revision twice (no double transfer)", async () => {
      const e2 = await dw.create(ENTRY.economicEvent, eventEntry({ receiver: carolKey }));
      await expect(dw.update(r0, revisionEntry({ custodian: carolKey, last_event: e2 }))).rejects.toThrow(
        /EconomicResource revision was already superseded by its custodian/,
      );
    });
    test("cannot be deleted", async () => {
      await expect(dw.delete(r0)).rejects.toThrow(/EconomicResource cannot be deleted/);
      await expect(dw.delete(r1)).rejects.toThrow(/EconomicResource cannot be deleted/);
    });
    test("custody links point from the custodian the revision names", async () => {
      await expect(dw.createLink(LINK.custodianToResources, bobKey, r0)).rejects.toThrow(
        /CustodianToResources link base must be the custodian named by the target revision/,
      );
    });
  });

  describe("EconomicEvent", () => {
    test("the provider records it, and must be the custodian of the revision", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ provider: bobKey, receiver: carolKey }))).rejects.toThrow(
        /EconomicEvent provider must be the author/,
      );
      const held = await validatedResource();
      const e = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: held.hash }));
      const heldByBob = await dw.update(held.hash, resourceEntry({ status: "Validated", approvals: held.approvals, custodian: bobKey, last_event: e }));
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: heldByBob, receiver: carolKey }))).rejects.toThrow(
        /EconomicEvent provider must be the custodian of resource_inventoried_as/,
      );
    });
    test("resource_inventoried_as must be an EconomicResource", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: specHash }))).rejects.toThrow(
        /EconomicEvent resource_inventoried_as must reference an EconomicResource/,
      );
    });
    test("TransferCustody moves the whole quantity to someone else", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_quantity: 0.5 }))).rejects.toThrow(
        /EconomicEvent resource_quantity must equal the resource's onhand_quantity for TransferCustody \(the whole resource moves\)/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ receiver: alice.pubKey }))).rejects.toThrow(
        /EconomicEvent receiver must differ from the provider for TransferCustody/,
      );
    });
    test("the receiver must hold what the specification's receiver rules demand, shown by cited credentials", async () => {
      const base = sampleSpec({ name: "Cargo bike" });
      const bike = await alice.client.resource.createResourceSpec({
        ...base,
        governance_rules: [
          majorityOf([bob]),
          { rule_type: "transfer_conditions", rule_data: JSON.stringify({ receiver_role: "Transport" }), enforced_by: null },
        ],
      });
      const resource = await validatedResource(bike.actionHash);
      const toBob = (receiver_credentials: Uint8Array[]) =>
        dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: resource.hash, receiver_credentials }));
      await expect(toBob([])).rejects.toThrow(
        /EconomicEvent receiver_credentials must show the receiver holds the Transport role for transfer_conditions \(governance_rules\[1\]\)/,
      );
      await expect(toBob([specHash])).rejects.toThrow(/EconomicEvent receiver_credentials must reference a Role/);
      const carolsRole = await alice.client.person.assignRole({ agent: carolKey, role_name: "Transport" });
      await expect(toBob([carolsRole.actionHash])).rejects.toThrow(/EconomicEvent receiver_credentials must be Roles held by the receiver/);
      const bobsRole = await alice.client.person.assignRole({ agent: bobKey, role_name: "Transport" });
      expect(await toBob([bobsRole.actionHash])).toBeInstanceOf(Uint8Array);
    });
    test("an event applies its action's ValueFlows effects, and only those", async () => {
      const own = (over: object) => eventEntry({ receiver: alice.pubKey, ...over });
      await expect(dw.create(ENTRY.economicEvent, own({ action: "Consume", resource_quantity: 5 }))).rejects.toThrow(
        /EconomicEvent resource_quantity must not exceed the resource's accounting_quantity for Consume/,
      );
      await expect(dw.create(ENTRY.economicEvent, own({ action: "Use", to_location: "elsewhere" }))).rejects.toThrow(
        /EconomicEvent to_location must be empty for Use: the action does not set it/,
      );
      await expect(dw.create(ENTRY.economicEvent, own({ action: "Combine", resource_quantity: 0 }))).rejects.toThrow(
        /EconomicEvent contained_in is required for Combine/,
      );
      await expect(dw.create(ENTRY.economicEvent, own({ action: "Combine", resource_quantity: 0, contained_in: specHash }))).rejects.toThrow(
        /EconomicEvent contained_in must reference an EconomicResource/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ action: "Move", to_location: "barn" }))).rejects.toThrow(
        /EconomicEvent receiver must be the provider for Move/,
      );
      // Consume lowers both quantities, and the revision must say exactly that.
      const held = await validatedResource();
      const consume = await dw.create(ENTRY.economicEvent, own({ action: "Consume", resource_inventoried_as: held.hash, resource_quantity: 0.25 }));
      const next = (over: object) => resourceEntry({ status: "Validated", approvals: held.approvals, last_event: consume, ...over });
      await expect(dw.update(held.hash, next({ onhand_quantity: 0.75 }))).rejects.toThrow(
        /EconomicResource update must equal the previous revision plus the effects of last_event/,
      );
      expect(await dw.update(held.hash, next({ accounting_quantity: 0.75, onhand_quantity: 0.75 }))).toBeInstanceOf(Uint8Array);
    });
    test("InitialTransfer: of a resource the provider created, to an Accountable Agent", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ action: "InitialTransfer" }))).rejects.toThrow(
        /EconomicEvent InitialTransfer receiver must be an Accountable Agent, shown by receiver_credentials/,
      );
      // Bob holds r1, which Alice created: it is not his to transfer initially.
      const bobsWrite = new DirectWrite(bob.player);
      await eventually("Bob to see r1", () => bob.client.resource.getEconomicResource(r1));
      await expect(
        bobsWrite.create(ENTRY.economicEvent, eventEntry({ action: "InitialTransfer", provider: bobKey, receiver: alice.pubKey, resource_inventoried_as: r1 })),
      ).rejects.toThrow(/EconomicEvent InitialTransfer must be of a resource the provider created/);
    });
    test("is immutable and cannot be deleted", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(e, eventEntry({ note: "changed" }))).rejects.toThrow(/EconomicEvent is immutable/);
      await expect(dw.delete(e)).rejects.toThrow(/EconomicEvent cannot be deleted/);
    });
  });
});
