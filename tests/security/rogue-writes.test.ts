/**
 * The threat table's link, update and delete threats against a real rogue
 * peer (tests/THREATS.md): Mallory's conductor has self-validation switched
 * off (testing only), so her lying and spam links, her updates of immutable
 * records and her deletes commit and are published. Alice, an honest peer,
 * must mark each one Rejected, not serve it from her own store, and hold a
 * warrant against Mallory. (`tests/src/rogue-peer.test.ts` does the same for
 * forbidden entries.)
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { addAgents, addRoguePlayer, agent, type Agent, DirectWrite, eventually, LINK, sampleSpec, sync } from "../src/common.js";

describe("a rogue peer's lying links, immutable updates and deletes are rejected by an honest peer", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let mallory: Agent;
  let honest: DirectWrite;
  let rogue: DirectWrite;
  let specHash: Uint8Array;
  let aliceProfile: Uint8Array;
  let aliceResource: Uint8Array;
  let malloryProfile: Uint8Array;
  const forbidden: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    [alice] = await addAgents(scenario, [1], [0]);
    honest = new DirectWrite(alice.player);
    const roguePlayer = await addRoguePlayer(scenario, [alice.pubKey]);
    mallory = agent(roguePlayer);
    rogue = new DirectWrite(roguePlayer);
    await scenario.shareAllAgents();
    aliceProfile = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    specHash = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Wheelbarrow" }))).actionHash;
    aliceResource = (await alice.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    malloryProfile = (await mallory.client.person.createProfile({ name: "Mallory" })).actionHash;
    await sync([alice, mallory]);
  });
  afterAll(async () => {
    const rejected = Object.values(statuses).filter((s) => s === "Rejected").length;
    console.log(`rogue writes: ${Object.keys(statuses).length} checked, ${rejected} marked Rejected by the honest peer, the rest never accepted or served (warrant)`, statuses);
    await scenario.cleanUp();
  });

  /** As `tests/src/rogue-peer.test.ts`: rejected and not served, or (never reached) not accepted while Mallory is warranted. */
  let rejectionDeadline: number | undefined;
  /** What Alice's store said of each write, printed at the end: Rejected, or never reached her (null). */
  const statuses: Record<string, string | null> = {};
  async function expectRejectedByAlice(hash: Uint8Array, name: string) {
    let view = await honest.localView(hash);
    rejectionDeadline ??= Date.now() + 30_000;
    while (view.local_validation_status !== "Rejected" && Date.now() < rejectionDeadline) {
      await new Promise((r) => setTimeout(r, 200));
      view = await honest.localView(hash);
    }
    statuses[name] = view.local_validation_status;
    expect(view.found_locally).toBe(false);
    if (view.local_validation_status !== "Rejected") {
      expect(view.local_validation_status).not.toBe("Valid");
      expect(await honest.warrantCount(mallory.pubKey)).toBeGreaterThan(0);
    }
  }

  test("the rogue's own conductor commits them all", async () => {
    const allAgents = await rogue.pathHash("all_agents");
    const catalogue = await rogue.pathHash("all_resource_specifications");
    // Spam on the anchors: the directory and the catalogue point at what is no profile and no specification of hers.
    forbidden.spamOnAgentsAnchor = await rogue.createLink(LINK.allAgents, allAgents, specHash);
    forbidden.spamOnCatalogueAnchor = await rogue.createLink(LINK.allResourceSpecifications, catalogue, aliceProfile);
    forbidden.catalogueLinkToSomeoneElsesSpec = await rogue.createLink(LINK.allResourceSpecifications, catalogue, specHash);
    // Lying links: Alice's resource listed as in Mallory's custody, Alice's profile as hers, Alice's resource under another specification.
    forbidden.custodianLinkToSomeoneElsesResource = await rogue.createLink(LINK.custodianToResources, mallory.pubKey, aliceResource);
    forbidden.custodianLinkNotByTheAuthor = await rogue.createLink(LINK.custodianToResources, alice.pubKey, aliceResource);
    forbidden.profileLinkToSomeoneElsesProfile = await rogue.createLink(LINK.agentToProfile, mallory.pubKey, aliceProfile);
    forbidden.specificationLinkNotByTheAuthor = await rogue.createLink(LINK.specificationToResources, specHash, aliceResource);
    forbidden.revisionIndexToNoRevision = await rogue.createLink(LINK.resourceToRevisions, aliceResource, specHash);
    // Immutable records updated, and records deleted.
    forbidden.specificationUpdated = await rogue.update(specHash, { ...sampleSpec({ name: "Mine now" }), accountable_credential: null });
    forbidden.profileTakenOver = await rogue.update(aliceProfile, { agent_pub_key: mallory.pubKey, name: "Alice", avatar_url: null });
    forbidden.profileDeleted = await rogue.delete(malloryProfile);
    forbidden.resourceDeletedBySomeoneElse = await rogue.delete(aliceResource);
    // A link that should not exist, then its deletion: deletes of a directory link are refused too.
    forbidden.directoryLinkDeleted = await rogue.deleteLink(forbidden.spamOnAgentsAnchor);
    for (const hash of Object.values(forbidden)) expect(hash).toBeInstanceOf(Uint8Array);
    expect(Object.keys(forbidden).length).toBe(13);
  });

  test.each([
    "spamOnAgentsAnchor",
    "spamOnCatalogueAnchor",
    "catalogueLinkToSomeoneElsesSpec",
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
  ])("the honest peer rejects %s and does not serve it", async (name) => {
    expect(forbidden[name], `the rogue wrote ${name}`).toBeInstanceOf(Uint8Array);
    await expectRejectedByAlice(forbidden[name], name);
  });

  test("the honest peer holds a warrant against the rogue, and still serves its own records", async () => {
    const count = await eventually("a warrant against Mallory", async () => {
      const n = await honest.warrantCount(mallory.pubKey);
      return n > 0 ? n : null;
    }, 90_000);
    expect(count).toBeGreaterThan(0);
    expect((await honest.localView(specHash)).found_locally).toBe(true);
    expect((await honest.localView(aliceResource)).found_locally).toBe(true);
    expect((await alice.client.resource.getResourceSpec(specHash))?.entry.name).toBe("Wheelbarrow");
    expect((await alice.client.person.getAgentProfile(alice.pubKey))?.entry.name).toBe("Alice");
  });
});
