/**
 * The threat table against a real rogue peer (tests/THREATS.md): a conductor
 * with self-validation switched off (testing only) commits and publishes
 * forbidden entries, lying and spam links, updates of immutable records and
 * deletes. Alice, an honest peer, must mark each one Rejected, not serve it
 * from her own store, and hold a warrant against its author. Each write has
 * its own rogue agent (all on one rogue conductor), so that each can be
 * warranted for its own write. (`tests/src/rogue-peer.test.ts` does the same
 * for forbidden entries that need a history, with one rogue agent.)
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import type { AgentPubKey } from "@holochain/client";
import { addAgents, addConductor, agent, type Agent, DirectWrite, ENTRY, eventually, happ, LINK, processEntry, sampleSpec, sync, TEST_HAPP_PATH, testProperties } from "../src/common.js";

/** The forbidden writes, one rogue agent each. */
const WRITES = [
  "spamOnAgentsAnchor",
  "spamOnCatalogueAnchor",
  "catalogueLinkToSomeoneElsesSpec",
  "catalogueLinkWithAForgedCopy",
  "approvalLinkWithAForgedCopy",
  "custodianLinkToSomeoneElsesResource",
  "custodianLinkNotByTheAuthor",
  "profileLinkToSomeoneElsesProfile",
  "specificationLinkNotByTheAuthor",
  "revisionIndexToNoRevision",
  "specificationUpdated",
  "profileTakenOver",
  "profileDeleted",
  "resourceDeletedBySomeoneElse",
  "directoryLinkDeleted",
  "profileNameTooLong",
  "profileForSomeoneElse",
  "specificationByASimpleAgent",
  "resourceWithInfiniteQuantity",
  "resourceCreatedValidated",
  "resourceCreatedWithAnEarlierCustody",
  "resourceInSomeoneElsesCustody",
  "roleSelfAssigned",
  "userRoleBySimpleAgent",
  "approvalByASimpleAgent",
  "eventOnSomeoneElsesResource",
  "commitmentBetweenOthers",
  "disclosureToOneself",
  "endOfLifeOfSomeoneElsesResource",
  "processWithoutInputs",
  "resourceWithoutItsPlace",
] as const;
type Write = (typeof WRITES)[number];

