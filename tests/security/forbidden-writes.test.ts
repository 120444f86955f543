/**
 * The threat table's forbidden writes that `tests/src` does not already
 * prove (`tests/THREATS.md`; `node scripts/check-threats.mjs` lists what
 * is left): each is written straight to the author's chain through the
 * test-only `direct_write` coordinator, skipping every coordinator check,
 * and the author's own conductor — running the same integrity code every
 * honest peer runs — must refuse it with the rule's message. Refusals are
 * paired with accepted writes where the same data could pass, so no rule
 * passes by refusing everything.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encode } from "@msgpack/msgpack";
import { encodeHashToBase64 } from "@holochain/client";
import {
  addAgents,
  type Agent,
  asLinkable,
  DirectWrite,
  ENTRY,
  eventually,
  LINK,
  majorityOf,
  MIN_CHALLENGE_SECONDS,
  performanceScores,
  processEntry,
  sampleSpec,
  TEST_HAPP_PATH,
  testProperties,
} from "../src/common.js";

const long = (n: number) => "x".repeat(n);

describe("forbidden writes the main suite does not cover", () => {
  const scenario = new Scenario();
  /** Progenitors (Accountable): Alice defines specifications and holds resources, Bob validates them. */
  let alice: Agent;
  let bob: Agent;
  /** A Simple Agent with a profile. */
  let carol: Agent;
  /** An agent with no profile until a test writes one directly. */
  let dave: Agent;
  let dw: DirectWrite;
  let dwBob: DirectWrite;
  let dwCarol: DirectWrite;
  let dwDave: DirectWrite;
  let aliceProfile: Uint8Array;
  let bobProfile: Uint8Array;
  let carolProfile: Uint8Array;
  /** Alice's specification: Bob is its one validator; end of life after the test networks' minimum period. */
  let specHash: Uint8Array;
  /** A pending first revision of Alice's, never validated. */
  let pending: Uint8Array;
  /** A role Alice granted Carol. */
  let carolRole: Uint8Array;

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
  const eventEntry = (over: object = {}) => ({
    action: "Use",
    provider: alice.pubKey,
    receiver: alice.pubKey,
    resource_quantity: 0,
    to_location: null,
    state: null,
    stage: null,
    contained_in: null,
    unit: "unit",
    event_time: Date.now() * 1000,
    note: null,
    ...over,
  });
  const receipt = (over: object) => ({
    validator: alice.pubKey,
    validated_item: pending,
    validation_type: "resource_approval",
    approved: true,
    notes: null,
    validator_credential: null,
    ...over,
  });
  const role = (over: object) => ({
    agent: carol.pubKey,
    role_name: "User",
    validated_by: alice.pubKey,
    grantor_credential: null,
    grantor_accountable_credential: null,
    promotion_evidence: null,
    notes: null,
    agent_profile: carolProfile,
    agent_credential: null,
    identity_verification: null,
    ...over,
  });

  /** Dave's profile, written directly (no index links) the first time a test needs it. */
  let daveProfile: Uint8Array | undefined;
  const daveProfileHash = async () =>
    (daveProfile ??= await dwDave.create(ENTRY.agentProfile, { agent_pub_key: dave.pubKey, name: "Dave", avatar_url: null }));

  /** Waits until the agent behind `writer` can `get` `hash`. */
  const visibleTo = (writer: DirectWrite, hash: Uint8Array) =>
    eventually("a record to reach the other agent", async () => (await writer.localView(hash)).found_by_get);

  /**
   * A resource of `owner`'s (Alice unless given), approved by Bob and
   * flipped to Validated by a direct write: its first revision and the
   * Validated one.
   */
  async function validatedResource(owner: { dw: DirectWrite; key: Uint8Array } = { dw, key: alice.pubKey }) {
    const fields = { primary_accountable: owner.key, custodian: owner.key };
    const first = await owner.dw.create(ENTRY.economicResource, resourceEntry(fields));
    await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(first));
    const approvals = [(await bob.client.governance.validateNewResource({ resource_hash: first, approved: true, notes: null })).actionHash];
    const hash = await owner.dw.update(first, resourceEntry({ ...fields, status: "Validated", approvals }));
    return { first, hash, approvals, entry: resourceEntry({ ...fields, status: "Validated", approvals }) };
  }

  beforeAll(async () => {
    [alice, bob, carol, dave] = await addAgents(scenario, [4], [0, 1]);
    dw = new DirectWrite(alice.player);
    dwBob = new DirectWrite(bob.player);
    dwCarol = new DirectWrite(carol.player);
    dwDave = new DirectWrite(dave.player);
    aliceProfile = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    bobProfile = (await bob.client.person.createProfile({ name: "Bob" })).actionHash;
    carolProfile = (await carol.client.person.createProfile({ name: "Carol" })).actionHash;
    const base = sampleSpec();
    const endOfLife = {
      rule_type: "end_of_life" as const,
      rule_data: JSON.stringify({ confirmations: 2, challenge_period_seconds: MIN_CHALLENGE_SECONDS }),
      enforced_by: null,
    };
    specHash = (
      await alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([bob]), endOfLife] })
    ).actionHash;
    pending = await dw.create(ENTRY.economicResource, resourceEntry());
    carolRole = (await alice.client.person.assignRole({ agent: carol.pubKey, role_name: "User" })).actionHash;
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  describe("AgentProfile and its links (REQ-SEC-06)", () => {
    test("name and avatar_url are bounded", async () => {
      await expect(dw.create(ENTRY.agentProfile, { agent_pub_key: alice.pubKey, name: long(65), avatar_url: null })).rejects.toThrow(
        /AgentProfile name must be at most 64 characters/,
      );
      await expect(dw.create(ENTRY.agentProfile, { agent_pub_key: alice.pubKey, name: "Alice", avatar_url: long(2049) })).rejects.toThrow(
        /AgentProfile avatar_url must be at most 2048 characters/,
      );
    });
    test("update: agent_pub_key is immutable (Bob rewrites Alice's profile as his)", async () => {
      await visibleTo(dwBob, aliceProfile);
      await expect(dwBob.update(aliceProfile, { agent_pub_key: bob.pubKey, name: "Bob", avatar_url: null })).rejects.toThrow(
        /AgentProfile agent_pub_key is immutable/,
      );
      expect(await dw.update(aliceProfile, { agent_pub_key: alice.pubKey, name: "Alice B.", avatar_url: null })).toBeInstanceOf(Uint8Array);
    });
    test("AgentToProfile: from the author's key to the author's own profile", async () => {
      await expect(dw.createLink(LINK.agentToProfile, bob.pubKey, aliceProfile)).rejects.toThrow(
        /AgentToProfile link base must be the author's agent key/,
      );
      await expect(dw.createLink(LINK.agentToProfile, alice.pubKey, alice.pubKey)).rejects.toThrow(/AgentToProfile link target must be an action hash/);
      await visibleTo(dw, bobProfile);
      await expect(dw.createLink(LINK.agentToProfile, alice.pubKey, bobProfile)).rejects.toThrow(
        /AgentToProfile link target must be the author's own AgentProfile/,
      );
    });
    test("AllAgents: a directory link is never deleted", async () => {
      const link = await dwDave.createLink(LINK.allAgents, await dwDave.pathHash("all_agents"), await daveProfileHash());
      await expect(dwDave.deleteLink(link)).rejects.toThrow(/AllAgents links cannot be deleted/);
    });
  });

  describe("PrivateProfile (spec §4.1.2)", () => {
    test("each field is at most 512 characters", async () => {
      const data = { legal_name: long(513), address: null, email: null, photo_id_hash: null };
      await expect(dw.createPrivate(ENTRY.privateProfile, data)).rejects.toThrow(/PrivateProfile legal_name must be at most 512 characters/);
      expect(await dw.createPrivate(ENTRY.privateProfile, { ...data, legal_name: long(512) })).toBeInstanceOf(Uint8Array);
    });
  });

  describe("Role and AgentToRoles (spec §7, REQ-GOV-03)", () => {
    test("validated_by is the author; notes are bounded", async () => {
      await expect(dw.create(ENTRY.role, role({ validated_by: bob.pubKey }))).rejects.toThrow(/Role validated_by must be the author/);
      await expect(dw.create(ENTRY.role, role({ notes: long(1001) }))).rejects.toThrow(/Role notes must be at most 1000 characters/);
    });
    test("an Accountable role needs the candidate's evidence, then the grantor's identity review", async () => {
      await expect(dw.create(ENTRY.role, role({ role_name: "AccountableAgent" }))).rejects.toThrow(
        /Role AccountableAgent needs promotion_evidence: the candidate's first resource and first transfer/,
      );
      const carols = { dw: dwCarol, key: carol.pubKey };
      const first = await validatedResource(carols);
      const use = await dwCarol.create(ENTRY.economicEvent, eventEntry({ provider: carol.pubKey, receiver: carol.pubKey, resource_inventoried_as: first.hash }));
      const second = await validatedResource(carols);
      const transfer = await dwCarol.create(
        ENTRY.economicEvent,
        eventEntry({ action: "TransferCustody", provider: carol.pubKey, receiver: alice.pubKey, resource_inventoried_as: second.hash, resource_quantity: 1 }),
      );
      await visibleTo(dw, transfer);
      await visibleTo(dw, use);
      await expect(
        dw.create(ENTRY.role, role({ role_name: "AccountableAgent", promotion_evidence: { first_resource: first.first, first_transfer: use } })),
      ).rejects.toThrow(/Role promotion_evidence first_transfer must be a TransferCustody or InitialTransfer/);
      await expect(
        dw.create(ENTRY.role, role({ role_name: "AccountableAgent", promotion_evidence: { first_resource: first.first, first_transfer: transfer } })),
      ).rejects.toThrow(/Role AccountableAgent needs identity_verification: the grantor's review of the candidate's identity \(validate_agent_identity\)/);
    });
    test("AgentToRoles: from the agent the role names, by its grantor; never deleted", async () => {
      await expect(dw.createLink(LINK.agentToRoles, specHash, carolRole)).rejects.toThrow(
        /AgentToRoles link base must be an agent key and target an action hash/,
      );
      await expect(dw.createLink(LINK.agentToRoles, bob.pubKey, carolRole)).rejects.toThrow(/AgentToRoles link base must be the agent the Role names/);
      await visibleTo(dwCarol, carolRole);
      await expect(dwCarol.createLink(LINK.agentToRoles, carol.pubKey, carolRole)).rejects.toThrow(/AgentToRoles link must be created by the Role's grantor/);
      const link = await dw.createLink(LINK.agentToRoles, carol.pubKey, carolRole);
      await expect(dw.deleteLink(link)).rejects.toThrow(/AgentToRoles links cannot be deleted/);
    });
  });

  describe("IdentityDisclosure and AgentToIdentityDisclosures (REQ-GOV-03, REQ-USER-A-09)", () => {
    const disclosure = (over: object = {}) => ({ reviewer: alice.pubKey, fields: ["legal_name"], expires_at: Date.now() * 1000 + 3_600_000_000, ...over });
    test("names at least one field, each once", async () => {
      await expect(dwCarol.create(ENTRY.identityDisclosure, disclosure({ fields: [] }))).rejects.toThrow(/IdentityDisclosure fields must name at least one field/);
      await expect(dwCarol.create(ENTRY.identityDisclosure, disclosure({ fields: ["email", "email"] }))).rejects.toThrow(
        /IdentityDisclosure fields must be distinct/,
      );
    });
    test("the reviewer link: from the reviewer's key, by the discloser; never deleted", async () => {
      const d = await dwCarol.create(ENTRY.identityDisclosure, disclosure());
      await expect(dwCarol.createLink(LINK.agentToIdentityDisclosures, specHash, d)).rejects.toThrow(
        /AgentToIdentityDisclosures link base must be an agent key and target an action hash/,
      );
      await expect(dwCarol.createLink(LINK.agentToIdentityDisclosures, bob.pubKey, d)).rejects.toThrow(
        /AgentToIdentityDisclosures link base must be the disclosure's reviewer/,
      );
      await visibleTo(dw, d);
      await expect(dw.createLink(LINK.agentToIdentityDisclosures, alice.pubKey, d)).rejects.toThrow(
        /AgentToIdentityDisclosures link must be created by the disclosure's author/,
      );
      const link = await dwCarol.createLink(LINK.agentToIdentityDisclosures, alice.pubKey, d);
      await expect(dwCarol.deleteLink(link)).rejects.toThrow(/AgentToIdentityDisclosures links cannot be deleted/);
    });
    test("postdated review: an identity_verification dated after the disclosure expired", async () => {
      const expires = Date.now() * 1000 + 2_000_000;
      const d = await dwCarol.create(ENTRY.identityDisclosure, disclosure({ expires_at: expires }));
      await visibleTo(dw, d);
      await eventually("the disclosure to expire", async () => Date.now() * 1000 > expires + 500_000);
      await expect(dw.create(ENTRY.validationReceipt, receipt({ validation_type: "identity_verification", validated_item: d }))).rejects.toThrow(
        /ValidationReceipt identity_verification must be made before the disclosure expires/,
      );
    });
  });

  describe("ValidationReceipt and ValidatedItemToReceipts (REQ-GOV-02/05/06)", () => {
    test("notes are bounded; a role receipt is about a Role; an approval is about a first revision", async () => {
      await expect(dw.create(ENTRY.validationReceipt, receipt({ notes: long(1001) }))).rejects.toThrow(/ValidationReceipt notes must be at most 1000 characters/);
      await expect(dw.create(ENTRY.validationReceipt, receipt({ validation_type: "role_assignment", validated_item: specHash }))).rejects.toThrow(
        /ValidationReceipt validated_item must reference a Role for role_assignment/,
      );
      const { hash } = await validatedResource();
      await visibleTo(dwBob, hash);
      await expect(dwBob.create(ENTRY.validationReceipt, receipt({ validator: bob.pubKey, validated_item: hash }))).rejects.toThrow(
        /ValidationReceipt validated_item must be the first revision of the resource/,
      );
    });
    test("update: a receipt is immutable", async () => {
      const { approvals } = await validatedResource();
      await expect(dwBob.update(approvals[0], receipt({ validator: bob.pubKey, approved: false }))).rejects.toThrow(/ValidationReceipt is immutable/);
    });
    test("the item's receipt link: from the receipt's item, by its validator", async () => {
      const { first, approvals } = await validatedResource();
      await expect(dwBob.createLink(LINK.validatedItemToReceipts, first, bob.pubKey)).rejects.toThrow(
        /ValidatedItemToReceipts link target must be an action hash/,
      );
      await expect(dwBob.createLink(LINK.validatedItemToReceipts, specHash, approvals[0])).rejects.toThrow(
        /ValidatedItemToReceipts link base must be the receipt's validated_item/,
      );
      await visibleTo(dw, approvals[0]);
      await expect(dw.createLink(LINK.validatedItemToReceipts, first, approvals[0])).rejects.toThrow(
        /ValidatedItemToReceipts link must be created by the receipt's validator/,
      );
    });
    test("the specification's approval link: from the resource's specification, to a resource_approval receipt, by its validator, tagged with the resource", async () => {
      const { first, approvals } = await validatedResource();
      const approval = approvals[0];
      const link = LINK.specificationToResourceApprovals;
      // The link validate_new_resource wrote passes the rule; each lie below breaks one part of it.
      await expect(dwBob.createLink(link, specHash, approval, first)).resolves.toBeInstanceOf(Uint8Array);
      await expect(dwBob.createLink(link, specHash, bob.pubKey, first)).rejects.toThrow(/SpecificationToResourceApprovals link target must be an action hash/);
      await expect(dwBob.createLink(link, specHash, pending, first)).rejects.toThrow(/SpecificationToResourceApprovals link target must reference a ValidationReceipt/);
      await expect(dwBob.createLink(link, specHash, approval, pending)).rejects.toThrow(
        /SpecificationToResourceApprovals link tag must be the receipt's resource \(its validated_item\)/,
      );
      await expect(dwBob.createLink(link, first, approval, first)).rejects.toThrow(
        /SpecificationToResourceApprovals link base must be the specification the receipt's resource conforms to/,
      );
      await visibleTo(dw, approval);
      await expect(dw.createLink(link, specHash, approval, first)).rejects.toThrow(/SpecificationToResourceApprovals link must be created by the receipt's validator/);
      // Alice's own receipt of the role she granted Carol (assignRole writes it): a real receipt, of another type.
      const [roleReceipt] = (await alice.client.governance.getValidationHistory(carolRole)).filter((r) => r.entry.validation_type === "role_assignment");
      expect(roleReceipt).toBeDefined();
      await expect(dw.createLink(link, specHash, roleReceipt.actionHash, carolRole)).rejects.toThrow(
        /SpecificationToResourceApprovals link target must be a resource_approval receipt/,
      );
    });
    test("the receipt's two links carry a copy of the receipt: a copy of another record, or other bytes, is refused", async () => {
      const { first, approvals: [approval] } = await validatedResource();
      // Another of Bob's approvals, about another resource: its entry is not this receipt's.
      const { approvals: [other] } = await validatedResource();
      const link = LINK.specificationToResourceApprovals;
      const filed = (copy: Uint8Array) => new Uint8Array([...first, ...copy]);
      // A true copy, as validate_new_resource writes it: the rule is decided from it.
      await expect(dwBob.createLink(link, specHash, approval, filed(await dwBob.carriedTag(approval, approval)))).resolves.toBeInstanceOf(Uint8Array);
      await expect(dwBob.createLink(LINK.validatedItemToReceipts, first, approval, await dwBob.carriedTag(approval, approval))).resolves.toBeInstanceOf(Uint8Array);
      // The receipt's action with another receipt's entry: it does not hash to the action's entry hash.
      await expect(dwBob.createLink(link, specHash, approval, filed(await dwBob.carriedTag(approval, other)))).rejects.toThrow(
        /SpecificationToResourceApprovals link tag must carry a copy of its target/,
      );
      await expect(dwBob.createLink(LINK.validatedItemToReceipts, first, approval, await dwBob.carriedTag(approval, other))).rejects.toThrow(
        /ValidatedItemToReceipts link tag must carry a copy of its target/,
      );
      // After the resource's identity, bytes that are no copy at all.
      await expect(dwBob.createLink(link, specHash, approval, filed(new Uint8Array([1, 2, 3])))).rejects.toThrow(
        /SpecificationToResourceApprovals link tag must carry a copy of its target/,
      );
      // A true copy does not make the link someone else's: Alice cannot file Bob's receipt.
      await visibleTo(dw, approval);
      await expect(dw.createLink(link, specHash, approval, filed(await dw.carriedTag(approval, approval)))).rejects.toThrow(
        /SpecificationToResourceApprovals link must be created by the receipt's validator/,
      );
    });
  });

  describe("ResourceSpecification and AllResourceSpecifications (spec §6.2)", () => {
    const spec = (over: object) => ({ ...sampleSpec(), accountable_credential: null, ...over });
    test("name, description, image_url and the number of rules are bounded", async () => {
      await expect(dw.create(ENTRY.resourceSpecification, spec({ name: long(101) }))).rejects.toThrow(/ResourceSpecification name must be at most 100 characters/);
      await expect(dw.create(ENTRY.resourceSpecification, spec({ description: long(5001) }))).rejects.toThrow(
        /ResourceSpecification description must be at most 5000 characters/,
      );
      await expect(dw.create(ENTRY.resourceSpecification, spec({ image_url: long(2049) }))).rejects.toThrow(
        /ResourceSpecification image_url must be at most 2048 characters/,
      );
      const rule = { rule_type: "usage_limit", rule_data: "{}", enforced_by: null };
      await expect(dw.create(ENTRY.resourceSpecification, spec({ governance_rules: Array(33).fill(rule) }))).rejects.toThrow(
        /ResourceSpecification governance_rules must hold at most 32 rules/,
      );
    });
    test("update: a specification cannot be updated", async () => {
      await expect(dw.update(specHash, spec({ name: "Other" }))).rejects.toThrow(
        /ResourceSpecification cannot be updated: its governance rules bind every resource conforming to it/,
      );
    });
    test("the catalogue link: from the anchor, to a specification, by its author; never deleted", async () => {
      const anchor = await dw.pathHash("all_resource_specifications");
      await expect(dw.createLink(LINK.allResourceSpecifications, specHash, specHash)).rejects.toThrow(
        /AllResourceSpecifications link base must be the all_resource_specifications anchor/,
      );
      await expect(dw.createLink(LINK.allResourceSpecifications, anchor, alice.pubKey)).rejects.toThrow(
        /AllResourceSpecifications link target must be an action hash/,
      );
      await visibleTo(dwBob, specHash);
      await expect(dwBob.createLink(LINK.allResourceSpecifications, anchor, specHash)).rejects.toThrow(
        /AllResourceSpecifications link must be created by the specification's author/,
      );
      const unlisted = await dw.create(ENTRY.resourceSpecification, spec({ name: "Unlisted" }));
      const link = await dw.createLink(LINK.allResourceSpecifications, anchor, unlisted);
      await expect(dw.deleteLink(link)).rejects.toThrow(/AllResourceSpecifications links cannot be deleted/);
    });
  });

  describe("EconomicResource and its index links (REQ-RES-03, spec §4.2.3)", () => {
    test("create: unit, location, stage and state bounded; no containment and no event yet", async () => {
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ unit: long(33) }))).rejects.toThrow(/EconomicResource unit must be at most 32 characters/);
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ current_location: long(201) }))).rejects.toThrow(
        /EconomicResource current_location must be at most 200 characters/,
      );
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ stage: long(101) }))).rejects.toThrow(/EconomicResource stage must be at most 100 characters/);
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ state: long(101) }))).rejects.toThrow(/EconomicResource state must be at most 100 characters/);
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ contained_in: pending }))).rejects.toThrow(
        /EconomicResource contained_in must be empty when created/,
      );
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ last_event: specHash }))).rejects.toThrow(
        /EconomicResource last_event must be empty when created/,
      );
    });
    test("update: at most 64 approvals; a revision cites a new event (an event is not replayed)", async () => {
      const r = await validatedResource();
      await expect(dw.update(r.hash, { ...r.entry, approvals: Array(65).fill(r.approvals[0]) })).rejects.toThrow(
        /EconomicResource approvals must hold at most 64 receipts/,
      );
      const use = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: r.hash }));
      const next = await dw.update(r.hash, { ...r.entry, last_event: use, custody_since: r.hash });
      await expect(dw.update(next, { ...r.entry, last_event: use, custody_since: r.hash })).rejects.toThrow(
        /EconomicResource update must cite a new EconomicEvent in last_event/,
      );
    });
    test("SpecificationToResources: action hashes, from the resource's specification to its first revision, by its author; never deleted", async () => {
      const r = await validatedResource();
      await expect(dw.createLink(LINK.specificationToResources, alice.pubKey, r.first)).rejects.toThrow(
        /SpecificationToResources link base and target must be action hashes/,
      );
      await expect(dw.createLink(LINK.specificationToResources, specHash, r.hash)).rejects.toThrow(
        /SpecificationToResources link target must be the first revision of the resource/,
      );
      const other = await dw.create(ENTRY.resourceSpecification, { ...sampleSpec({ name: "Other" }), accountable_credential: null });
      await expect(dw.createLink(LINK.specificationToResources, other, r.first)).rejects.toThrow(
        /SpecificationToResources link base must be the specification the resource conforms to/,
      );
      await visibleTo(dwBob, r.first);
      await expect(dwBob.createLink(LINK.specificationToResources, specHash, r.first)).rejects.toThrow(
        /SpecificationToResources link must be created by the resource's author/,
      );
      const link = await dw.createLink(LINK.specificationToResources, specHash, r.first);
      await expect(dw.deleteLink(link)).rejects.toThrow(/SpecificationToResources links cannot be deleted/);
    });
    test("CustodianToResources and ResourceToRevisions: lying bases and targets", async () => {
      const r = await validatedResource();
      await expect(dw.createLink(LINK.custodianToResources, specHash, r.hash)).rejects.toThrow(
        /CustodianToResources link base must be an agent key and target an action hash/,
      );
      await visibleTo(dwBob, r.hash);
      // Bob links Alice's revision from Alice's key: the custodian is right, the author is not.
      await expect(dwBob.createLink(LINK.custodianToResources, alice.pubKey, r.hash)).rejects.toThrow(
        /CustodianToResources link must be created by the author of the target revision/,
      );
      await expect(dw.createLink(LINK.resourceToRevisions, alice.pubKey, r.hash)).rejects.toThrow(
        /ResourceToRevisions link base and target must be action hashes/,
      );
    });
  });

  describe("rights transfers: ResourceToRightsTransfers (REQ-USER-P-03)", () => {
    test("from the resource's first revision to a TransferAllRights, by its provider; never deleted", async () => {
      // Rights stay with Alice, custody moves to Bob; Alice then transfers her rights to Carol.
      const held = await validatedResource();
      const toBob = await dw.create(
        ENTRY.economicEvent,
        eventEntry({ action: "TransferCustody", receiver: bob.pubKey, resource_inventoried_as: held.hash, resource_quantity: 1 }),
      );
      const split = await dw.update(held.hash, { ...held.entry, custodian: bob.pubKey, last_event: toBob });
      const rights = await dw.create(
        ENTRY.economicEvent,
        eventEntry({ action: "TransferAllRights", receiver: carol.pubKey, resource_inventoried_as: split, resource_quantity: 1 }),
      );
      await expect(dw.createLink(LINK.resourceToRightsTransfers, alice.pubKey, rights)).rejects.toThrow(
        /ResourceToRightsTransfers link base and target must be action hashes/,
      );
      await expect(dw.createLink(LINK.resourceToRightsTransfers, held.first, toBob)).rejects.toThrow(
        /ResourceToRightsTransfers link target must be a TransferAllRights event/,
      );
      await expect(dw.createLink(LINK.resourceToRightsTransfers, pending, rights)).rejects.toThrow(
        /ResourceToRightsTransfers link base must be the first revision of the event's resource/,
      );
      await visibleTo(dwBob, rights);
      await expect(dwBob.createLink(LINK.resourceToRightsTransfers, held.first, rights)).rejects.toThrow(
        /ResourceToRightsTransfers link must be created by the event's provider/,
      );
      const link = await dw.createLink(LINK.resourceToRightsTransfers, held.first, rights);
      await expect(dw.deleteLink(link)).rejects.toThrow(/ResourceToRightsTransfers links cannot be deleted/);
    });
  });

  describe("EconomicEvent (REQ-GOV-09, REQ-USER-S-07)", () => {
    test("receiver_credentials at most 8; receiver_reputation only where a rule asks; process fields coherent", async () => {
      const r = await validatedResource();
      const on = (over: object) => eventEntry({ resource_inventoried_as: r.hash, ...over });
      await expect(dw.create(ENTRY.economicEvent, on({ receiver_credentials: Array(9).fill(carolRole) }))).rejects.toThrow(
        /EconomicEvent receiver_credentials must hold at most 8 credentials/,
      );
      await expect(dw.create(ENTRY.economicEvent, on({ receiver_reputation: [asLinkable(alice.pubKey)] }))).rejects.toThrow(
        /EconomicEvent receiver_reputation must be empty: no rule asks for the receiver's reputation/,
      );
      await expect(dw.create(ENTRY.economicEvent, on({ process_approvals: [carolRole] }))).rejects.toThrow(
        /EconomicEvent process_approvals must be empty outside a process completion \(output_of\)/,
      );
      await expect(dw.create(ENTRY.economicEvent, on({ resource_quantity: 1, unit: "kg" }))).rejects.toThrow(
        /EconomicEvent unit must be `unit` for Use \(the resource's unit, or hours of effort\)/,
      );
      // The specification's usage_limit: at most 10 per use.
      await expect(dw.create(ENTRY.economicEvent, on({ resource_quantity: 11 }))).rejects.toThrow(
        /EconomicEvent resource_quantity breaks usage_limit \(governance_rules\[0\]\): resource_quantity must be at most 10/,
      );
      // Backdated: stated an hour before the action's own timestamp.
      await expect(dw.create(ENTRY.economicEvent, on({ event_time: Date.now() * 1000 - 3_600_000_000 }))).rejects.toThrow(
        /EconomicEvent event_time must be within 300 s of the action's timestamp \(when it was recorded\)/,
      );
      expect(await dw.create(ENTRY.economicEvent, on({}))).toBeInstanceOf(Uint8Array);
    });
    test("a custodian without the rights cannot Transfer: the full rule", async () => {
      const held = await validatedResource();
      const toBob = await dw.create(
        ENTRY.economicEvent,
        eventEntry({ action: "TransferCustody", receiver: bob.pubKey, resource_inventoried_as: held.hash, resource_quantity: 1 }),
      );
      const split = await dw.update(held.hash, { ...held.entry, custodian: bob.pubKey, last_event: toBob });
      await visibleTo(dwBob, split);
      await expect(
        dwBob.create(
          ENTRY.economicEvent,
          eventEntry({ action: "Transfer", provider: bob.pubKey, receiver: carol.pubKey, resource_inventoried_as: split, resource_quantity: 1 }),
        ),
      ).rejects.toThrow(
        /EconomicEvent provider must be the primary accountable of resource_inventoried_as for Transfer: it changes rights \(accounting_quantity or primary_accountable\), which only their holder gives away/,
      );
    });
    test("a second custody transfer from the same revision, with events of another resource in between", async () => {
      // A custody move reads its author's whole chain (for the processes that may hold the resource);
      // the one-event-per-revision rule decodes only the events since the cited revision, and still sees the first.
      const held = await validatedResource();
      const other = await validatedResource();
      const transfer = (receiver: Uint8Array) =>
        eventEntry({ action: "TransferCustody", receiver, resource_inventoried_as: held.hash, resource_quantity: 1 });
      expect(await dw.create(ENTRY.economicEvent, transfer(bob.pubKey))).toBeInstanceOf(Uint8Array);
      expect(await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other.hash }))).toBeInstanceOf(Uint8Array);
      await expect(dw.create(ENTRY.economicEvent, transfer(bob.pubKey))).rejects.toThrow(
        /EconomicEvent resource_inventoried_as already has an event by this author: one event per revision, which the next revision cites/,
      );
    });
    test("replayed first transfer: a second InitialTransfer by the same provider", async () => {
      const first = await validatedResource();
      const initial = (hash: Uint8Array) =>
        eventEntry({ action: "InitialTransfer", receiver: bob.pubKey, resource_inventoried_as: hash, resource_quantity: 1 });
      expect(await dw.create(ENTRY.economicEvent, initial(first.hash))).toBeInstanceOf(Uint8Array);
      const second = await validatedResource();
      await expect(dw.create(ENTRY.economicEvent, initial(second.hash))).rejects.toThrow(
        /EconomicEvent InitialTransfer was already made by this provider: only the first transfer is initial/,
      );
    });
  });

  describe("EndOfLifeDeclaration, ResourceToEndOfLife and the end-of-life revision (REQ-GOV-11/12/13)", () => {
    test("reason 1-1000 characters; only on a Validated resource; immutable", async () => {
      const r = await validatedResource();
      await expect(dw.create(ENTRY.endOfLifeDeclaration, { resource: r.hash, reason: " " })).rejects.toThrow(
        /EndOfLifeDeclaration reason must be 1-1000 characters/,
      );
      await expect(dw.create(ENTRY.endOfLifeDeclaration, { resource: r.hash, reason: long(1001) })).rejects.toThrow(
        /EndOfLifeDeclaration reason must be 1-1000 characters/,
      );
      const fresh = await dw.create(ENTRY.economicResource, resourceEntry());
      await expect(dw.create(ENTRY.endOfLifeDeclaration, { resource: fresh, reason: "never validated" })).rejects.toThrow(
        /EndOfLifeDeclaration resource must be Validated/,
      );
      const declaration = await dw.create(ENTRY.endOfLifeDeclaration, { resource: r.hash, reason: "worn out" });
      await expect(dw.update(declaration, { resource: r.hash, reason: "changed my mind" })).rejects.toThrow(/EndOfLifeDeclaration is immutable/);
    });
    test("the declaration link: action hashes, from the declared resource's first revision, by the declarer; never deleted", async () => {
      const r = await validatedResource();
      const declaration = await dw.create(ENTRY.endOfLifeDeclaration, { resource: r.hash, reason: "worn out" });
      await expect(dw.createLink(LINK.resourceToEndOfLife, alice.pubKey, declaration)).rejects.toThrow(
        /ResourceToEndOfLife link base and target must be action hashes/,
      );
      await expect(dw.createLink(LINK.resourceToEndOfLife, pending, declaration)).rejects.toThrow(
        /ResourceToEndOfLife link base must be the first revision of the declared resource/,
      );
      await visibleTo(dwBob, declaration);
      await expect(dwBob.createLink(LINK.resourceToEndOfLife, r.first, declaration)).rejects.toThrow(
        /ResourceToEndOfLife link must be created by the declaration's author/,
      );
      const link = await dw.createLink(LINK.resourceToEndOfLife, r.first, declaration);
      await expect(dw.deleteLink(link)).rejects.toThrow(/ResourceToEndOfLife links cannot be deleted/);
    });
    test("the final revision cites its own declaration and distinct confirming receipts, and changes nothing else", async () => {
      const r = await validatedResource();
      const other = await validatedResource();
      const declaration = await dw.create(ENTRY.endOfLifeDeclaration, { resource: r.hash, reason: "worn out" });
      const elsewhere = await dw.create(ENTRY.endOfLifeDeclaration, { resource: other.hash, reason: "worn out too" });
      const final = (over: object) => ({ ...r.entry, status: "EndOfLife", ...over });
      await expect(dw.update(r.hash, final({ decommission: null }))).rejects.toThrow(/EconomicResource end-of-life revision must cite its decommission/);
      await expect(dw.update(r.hash, final({ onhand_quantity: 0, decommission: { declaration, confirmations: [] } }))).rejects.toThrow(
        /EconomicResource end-of-life revision may change only status and decommission/,
      );
      await expect(dw.update(r.hash, final({ decommission: { declaration: elsewhere, confirmations: [] } }))).rejects.toThrow(
        /EconomicResource decommission declaration must be about this resource/,
      );
      await expect(dw.update(r.hash, final({ decommission: { declaration, confirmations: Array(65).fill(declaration) } }))).rejects.toThrow(
        /EconomicResource decommission confirmations must hold at most 64 receipts/,
      );
      // After the challenge period: Bob confirms; an approval is cited as a confirmation, and Bob's confirmation twice.
      await visibleTo(dwBob, declaration);
      const confirmation = await eventually(
        "the challenge period to end",
        async () => (await bob.client.governance.confirmEndOfLife({ declaration_hash: declaration, notes: null })).actionHash,
        60_000,
      );
      await visibleTo(dw, confirmation);
      await expect(dw.update(r.hash, final({ decommission: { declaration, confirmations: [r.approvals[0]] } }))).rejects.toThrow(
        /EconomicResource decommission confirmations must be confirming end_of_life receipts about the declaration/,
      );
      await expect(dw.update(r.hash, final({ decommission: { declaration, confirmations: [confirmation, confirmation] } }))).rejects.toThrow(
        /EconomicResource decommission confirmations must come from distinct validators other than the declarer/,
      );
    });
  });

  describe("EconomicProcess and its links (REQ-PROC-01..09)", () => {
    /** A Use process by Alice (a progenitor needs no credential for Use) on `inputs`. */
    const proc = (inputs: Uint8Array[], over: object = {}) => processEntry(alice.pubKey, { name: "Drill a hole", inputs, ...over });
    let input: Awaited<ReturnType<typeof validatedResource>>;
    beforeAll(async () => {
      input = await validatedResource();
    });

    test("fields: name, description, location bounded; required_role the type's; 1-8 inputs; started_by the author; starts Planned or InProgress", async () => {
      const refused: [object, RegExp][] = [
        [{ name: "" }, /EconomicProcess name must be 1-200 characters/],
        [{ description: long(1001) }, /EconomicProcess description must be at most 1000 characters/],
        [{ location: long(201) }, /EconomicProcess location must be at most 200 characters/],
        [{ required_role: "Transport" }, /EconomicProcess required_role must be None for a Use process/],
        [{ inputs: [] }, /EconomicProcess inputs must hold 1-8 resource revisions/],
        [{ events: Array(17).fill(input.hash) }, /EconomicProcess events must hold at most 16 events/],
        [{ status: "Completed" }, /EconomicProcess completed_at must be set exactly when the status is Completed/],
        [{ events: [input.hash] }, /EconomicProcess outputs, events, approvals and overdue are set only by its completion/],
        [
          { status: "Completed", completed_at: Date.now() * 1000, approvals: Array(17).fill(input.hash) },
          /EconomicProcess approvals must hold at most 16 receipts/,
        ],
        [{ started_by: bob.pubKey }, /EconomicProcess started_by must be the author/],
        [{ status: "Suspended" }, /EconomicProcess must start Planned or InProgress/],
      ];
      for (const [over, message] of refused) {
        await expect(dw.create(ENTRY.economicProcess, proc([input.hash], over))).rejects.toThrow(message);
      }
    });
    test("inputs: Validated, distinct, current", async () => {
      await expect(dw.create(ENTRY.economicProcess, proc([pending]))).rejects.toThrow(/EconomicProcess inputs must be Validated resources \(REQ-GOV-02\)/);
      const r = await validatedResource();
      await expect(dw.create(ENTRY.economicProcess, proc([r.hash, r.hash]))).rejects.toThrow(/EconomicProcess inputs must be distinct resources/);
      const use = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: r.hash }));
      const next = await dw.update(r.hash, { ...r.entry, last_event: use, custody_since: r.hash });
      await expect(dw.create(ENTRY.economicProcess, proc([r.hash]))).rejects.toThrow(
        /EconomicProcess inputs must be current: the starter already superseded this revision/,
      );
      expect(await dw.create(ENTRY.economicProcess, proc([next]))).toBeInstanceOf(Uint8Array);
    });
    test("updates: only by the starter, immutable fields, one move per revision", async () => {
      const r = await validatedResource();
      const entry = proc([r.hash]);
      const p = await dw.create(ENTRY.economicProcess, entry);
      await visibleTo(dwBob, p);
      await expect(dwBob.update(p, { ...entry, status: "Suspended" })).rejects.toThrow(/EconomicProcess can only be updated by its starter/);
      await expect(dw.update(p, { ...entry, name: "Something else", status: "Suspended" })).rejects.toThrow(
        /EconomicProcess process_type, name, description, role_credential, inputs, started_by, started_at, location, follows and under_commitment are immutable/,
      );
      expect(await dw.update(p, { ...entry, status: "Suspended" })).toBeInstanceOf(Uint8Array);
      // The same move again from the revision already moved on: a fork of the process's story.
      await expect(dw.update(p, { ...entry, status: "Cancelled" })).rejects.toThrow(/EconomicProcess revision was already superseded by its starter/);
    });
    test("a completion cites each of its events once, only its own, and states overdue truthfully", async () => {
      const r = await validatedResource();
      const started = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Completed use", resource_hashes: [r.first] });
      const p = started.original_hash as Uint8Array;
      const latest = started.latest.actionHash as Uint8Array;
      const entry = started.latest.entry as Record<string, unknown>;
      const [start] = await alice.client.resource.getProcessEvents(p);
      const other = await validatedResource();
      const stray = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other.hash }));
      const completion = (over: object) => ({ ...entry, status: "Completed", completed_at: Date.now() * 1000, ...over });
      await expect(dw.update(latest, completion({ events: [start.actionHash, start.actionHash] }))).rejects.toThrow(
        /EconomicProcess events must be distinct/,
      );
      await expect(dw.update(latest, completion({ events: [stray] }))).rejects.toThrow(
        /EconomicProcess events must be events of this process \(input_of or output_of\)/,
      );
      await expect(dw.update(latest, completion({ events: [start.actionHash], outputs: [r.first] }))).rejects.toThrow(
        /EconomicProcess outputs must be the input resources it hands on \(none for Use\), in input order/,
      );
      await expect(dw.update(latest, completion({ events: [start.actionHash], approvals: [start.actionHash] }))).rejects.toThrow(
        /EconomicProcess approvals must be empty: this network requires no validator for a Use process/,
      );
      await expect(dw.update(latest, completion({ events: [start.actionHash], overdue: true }))).rejects.toThrow(
        /EconomicProcess overdue must be false: it records whether a Use ran past usage_limit.max_duration_hours/,
      );
      expect(await dw.update(latest, completion({ events: [start.actionHash] }))).toBeInstanceOf(Uint8Array);
    });
    test("an event that names a process: one side, on an input, while it is InProgress, of the type's action", async () => {
      const r = await validatedResource();
      const started = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Evented use", resource_hashes: [r.first] });
      const p = started.original_hash as Uint8Array;
      const current = (await alice.client.resource.getEconomicResource(r.first))!.latest.actionHash as Uint8Array;
      const other = await validatedResource();
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: current, input_of: p, output_of: p }))).rejects.toThrow(
        /EconomicEvent input_of and output_of cannot both be set/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other.hash, input_of: p }))).rejects.toThrow(
        /EconomicEvent input_of must act on one of the process's inputs/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ action: "Cite", resource_inventoried_as: current, input_of: p }))).rejects.toThrow(
        /EconomicEvent input_of of a Use process must be a Use event/,
      );
      const paused = await validatedResource();
      const pausedEntry = proc([paused.hash]);
      const q = await dw.create(ENTRY.economicProcess, pausedEntry);
      const qRevised = await dw.update(q, { ...pausedEntry, status: "Suspended" });
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: paused.hash, input_of: qRevised }))).rejects.toThrow(
        /EconomicEvent input_of must reference a process's first revision/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: paused.hash, input_of: q }))).rejects.toThrow(
        /EconomicEvent input_of must name a process that is InProgress \(it is Suspended\)/,
      );
    });
    test("links: AgentToProcesses, ResourceToProcesses, ProcessToEvents tell the truth; never deleted", async () => {
      const r = await validatedResource();
      const started = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Linked use", resource_hashes: [r.first] });
      const p = started.original_hash as Uint8Array;
      const other = await validatedResource();
      const stray = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other.hash }));
      await expect(dw.createLink(LINK.agentToProcesses, alice.pubKey, alice.pubKey)).rejects.toThrow(
        /AgentToProcesses link target must reference an EconomicProcess/,
      );
      await expect(dw.createLink(LINK.agentToProcesses, bob.pubKey, p)).rejects.toThrow(/AgentToProcesses link base must be the process's starter/);
      await visibleTo(dwBob, p);
      await expect(dwBob.createLink(LINK.agentToProcesses, alice.pubKey, p)).rejects.toThrow(
        /AgentToProcesses link must be created by the process's starter/,
      );
      await expect(dwBob.createLink(LINK.resourceToProcesses, r.first, p)).rejects.toThrow(
        /ResourceToProcesses link must be created by the process's starter/,
      );
      await expect(dw.createLink(LINK.resourceToProcesses, other.first, p)).rejects.toThrow(
        /ResourceToProcesses link base must be one of the process's input resources/,
      );
      await expect(dw.createLink(LINK.processToEvents, p, alice.pubKey)).rejects.toThrow(/ProcessToEvents link target must reference an EconomicEvent/);
      await expect(dw.createLink(LINK.processToEvents, p, stray)).rejects.toThrow(
        /ProcessToEvents link base must be the process the event's input_of or output_of names/,
      );
      const events = await alice.client.resource.getProcessEvents(p);
      const start = events[0].actionHash as Uint8Array;
      await visibleTo(dwBob, start);
      await expect(dwBob.createLink(LINK.processToEvents, p, start)).rejects.toThrow(/ProcessToEvents link must be created by the event's provider/);
      const mineEntry = proc([other.hash]);
      const mine = await dw.create(ENTRY.economicProcess, mineEntry);
      const revised = await dw.update(mine, { ...mineEntry, status: "Suspended" });
      await expect(dw.createLink(LINK.agentToProcesses, alice.pubKey, revised)).rejects.toThrow(
        /AgentToProcesses link target must be a process's first revision/,
      );
      const link = await dw.createLink(LINK.agentToProcesses, alice.pubKey, mine);
      await expect(dw.deleteLink(link)).rejects.toThrow(/process links cannot be deleted: they are the processes' audit trail/);
    });
  });

  describe("PrivateParticipationClaim and ParticipationAttestation (REQ-PPR-01/03/12)", () => {
    /** Terms of Bob's approval of Alice's resource: Bob the issuer (validator), Alice the counterparty. */
    const terms = (about: Uint8Array, fulfilled_by: Uint8Array) => ({
      about,
      fulfills: null,
      fulfilled_by,
      issuer: bob.pubKey,
      counterparty: alice.pubKey,
      issuer_claim_type: "NetworkValidation",
      counterparty_claim_type: "ResourceContribution",
      interaction_context: "resource_validation",
      role_context: null,
      resource_reference: null,
      performance_metrics: performanceScores(),
      interaction_time: Date.now() * 1000,
    });
    const signature = () => ({ signed_data_hash: asLinkable(alice.pubKey), issuer_signature: new Uint8Array(64), counterparty_signature: new Uint8Array(64) });

    test("a private claim is its author's side of the terms", async () => {
      const r = await validatedResource();
      const t = terms(r.approvals[0], r.first);
      const claim = (over: object) => ({ claim_type: "ResourceContribution", counterparty: bob.pubKey, terms: t, bilateral_signature: signature(), ...over });
      await expect(dwCarol.createPrivate(ENTRY.privateParticipationClaim, claim({}))).rejects.toThrow(
        /PrivateParticipationClaim author must be a party of its terms/,
      );
      await expect(dw.createPrivate(ENTRY.privateParticipationClaim, claim({ claim_type: "NetworkValidation" }))).rejects.toThrow(
        /PrivateParticipationClaim claim_type must be its author's claim type in the terms/,
      );
      await expect(dw.createPrivate(ENTRY.privateParticipationClaim, claim({ counterparty: carol.pubKey }))).rejects.toThrow(
        /PrivateParticipationClaim counterparty must be the other party of the terms/,
      );
    });
    test("an attestation's issuer and counterparty are the interaction's parties", async () => {
      const r = await validatedResource();
      await visibleTo(dwCarol, r.approvals[0]);
      const attestation = (over: object) => ({ about: r.approvals[0], issuer: bob.pubKey, counterparty: alice.pubKey, bilateral_signature: signature(), ...over });
      await expect(dwCarol.create(ENTRY.participationAttestation, attestation({ issuer: carol.pubKey }))).rejects.toThrow(
        /ParticipationAttestation issuer must be the author of its about record/,
      );
      await expect(dwBob.create(ENTRY.participationAttestation, attestation({ counterparty: carol.pubKey }))).rejects.toThrow(
        /ParticipationAttestation counterparty must be the other party of its about record/,
      );
    });
  });
  describe("more lying citations and links", () => {
    test("a completion cites only events applied to their resources by the starter", async () => {
      const r = await validatedResource();
      const entry = processEntry(alice.pubKey, { name: "Unapplied use", inputs: [r.hash] });
      const p = await dw.create(ENTRY.economicProcess, entry);
      // The start event exists, but no revision of the resource cites it.
      const start = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: r.hash, input_of: p }));
      await expect(dw.update(p, { ...entry, status: "Completed", completed_at: Date.now() * 1000, events: [start] })).rejects.toThrow(
        /EconomicProcess events must each have been applied to its resource by the starter/,
      );
    });
    test("an event in someone else's process; a process following someone else's", async () => {
      // A specification Alice validates, so Bob can hold a Validated resource.
      const base = sampleSpec({ name: "Bob's kind" });
      const bobsSpec = (await alice.client.resource.createResourceSpec({ ...base, governance_rules: [majorityOf([alice])] })).actionHash;
      await eventually("Bob to see the specification", () => bob.client.resource.getResourceSpec(bobsSpec));
      const fields = { conforms_to: bobsSpec, primary_accountable: bob.pubKey, custodian: bob.pubKey };
      const first = await dwBob.create(ENTRY.economicResource, resourceEntry(fields));
      await eventually("Alice to see Bob's resource", () => alice.client.resource.getEconomicResource(first));
      const approval = (await alice.client.governance.validateNewResource({ resource_hash: first, approved: true, notes: null })).actionHash;
      await visibleTo(dwBob, approval);
      const bobs = await dwBob.update(first, resourceEntry({ ...fields, status: "Validated", approvals: [approval] }));
      const r = await validatedResource();
      const started = await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Alice's use", resource_hashes: [r.first] });
      await visibleTo(dwBob, started.original_hash);
      await expect(
        dwBob.create(ENTRY.economicEvent, eventEntry({ provider: bob.pubKey, receiver: bob.pubKey, resource_inventoried_as: bobs, input_of: started.original_hash })),
      ).rejects.toThrow(/EconomicEvent input_of must be recorded by the process's starter/);
      const bobsProcess = await bob.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Bob's use", resource_hashes: [first] });
      await visibleTo(dw, bobsProcess.original_hash);
      const other = await validatedResource();
      await expect(
        dw.create(ENTRY.economicProcess, {
          ...started.latest.entry,
          name: "After Bob",
          inputs: [other.hash],
          started_at: Date.now() * 1000,
          follows: bobsProcess.original_hash,
        }),
      ).rejects.toThrow(/EconomicProcess follows must be a process of the same starter/);
    });
    test("a dropoff completing a process its pickup did not start", async () => {
      const transport = (await bob.client.person.assignRole({ agent: alice.pubKey, role_name: "Transport" })).actionHash;
      await visibleTo(dw, transport);
      const r = await validatedResource();
      const p = await dw.create(
        ENTRY.economicProcess,
        processEntry(alice.pubKey, { process_type: "Transport", name: "Haul", required_role: "Transport", role_credential: transport, inputs: [r.hash] }),
      );
      // A pickup outside any process, applied; then a dropoff that claims to complete the process.
      const pickup = await dw.create(ENTRY.economicEvent, eventEntry({ action: "Pickup", resource_inventoried_as: r.hash, resource_quantity: 1 }));
      const picked = await dw.update(r.hash, { ...r.entry, onhand_quantity: 0, last_event: pickup, custody_since: r.hash });
      await expect(
        dw.create(ENTRY.economicEvent, eventEntry({ action: "Dropoff", resource_inventoried_as: picked, resource_quantity: 1, output_of: p })),
      ).rejects.toThrow(/EconomicEvent Dropoff must complete the process its Pickup started: output_of must be the pair's input_of/);
    });
    test("a claim's event link by someone who is not the claimant", async () => {
      const r = await validatedResource();
      const commitment = await alice.client.governance.proposeCommitment({
        action: "Use",
        provider: alice.pubKey,
        receiver: bob.pubKey,
        resource_inventoried_as: r.first,
        resource_quantity: 1,
        due_date: Date.now() * 1000 + 86_400_000_000,
        note: null,
      });
      await eventually("Bob to see the commitment", () => bob.client.governance.getCommitment(commitment.actionHash));
      await bob.client.governance.acceptCommitment({ commitment_hash: commitment.actionHash });
      const claimed = await eventually("Alice to claim once she sees the acceptance", () =>
        alice.client.governance.claimCommitment({ commitment_hash: commitment.actionHash }),
      );
      await visibleTo(dwBob, claimed.claim.actionHash);
      await expect(dwBob.createLink(LINK.economicEventToClaims, claimed.event_hash, claimed.claim.actionHash)).rejects.toThrow(
        /EconomicEventToClaims link must be created by the claimant/,
      );
    });
    test("update: a public attestation is immutable", async () => {
      const { approvals } = await validatedResource();
      const issued = await eventually("Bob's receipts of his approval", () => bob.client.governance.issueParticipationReceipts(approvals[0]));
      const signature = { signed_data_hash: asLinkable(alice.pubKey), issuer_signature: new Uint8Array(64), counterparty_signature: new Uint8Array(64) };
      await expect(
        dwBob.update(issued.attestation_hash, { about: approvals[0], issuer: bob.pubKey, counterparty: alice.pubKey, bilateral_signature: signature }),
      ).rejects.toThrow(/ParticipationAttestation is immutable/);
    });
    test("spam links: every index link to a record of the wrong type", async () => {
      const allAgents = await dw.pathHash("all_agents");
      const catalogue = await dw.pathHash("all_resource_specifications");
      const spam: [{ zome: number; type: number }, Uint8Array, Uint8Array, RegExp][] = [
        [LINK.allAgents, allAgents, specHash, /AllAgents link target must reference an AgentProfile/],
        [LINK.agentToProfile, alice.pubKey, specHash, /AgentToProfile link target must reference an AgentProfile/],
        [LINK.agentToRoles, carol.pubKey, specHash, /AgentToRoles link target must reference a Role/],
        [LINK.agentToIdentityDisclosures, alice.pubKey, specHash, /AgentToIdentityDisclosures link target must reference an IdentityDisclosure/],
        [LINK.allResourceSpecifications, catalogue, aliceProfile, /AllResourceSpecifications link target must reference a ResourceSpecification/],
        [LINK.specificationToResources, specHash, specHash, /SpecificationToResources link target must reference an EconomicResource/],
        [LINK.custodianToResources, alice.pubKey, specHash, /CustodianToResources link target must reference an EconomicResource/],
        [LINK.resourceToRevisions, pending, specHash, /ResourceToRevisions link target must reference an EconomicResource/],
        [LINK.resourceToEndOfLife, pending, specHash, /ResourceToEndOfLife link target must reference an EndOfLifeDeclaration/],
        [LINK.resourceToRightsTransfers, pending, specHash, /ResourceToRightsTransfers link target must reference an EconomicEvent/],
        [LINK.resourceToProcesses, pending, specHash, /ResourceToProcesses link target must reference an EconomicProcess/],
        [LINK.validatedItemToReceipts, pending, specHash, /ValidatedItemToReceipts link target must reference a ValidationReceipt/],
        [LINK.commitmentToDecisions, specHash, specHash, /CommitmentToDecisions link target must reference a CommitmentDecision/],
        [LINK.commitmentToClaims, specHash, specHash, /CommitmentToClaims link target must reference a Claim/],
      ];
      for (const [link, base, target, message] of spam) {
        await expect(dw.createLink(link, base, target)).rejects.toThrow(message);
      }
    });
    test("rule_data: validators that are no agent keys, both validators and a role, not exactly m, too long", async () => {
      const withScheme = (rule_data: string) => ({
        ...sampleSpec({ governance_rules: [{ rule_type: "validation_scheme", rule_data, enforced_by: null }] }),
        accountable_credential: null,
      });
      const key = encodeHashToBase64(bob.pubKey);
      await expect(dw.create(ENTRY.resourceSpecification, withScheme(JSON.stringify({ scheme: "simple_majority", validators: ["not-a-key"] })))).rejects.toThrow(
        /ResourceSpecification governance_rules\[0\]\.rule_data .*`not-a-key` is not an agent key/,
      );
      await expect(
        dw.create(ENTRY.resourceSpecification, withScheme(JSON.stringify({ scheme: "n_of_m", n: 1, m: 1, validators: [key], validator_role: "Transport" }))),
      ).rejects.toThrow(/ResourceSpecification governance_rules\[0\]\.rule_data n_of_m names either validators or a validator_role, not both/);
      await expect(dw.create(ENTRY.resourceSpecification, withScheme(JSON.stringify({ scheme: "n_of_m", n: 1, m: 2, validators: [key] })))).rejects.toThrow(
        /ResourceSpecification governance_rules\[0\]\.rule_data n_of_m validators, when named, must be exactly m agents/,
      );
      const padded = JSON.stringify({ max_quantity: 1, pad: "x".repeat(4100) });
      await expect(
        dw.create(ENTRY.resourceSpecification, { ...sampleSpec({ governance_rules: [{ rule_type: "usage_limit", rule_data: padded, enforced_by: null }] }), accountable_credential: null }),
      ).rejects.toThrow(/ResourceSpecification governance_rules\[0\]\.rule_data must be at most 4096 characters/);
    });
    test("a profile link deleted by someone else", async () => {
      const link = await dwDave.createLink(LINK.agentToProfile, dave.pubKey, await daveProfileHash());
      await visibleTo(dwBob, link);
      await expect(dwBob.deleteLink(link)).rejects.toThrow(/a link can only be deleted by its author/);
    });
    test("a private receipt's metrics stay in 0-1, their note bounded", async () => {
      const r = await validatedResource();
      const metrics = { timeliness_score: 1, quality_score: 1, reliability_score: 1, communication_score: 1, completion_rate: 1, resource_condition_maintained: null, additional_metrics: null };
      const claim = (over: object) => ({
        claim_type: "ResourceContribution",
        counterparty: bob.pubKey,
        terms: {
          about: r.approvals[0],
          fulfills: null,
          fulfilled_by: r.first,
          issuer: bob.pubKey,
          counterparty: alice.pubKey,
          issuer_claim_type: "NetworkValidation",
          counterparty_claim_type: "ResourceContribution",
          interaction_context: "resource_validation",
          role_context: null,
          resource_reference: null,
          performance_metrics: { ...metrics, ...over },
          interaction_time: Date.now() * 1000,
        },
        bilateral_signature: { signed_data_hash: asLinkable(alice.pubKey), issuer_signature: new Uint8Array(64), counterparty_signature: new Uint8Array(64) },
      });
      await expect(dw.createPrivate(ENTRY.privateParticipationClaim, claim({ timeliness_score: 1.5 }))).rejects.toThrow(
        /PerformanceMetrics timeliness_score must be between 0.0 and 1.0/,
      );
      await expect(dw.createPrivate(ENTRY.privateParticipationClaim, claim({ additional_metrics: long(1001) }))).rejects.toThrow(
        /PerformanceMetrics additional_metrics must be at most 1000 characters/,
      );
    });
    test("a decision link to what is no decision", async () => {
      await expect(dw.createLink(LINK.commitmentToDecisions, specHash, alice.pubKey)).rejects.toThrow(
        /CommitmentToDecisions link target must reference a CommitmentDecision/,
      );
    });
    test("an attestation about a rejection: only approvals yield receipts", async () => {
      const fresh = await dw.create(ENTRY.economicResource, resourceEntry());
      await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(fresh));
      const rejection = (await bob.client.governance.validateNewResource({ resource_hash: fresh, approved: false, notes: "not a drill" })).actionHash;
      const signature = { signed_data_hash: asLinkable(alice.pubKey), issuer_signature: new Uint8Array(64), counterparty_signature: new Uint8Array(64) };
      await expect(
        dwBob.create(ENTRY.participationAttestation, { about: rejection, issuer: bob.pubKey, counterparty: alice.pubKey, bilateral_signature: signature }),
      ).rejects.toThrow(/ParticipationAttestation about must be an approving ValidationReceipt of a type that yields receipts/);
    });
    test("update: a private participation receipt is immutable", async () => {
      const receipts = await eventually("Bob's receipts of his approvals", async () => {
        const mine = await bob.client.governance.getMyParticipationClaims();
        return mine.length > 0 ? mine : null;
      });
      await expect(dwBob.update(receipts[0].claim_hash, receipts[0].claim)).rejects.toThrow(/PrivateParticipationClaim is immutable/);
    });
    test("a reputation citation of what is no attestation, and of too many", async () => {
      const guarded = (
        await alice.client.resource.createResourceSpec(
          sampleSpec({
            name: "Guarded drill",
            governance_rules: [{ rule_type: "access_requirement", rule_data: JSON.stringify({ min_reputation: 0.5 }), enforced_by: null }, majorityOf([bob])],
          }),
        )
      ).actionHash;
      const first = await dw.create(ENTRY.economicResource, resourceEntry({ conforms_to: guarded }));
      await eventually("Bob to see the guarded resource", () => bob.client.resource.getEconomicResource(first));
      await eventually("Bob to see its specification", () => bob.client.resource.getResourceSpec(guarded));
      const approvals = [(await bob.client.governance.validateNewResource({ resource_hash: first, approved: true, notes: null })).actionHash];
      const held = await dw.update(first, resourceEntry({ conforms_to: guarded, status: "Validated", approvals }));
      const transfer = (over: object) =>
        eventEntry({ action: "TransferCustody", receiver: bob.pubKey, resource_inventoried_as: held, resource_quantity: 1, ...over });
      const profileEntry = await dw.entryHashOf(aliceProfile);
      await expect(dw.create(ENTRY.economicEvent, transfer({ receiver_reputation: Array(33).fill(profileEntry) }))).rejects.toThrow(
        /EconomicEvent receiver_reputation must cite at most 32 attestations/,
      );
      await expect(dw.create(ENTRY.economicEvent, transfer({ receiver_reputation: [profileEntry] }))).rejects.toThrow(
        /EconomicEvent receiver_reputation must cite ParticipationAttestations/,
      );
    });
    test("a validator_role scheme: a validator without the role", async () => {
      const scheme = { rule_type: "validation_scheme" as const, rule_data: JSON.stringify({ scheme: "n_of_m", n: 1, m: 1, validator_role: "Transport" }), enforced_by: null };
      const roleSpec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Transport-checked", governance_rules: [scheme] }))).actionHash;
      const first = await dw.create(ENTRY.economicResource, resourceEntry({ conforms_to: roleSpec }));
      await visibleTo(dwCarol, first);
      await visibleTo(dwCarol, roleSpec);
      // Carol holds only a User role (a progenitor needs no credential).
      await expect(dwCarol.create(ENTRY.validationReceipt, receipt({ validator: carol.pubKey, validated_item: first }))).rejects.toThrow(
        /ValidationReceipt validator must hold Transport: validator_credential is missing/,
      );
      await expect(
        dwCarol.create(ENTRY.validationReceipt, receipt({ validator: carol.pubKey, validated_item: first, validator_credential: carolRole })),
      ).rejects.toThrow(/ValidationReceipt validator must hold Transport: validator_credential/);
    });
  });

  describe("the membrane (REQ-USER-S-01, REQ-SEC-07)", () => {
    const install = async (installed_app_id: string, agent_key: Uint8Array, properties: object, membrane_proof?: Uint8Array) =>
      alice.player.conductor.adminWs().installApp({
        source: { type: "path", value: TEST_HAPP_PATH },
        agent_key,
        installed_app_id,
        network_seed: scenario.networkSeed,
        roles_settings: { nondominium: { type: "provisioned", value: { membrane_proof, modifiers: { properties } } } },
      });
    test("an invitation by someone who is no progenitor", async () => {
      const newcomer = await alice.player.conductor.adminWs().generateAgentPubKey();
      const invitation = { agent: newcomer, inviter: carol.pubKey, signature: new Uint8Array(64) };
      await expect(install("invited-by-carol", newcomer, testProperties([alice.pubKey, bob.pubKey]), encode(invitation))).rejects.toThrow(
        /membrane proof inviter must be a progenitor/,
      );
    });
    test("no proof on an invitation-only network", async () => {
      const newcomer = await alice.player.conductor.adminWs().generateAgentPubKey();
      await expect(install("uninvited", newcomer, testProperties([alice.pubKey], { invitation_only: true }))).rejects.toThrow(
        /this network is invitation-only: join with a MembraneInvitation as membrane proof/,
      );
    });
  });
});