describe("a rogue peer's forbidden entries, lying links, immutable updates and deletes are rejected by an honest peer", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let honest: DirectWrite;
  let specHash: Uint8Array;
  /** A specification whose transfer_conditions set same_location: its resources need a current_location. */
  let placedSpec: Uint8Array;
  let aliceProfile: Uint8Array;
  let aliceResource: Uint8Array;
  /** Each write's rogue agent, its direct-write client, and what it wrote. */
  const rogues = {} as Record<Write, { agent: Agent; dw: DirectWrite }>;
  const forbidden = {} as Record<Write, Uint8Array>;

  beforeAll(async () => {
    [alice] = await addAgents(scenario, [1], [0]);
    honest = new DirectWrite(alice.player);
    // One conductor with self-validation off (testing only), one agent per forbidden write.
    const conductor = await addConductor(scenario, (config) => {
      if (!("tuning_params" in config)) throw new Error("conductor config has no tuning_params key");
      config.tuning_params = { disable_self_validation: true };
    });
    const keys: AgentPubKey[] = [];
    for (let i = 0; i < WRITES.length; i++) keys.push(await conductor.adminWs().generateAgentPubKey());
    const app = {
      ...happ(TEST_HAPP_PATH),
      options: {
        networkSeed: scenario.networkSeed,
        rolesSettings: { nondominium: { type: "provisioned" as const, value: { modifiers: { properties: testProperties([alice.pubKey]) } } } },
      },
    };
    const players = await scenario.installAppsForPlayers(keys.map(() => app), keys.map((agentPubKey) => ({ conductor, agentPubKey })));
    WRITES.forEach((name, i) => (rogues[name] = { agent: agent(players[i]), dw: new DirectWrite(players[i]) }));
    await scenario.shareAllAgents();
    aliceProfile = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    specHash = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Wheelbarrow" }))).actionHash;
    aliceResource = (await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    placedSpec = (
      await alice.client.resource.createResourceSpec(
        sampleSpec({
          name: "Workbench",
          governance_rules: [{ rule_type: "transfer_conditions", rule_data: '{"same_location":true}', enforced_by: null }],
        }),
      )
    ).actionHash;
    await sync([alice, ...WRITES.map((name) => rogues[name].agent)]);
  });
  afterAll(async () => {
    const rejected = Object.values(statuses).filter((s) => s === "Rejected").length;
    console.log(
      `rogue writes: ${Object.keys(statuses).length} checked, ${rejected} seen Rejected by the honest peer, the others never accepted nor served (the rogue conductor warranted)`,
      statuses,
    );
    await scenario.cleanUp();
  });

  /** What Alice's store says of each write, printed at the end. */
  const statuses: Record<string, string | null> = {};
  /**
   * One deadline for every check (set by the first): the writes were all
   * published at once, so waiting longer for each one would only turn a
   * failure into a long hang.
   */
  let deadline: number | undefined;
  /**
   * Alice marks the write Rejected and does not serve it. Warrants block
   * more than the one agent: once Alice has warranted a rogue agent she may
   * stop hearing from the whole rogue conductor, so a write that had not
   * reached her by then never does. Such a write must be one Alice neither
   * accepted nor serves, while she holds a warrant against a rogue agent of
   * that conductor (as `tests/src/rogue-peer.test.ts` does). The printed
   * statuses say how many were seen Rejected.
   */
  async function expectRejectedByAlice(name: Write) {
    deadline ??= Date.now() + 60_000;
    let view = await honest.localView(forbidden[name]);
    while (view.local_validation_status !== "Rejected" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      view = await honest.localView(forbidden[name]);
    }
    statuses[name] = view.local_validation_status;
    if (view.local_validation_status === "Rejected") {
      // Not in Alice's store: she does not serve it.
      expect(view.found_locally).toBe(false);
      const warrants = await eventually(`a warrant against the author of ${name}`, async () => {
        const n = await honest.warrantCount(rogues[name].agent.pubKey);
        return n > 0 ? n : null;
      });
      expect(warrants).toBeGreaterThan(0);
    } else {
      // Not validated by Alice by the deadline (she stopped hearing from the rogue conductor): her local view proves
      // nothing either way, since a record she fetched from a rogue sits in her cache with the status the rogue reported
      // (see tests/src/rogue-peer.test.ts); she answers as an authority from her DHT store, not her cache.
      const warranted = await eventually("a warrant against a rogue agent", async () => {
        for (const other of WRITES) if ((await honest.warrantCount(rogues[other].agent.pubKey)) > 0) return true;
        return null;
      });
      expect(warranted).toBe(true);
    }
  }

  test("the rogues' own conductor commits them all", async () => {
    const w = (name: Write) => rogues[name].dw;
    const key = (name: Write) => rogues[name].agent.pubKey;
    const allAgents = await w("spamOnAgentsAnchor").pathHash("all_agents");
    const catalogue = await w("spamOnCatalogueAnchor").pathHash("all_resource_specifications");
    // Spam on the anchors: the directory and the catalogue point at what is no profile and no specification of theirs.
    forbidden.spamOnAgentsAnchor = await w("spamOnAgentsAnchor").createLink(LINK.allAgents, allAgents, specHash);
    forbidden.spamOnCatalogueAnchor = await w("spamOnCatalogueAnchor").createLink(LINK.allResourceSpecifications, catalogue, aliceProfile);
    forbidden.catalogueLinkToSomeoneElsesSpec = await w("catalogueLinkToSomeoneElsesSpec").createLink(LINK.allResourceSpecifications, catalogue, specHash);
    // A link whose tag claims to carry a copy of its target (read instead of the target) but carries another record's.
    const forgedCopy = await w("catalogueLinkWithAForgedCopy").carriedTag(aliceProfile, null);
    forbidden.catalogueLinkWithAForgedCopy = await w("catalogueLinkWithAForgedCopy").createLink(LINK.allResourceSpecifications, catalogue, specHash, forgedCopy);
    // The same after a resource's identity, in the approvals index a creator reads for its validation status.
    const forgedApprovalCopy = await w("approvalLinkWithAForgedCopy").carriedTag(aliceProfile, null);
    forbidden.approvalLinkWithAForgedCopy = await w("approvalLinkWithAForgedCopy").createLink(
      LINK.specificationToResourceApprovals,
      specHash,
      specHash,
      new Uint8Array([...aliceResource, ...forgedApprovalCopy]),
    );
    // Lying links: Alice's resource listed as in a rogue's custody, Alice's profile as a rogue's, Alice's resource indexed by someone else.
    forbidden.custodianLinkToSomeoneElsesResource = await w("custodianLinkToSomeoneElsesResource").createLink(
      LINK.custodianToResources,
      key("custodianLinkToSomeoneElsesResource"),
      aliceResource,
    );
    forbidden.custodianLinkNotByTheAuthor = await w("custodianLinkNotByTheAuthor").createLink(LINK.custodianToResources, alice.pubKey, aliceResource);
    forbidden.profileLinkToSomeoneElsesProfile = await w("profileLinkToSomeoneElsesProfile").createLink(
      LINK.agentToProfile,
      key("profileLinkToSomeoneElsesProfile"),
      aliceProfile,
    );
    forbidden.specificationLinkNotByTheAuthor = await w("specificationLinkNotByTheAuthor").createLink(LINK.specificationToResources, specHash, aliceResource);
    forbidden.revisionIndexToNoRevision = await w("revisionIndexToNoRevision").createLink(LINK.resourceToRevisions, aliceResource, specHash);
    // Immutable records updated, and records deleted.
    forbidden.specificationUpdated = await w("specificationUpdated").update(specHash, { ...sampleSpec({ name: "Mine now" }), accountable_credential: null });
    forbidden.profileTakenOver = await w("profileTakenOver").update(aliceProfile, { agent_pub_key: key("profileTakenOver"), name: "Alice", avatar_url: null });
    const ownProfile = (await rogues.profileDeleted.agent.client.person.createProfile({ name: "Mallory" })).actionHash;
    forbidden.profileDeleted = await w("profileDeleted").delete(ownProfile);
    forbidden.resourceDeletedBySomeoneElse = await w("resourceDeletedBySomeoneElse").delete(aliceResource);
    // A valid directory link of its own (its profile written directly, then linked), then its deletion.
    const own = rogues.directoryLinkDeleted;
    const listed = await own.dw.create(ENTRY.agentProfile, { agent_pub_key: own.agent.pubKey, name: "Trudy", avatar_url: null });
    const link = await own.dw.createLink(LINK.allAgents, await own.dw.pathHash("all_agents"), listed);
    forbidden.directoryLinkDeleted = await own.dw.deleteLink(link);
    // Forbidden entries, each by its own rogue.
    const now = Date.now() * 1000;
    const resource = (name: Write, over: object) => ({
      conforms_to: specHash,
      accounting_quantity: 1,
      onhand_quantity: 1,
      unit: "unit",
      primary_accountable: key(name),
      custodian: key(name),
      current_location: null,
      contained_in: null,
      stage: null,
      state: null,
      last_event: null,
      status: "PendingValidation",
      approvals: [],
      ...over,
    });
    const role = (name: Write, over: object) => ({
      agent: alice.pubKey,
      role_name: "User",
      validated_by: key(name),
      grantor_credential: null,
      grantor_accountable_credential: null,
      promotion_evidence: null,
      notes: null,
      agent_profile: aliceProfile,
      agent_credential: null,
      identity_verification: null,
      ...over,
    });
    forbidden.profileNameTooLong = await w("profileNameTooLong").create(ENTRY.agentProfile, {
      agent_pub_key: key("profileNameTooLong"),
      name: "x".repeat(65),
      avatar_url: null,
    });
    forbidden.profileForSomeoneElse = await w("profileForSomeoneElse").create(ENTRY.agentProfile, { agent_pub_key: alice.pubKey, name: "Alice", avatar_url: null });
    forbidden.specificationByASimpleAgent = await w("specificationByASimpleAgent").create(ENTRY.resourceSpecification, {
      ...sampleSpec({ name: "Not mine to define" }),
      accountable_credential: null,
    });
    forbidden.resourceWithInfiniteQuantity = await w("resourceWithInfiniteQuantity").create(
      ENTRY.economicResource,
      resource("resourceWithInfiniteQuantity", { accounting_quantity: Number.POSITIVE_INFINITY }),
    );
    forbidden.resourceCreatedValidated = await w("resourceCreatedValidated").create(
      ENTRY.economicResource,
      resource("resourceCreatedValidated", { status: "Validated" }),
    );
    forbidden.resourceCreatedWithAnEarlierCustody = await w("resourceCreatedWithAnEarlierCustody").create(
      ENTRY.economicResource,
      resource("resourceCreatedWithAnEarlierCustody", { custody_since: aliceResource }),
    );
    forbidden.resourceInSomeoneElsesCustody = await w("resourceInSomeoneElsesCustody").create(
      ENTRY.economicResource,
      resource("resourceInSomeoneElsesCustody", { custodian: alice.pubKey }),
    );
    forbidden.roleSelfAssigned = await w("roleSelfAssigned").create(ENTRY.role, role("roleSelfAssigned", { agent: key("roleSelfAssigned"), agent_profile: null }));
    forbidden.userRoleBySimpleAgent = await w("userRoleBySimpleAgent").create(ENTRY.role, role("userRoleBySimpleAgent", {}));
    forbidden.approvalByASimpleAgent = await w("approvalByASimpleAgent").create(ENTRY.validationReceipt, {
      validator: key("approvalByASimpleAgent"),
      validated_item: aliceResource,
      validation_type: "resource_approval",
      approved: true,
      notes: null,
      validator_credential: null,
    });
    forbidden.eventOnSomeoneElsesResource = await w("eventOnSomeoneElsesResource").create(ENTRY.economicEvent, {
      action: "Use",
      provider: key("eventOnSomeoneElsesResource"),
      receiver: key("eventOnSomeoneElsesResource"),
      resource_inventoried_as: aliceResource,
      resource_quantity: 0,
      unit: "unit",
      to_location: null,
      state: null,
      stage: null,
      contained_in: null,
      event_time: now,
      note: null,
    });
    forbidden.commitmentBetweenOthers = await w("commitmentBetweenOthers").create(ENTRY.commitment, {
      action: "Use",
      provider: alice.pubKey,
      receiver: key("profileTakenOver"),
      resource_inventoried_as: aliceResource,
      resource_conforms_to: null,
      resource_quantity: 1,
      due_date: now + 3_600_000_000,
      note: null,
      committed_at: now,
    });
    forbidden.disclosureToOneself = await w("disclosureToOneself").create(ENTRY.identityDisclosure, {
      reviewer: key("disclosureToOneself"),
      fields: ["legal_name"],
      expires_at: now + 3_600_000_000,
    });
    forbidden.endOfLifeOfSomeoneElsesResource = await w("endOfLifeOfSomeoneElsesResource").create(ENTRY.endOfLifeDeclaration, {
      resource: aliceResource,
      reason: "gone",
    });
    forbidden.processWithoutInputs = await w("processWithoutInputs").create(
      ENTRY.economicProcess,
      processEntry(key("processWithoutInputs"), { name: "Nothing", started_at: now }),
    );
    forbidden.resourceWithoutItsPlace = await w("resourceWithoutItsPlace").create(
      ENTRY.economicResource,
      resource("resourceWithoutItsPlace", { conforms_to: placedSpec }),
    );
    for (const name of WRITES) expect(forbidden[name], name).toBeInstanceOf(Uint8Array);
  });

  test.each(WRITES)("the honest peer rejects %s and does not serve it", async (name) => {
    expect(forbidden[name], `the rogue wrote ${name}`).toBeInstanceOf(Uint8Array);
    await expectRejectedByAlice(name);
  });

  test("the honest peer still serves its own records, unchanged", async () => {
    expect((await honest.localView(specHash)).found_locally).toBe(true);
    expect((await honest.localView(aliceResource)).found_locally).toBe(true);
    expect((await alice.client.resource.getResourceSpec(specHash))?.entry.name).toBe("Wheelbarrow");
    expect((await alice.client.person.getAgentProfile(alice.pubKey))?.entry.name).toBe("Alice");
  });
});
