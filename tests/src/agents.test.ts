/**
 * Agents (spec §4.1, §7): progenitors, private identity data with revocable sharing, roles
 * and promotion — credentials any peer can verify. Four agents on two
 * conductors; Alice is the progenitor named in the DNA properties. Happy
 * paths go through the typed client; every rule is also proven at integrity
 * level by a direct write through the test-only `direct_write` coordinator.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encode } from "@msgpack/msgpack";
import {
  addAgents,
  type Agent,
  approveResource,
  DirectWrite,
  ENTRY,
  eventually,
  once,
  sameBytes,
  sampleSpec,
  sync,
  TEST_HAPP_PATH,
  testProperties,
} from "./common.js";

describe("agents, private data and role credentials", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent, dave: Agent;
  let ladderSpec: Uint8Array;
  /** Each agent's AgentProfile (its create), which a Role granted to them cites. */
  const profiles = new Map<Agent, Uint8Array>();
  const all = () => [alice, bob, carol, dave];
  const hour = 3600 * 1_000_000;
  const nowMicros = () => Date.now() * 1000;

  beforeAll(async () => {
    // Conductor 1: Alice, Carol. Conductor 2: Bob, Dave. Alice (index 0) is the progenitor.
    [alice, carol, bob, dave] = await addAgents(scenario, [2, 2], [0]);
    for (const [a, name] of [[alice, "Alice"], [bob, "Bob"], [carol, "Carol"], [dave, "Dave"]] as const) {
      profiles.set(a, (await a.client.person.createProfile({ name })).actionHash);
    }
    // Only Accountable Agents define specifications: the progenitor defines the one everyone uses.
    ladderSpec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Ladder" }))).actionHash;
    await sync(all());
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  /**
   * `who` creates a resource, Alice (the progenitor, Accountable) peer-validates
   * it, and `who` hands custody of it to `to`: the history a promotion needs.
   */
  /** `who` shares identity data with `reviewer`, whose identity review (and so promotion) cites the disclosure. */
  async function shareIdentity(who: Agent, reviewer: Agent) {
    await who.client.person.storePrivateData({ legal_name: `${who === bob ? "Robert" : "A."} Example`, address: null, email: null, photo_id_hash: null });
    const grant = await who.client.person.grantPrivateDataAccess({ agent: reviewer.pubKey, fields: ["legal_name"], expires_at: nowMicros() + hour });
    await eventually("the reviewer to see the disclosure", async () => {
      const latest = await reviewer.client.person.getIdentityDisclosureFrom(who.pubKey);
      return latest !== null && sameBytes(latest, grant.disclosure_hash!);
    });
    return grant;
  }

  async function firstResourceAndTransfer(who: Agent, to: Agent, share = true) {
    if (share) await shareIdentity(who, to);
    const resource = await who.client.resource.createEconomicResource({ spec_hash: ladderSpec, quantity: 1, unit: "unit" });
    await approveResource(who, [alice], resource.actionHash);
    if (to === alice) {
      // To the progenitor, an Accountable Agent: the Simple Agent's InitialTransfer (REQ-USER-S-07).
      const recorded = await who.client.governance.logInitialTransfer({ resource_hash: resource.actionHash, receiver: to.pubKey });
      expect(recorded.event.action).toBe("InitialTransfer");
    } else {
      await who.client.resource.transferCustody({ resource_hash: resource.actionHash, new_custodian: to.pubKey });
    }
  }

  const NO_FIRST_TRANSFER = /the candidate has not yet created a resource and then made a first transfer/;
  /**
   * `promoter`'s promotion of `candidate`, asked again until it is made: what it reads of others' chains (the
   * candidate's first transfer in their agent activity, the promoter's own credential) reaches the promoter after the
   * calls that wrote it return. Waiting for that, rather than for every agent's whole DHT to agree, is the one datum
   * the promotion needs. A refusal for any other reason fails the test at the deadline, with that refusal.
   */
  const promoteOnceSeen = (promoter: Agent, candidate: Agent) =>
    eventually("the promoter to find the candidate's first transfer and promote", () => promoter.client.person.promoteAgentToAccountable(candidate.pubKey));

  test("profiles are updated by their agent and searchable by name", async () => {
    const mine = await carol.client.person.getMyProfile();
    const updated = await carol.client.person.updateProfile({
      previous_profile_hash: mine!.actionHash,
      name: "Carol (repair café)",
      avatar_url: null,
    });
    expect(updated.actionType).toBe("Update");
    const seen = await eventually("Dave to see Carol's new name", async () => {
      const p = await dave.client.person.getAgentProfile(carol.pubKey);
      return p?.entry.name === "Carol (repair café)" ? p : null;
    });
    expect(seen.entry.name).toBe("Carol (repair café)");
    const found = await dave.client.person.searchProfiles("REPAIR");
    expect(found.map((p) => p.entry.name)).toEqual(["Carol (repair café)"]);
    expect((await dave.client.person.searchProfiles("")).length).toBe(4);
    // Someone else's profile cannot be updated, even directly.
    await expect(
      new DirectWrite(dave.player).update(updated.actionHash, { agent_pub_key: carol.pubKey, name: "Mallory", avatar_url: null }),
    ).rejects.toThrow(/AgentProfile agent_pub_key must be the author/);
  });

  test("the progenitors come from the DNA properties and are Accountable by definition", async () => {
    const progenitors = await bob.client.person.getProgenitors();
    expect(progenitors).toHaveLength(1);
    expect(sameBytes(progenitors[0], alice.pubKey)).toBe(true);
    expect(await bob.client.person.isAccountable(alice.pubKey)).toBe(true);
    // Anyone else is Accountable only by a credential: an agent who holds none is not (the others here are promoted below).
    const stranger = await alice.player.conductor.adminWs().generateAgentPubKey();
    expect(await alice.client.person.isAccountable(stranger)).toBe(false);
  });

  // The promotions are steps of one chain of credentials (Alice → Bob → Carol → Dave), each made once, by whichever
  // test needs it first, so that every test runs alone (`.only`) and in any order.
  /** Bob's promotion by Alice, asserted at each step; resolves to his AccountableAgent role's hash. */
  const bobPromoted = once(() => promoteBob());
  /** Carol's promotion by Bob and Dave's by Carol; resolves to Carol's AccountableAgent role's hash. */
  const chainPromoted = once(() => promoteCarolAndDave());
  /** The User role Carol grants Dave once he is Accountable; resolves to its hash. */
  const daveIsUser = once(() => chainPromoted().then(async () => (await carol.client.person.assignRole({ agent: dave.pubKey, role_name: "User" })).actionHash));

  const promoteBob = async () => {
    await expect(alice.client.person.promoteAgentToAccountable(bob.pubKey)).rejects.toThrow(NO_FIRST_TRANSFER);
    await firstResourceAndTransfer(bob, alice, false);
    // Bob has shared nothing with Alice: the identity review must read what he shares, so it cannot happen yet
    // (asked until Alice's view of Bob's chain holds his first transfer, the refusal before it).
    const refusal = await eventually("Alice to see Bob's first transfer, and refuse for his identity data", async () => {
      const error = await alice.client.person.promoteAgentToAccountable(bob.pubKey).then(
        () => "promoted without an identity review",
        (e: unknown) => String(e),
      );
      return NO_FIRST_TRANSFER.test(error) ? null : error;
    });
    expect(refusal).toMatch(/the candidate's identity data cannot be read/);
    await expect(alice.client.governance.validateAgentIdentity({ candidate: bob.pubKey, approved: true })).rejects.toThrow(
      /validate_agent_identity: the candidate's identity data cannot be read/,
    );
    const grant = await shareIdentity(bob, alice);
    const role = await alice.client.person.promoteAgentToAccountable(bob.pubKey);
    const bobAccountable = role.actionHash;
    // The promotion cites Alice's identity_verification receipt about Bob's disclosure to her.
    const review = (await alice.client.governance.getValidationHistory(grant.disclosure_hash!)).map((r) => [r.entry.validation_type, r.entry.approved]);
    expect(review).toEqual([["identity_verification", true]]);
    expect(role.entry.identity_verification).not.toBeNull();
    expect(role.entry.role_name).toBe("AccountableAgent");
    expect(role.entry.grantor_credential).toBeNull(); // Alice is a progenitor
    expect(role.entry.promotion_evidence).not.toBeNull();
    expect(await eventually("Carol to see Bob's credential", () => carol.client.person.isAccountable(bob.pubKey))).toBe(true);
    const history = await carol.client.governance.getValidationHistory(bobAccountable);
    expect(history.map((r) => [r.entry.validation_type, r.entry.approved])).toEqual([["agent_promotion", true]]);
    expect(sameBytes(history[0].entry.validator, alice.pubKey)).toBe(true);
    return bobAccountable;
  };
  const promoteCarolAndDave = async () => {
    const bobAccountable = await bobPromoted();
    await firstResourceAndTransfer(carol, bob);
    const carolRole = await promoteOnceSeen(bob, carol);
    const carolAccountable = carolRole.actionHash;
    expect(sameBytes(carolRole.entry.grantor_credential!, bobAccountable)).toBe(true);
    await firstResourceAndTransfer(dave, carol);
    const daveRole = await promoteOnceSeen(carol, dave);
    expect(sameBytes(daveRole.entry.grantor_credential!, carolAccountable)).toBe(true);
    expect(await eventually("Alice to see Dave's credential", () => alice.client.person.isAccountable(dave.pubKey))).toBe(true);
    expect((await alice.client.person.getAgentRoles(dave.pubKey)).map((r) => r.entry.role_name)).toEqual(["AccountableAgent"]);
    return carolAccountable;
  };

  // Bob's identity data is read here by Dave, and Dave's revoked grant by Bob: Alice's and Carol's reviews in the
  // promotions below read what Bob and Dave share with them, whatever these tests did first.
  describe("private identity data", () => {
    const bobsData = { legal_name: "Robert Example", address: "1 Commons Lane", email: "bob@example.org", photo_id_hash: "sha256:abc" };

    test("is a private entry: no one else can get it", async () => {
      const privateHash = await bob.client.person.storePrivateData(bobsData);
      expect((await bob.client.person.getMyPrivateData())?.legal_name).toBe("Robert Example");
      await sync(all());
      // The action is public (it is part of Bob's chain); the content never leaves Bob's conductor.
      expect((await new DirectWrite(alice.player).localView(privateHash)).entry_content_found).toBe(false);
    });

    test("is shared field by field with one named agent", async () => {
      await bob.client.person.storePrivateData(bobsData);
      const grant = await bob.client.person.grantPrivateDataAccess({
        agent: dave.pubKey,
        fields: ["legal_name", "email"],
        expires_at: nowMicros() + hour,
      });
      const listed = (await bob.client.person.listPrivateDataGrants()).find((g) => sameBytes(g.grant_hash, grant.grant_hash));
      expect(listed?.fields).toEqual(["legal_name", "email"]);
      const shared = await dave.client.person.getAgentPrivateData(bob.pubKey);
      expect(shared.fields).toEqual({ legal_name: "Robert Example", email: "bob@example.org" });
      expect((await dave.client.person.getPrivateDataSharedWithMe()).map((k) => sameBytes(k, bob.pubKey))).toEqual([true]);
    });

    test("an agent without a grant cannot read it", async () => {
      await expect(carol.client.person.getAgentPrivateData(bob.pubKey)).rejects.toThrow(
        /no private data grant from this agent/,
      );
    });

    test("revocation takes effect at once", async () => {
      await dave.client.person.storePrivateData({ legal_name: "D. Example", address: null, email: null, photo_id_hash: null });
      const grant = await dave.client.person.grantPrivateDataAccess({ agent: bob.pubKey, fields: ["legal_name"], expires_at: nowMicros() + hour });
      expect((await bob.client.person.getAgentPrivateData(dave.pubKey)).fields).toEqual({ legal_name: "D. Example" });
      await dave.client.person.revokePrivateDataAccess(grant.grant_hash);
      expect((await dave.client.person.listPrivateDataGrants()).some((g) => sameBytes(g.grant_hash, grant.grant_hash))).toBe(false);
      await expect(bob.client.person.getAgentPrivateData(dave.pubKey)).rejects.toThrow(
        /private data access refused by the owner/,
      );
    });

    test("bad grants are refused with the field named", async () => {
      await expect(
        bob.client.person.grantPrivateDataAccess({ agent: alice.pubKey, fields: [], expires_at: nowMicros() + hour }),
      ).rejects.toThrow(/fields: fields must name at least one field/);
      await expect(
        bob.client.person.grantPrivateDataAccess({ agent: alice.pubKey, fields: ["email"], expires_at: nowMicros() - hour }),
      ).rejects.toThrow(/expires_at must be in the future/);
    });
  });

  describe("roles and promotion", () => {
    test("promotion needs the candidate's first resource and first transfer", async () => {
      await bobPromoted();
    });

    test("a credential chain three grants deep from the progenitor verifies", async () => {
      await chainPromoted();
    });

    test("the User role is an Accountable Agent's to grant; specialised roles need a holder, and go to Accountable Agents", async () => {
      // Carol (Accountable) grants Dave the User role; Dave, who holds no Transport, cannot grant it.
      expect(await daveIsUser()).toBeInstanceOf(Uint8Array);
      await expect(dave.client.person.assignRole({ agent: bob.pubKey, role_name: "Transport" })).rejects.toThrow(
        /only an agent who holds Transport may grant it/,
      );
      // The progenitor bootstraps a specialised role; its holder (Accountable) can pass it on.
      await alice.client.person.assignRole({ agent: bob.pubKey, role_name: "Transport" });
      await eventually("Bob to hold Transport", async () =>
        (await bob.client.person.getMyRoles()).some((r) => r.entry.role_name === "Transport"),
      );
      const carolTransport = await bob.client.person.assignRole({ agent: carol.pubKey, role_name: "Transport" });
      expect(carolTransport.entry.grantor_credential).not.toBeNull();
      expect(carolTransport.entry.grantor_accountable_credential).not.toBeNull();
      await expect(bob.client.person.assignRole({ agent: bob.pubKey, role_name: "User" })).rejects.toThrow(
        /a role cannot be self-assigned/,
      );
    });

    describe("enforced in integrity (direct writes)", () => {
      /** A Role entry granted by `grantor`, citing its grantee's profile (every role needs one). */
      const role = (grantor: Agent, over: { agent?: Uint8Array } & Record<string, unknown>) => {
        const grantee = all().find((a) => sameBytes(a.pubKey, over.agent ?? dave.pubKey))!;
        return {
          agent: dave.pubKey,
          role_name: "AccountableAgent",
          validated_by: grantor.pubKey,
          grantor_credential: null,
          grantor_accountable_credential: null,
          promotion_evidence: null,
          notes: null,
          agent_profile: profiles.get(grantee)!,
          agent_credential: null,
          ...over,
        };
      };

      test("self-assignment is invalid", async () => {
        await expect(new DirectWrite(dave.player).create(ENTRY.role, role(dave, { role_name: "User" }))).rejects.toThrow(
          /Role cannot be self-assigned/,
        );
      });
      test("a grant needs the grantor's own credential that allows it", async () => {
        const [carolAccountable, daveUser] = [await chainPromoted(), await daveIsUser()];
        const dw = new DirectWrite(bob.player);
        const evidence = (await alice.client.person.getAgentRoles(dave.pubKey))[0].entry.promotion_evidence;
        const toCarolFromBob = (over: object) => role(bob, { agent: carol.pubKey, promotion_evidence: evidence, ...over });
        await expect(dw.create(ENTRY.role, toCarolFromBob({}))).rejects.toThrow(
          /Role AccountableAgent must be granted by an Accountable Agent: grantor_credential is missing/,
        );
        // Citing someone else's credential.
        await expect(dw.create(ENTRY.role, toCarolFromBob({ grantor_credential: carolAccountable }))).rejects.toThrow(
          /grantor_credential must be held by the grantor/,
        );
        // A forged link: a User credential cited as if it allowed an Accountable grant.
        await expect(
          new DirectWrite(dave.player).create(ENTRY.role, role(dave, { agent: carol.pubKey, grantor_credential: daveUser, promotion_evidence: evidence })),
        ).rejects.toThrow(/grantor_credential \(User\) does not allow this grant/);
        // Not a Role at all.
        const spec = await bob.client.resource.createResourceSpec(sampleSpec());
        await expect(dw.create(ENTRY.role, toCarolFromBob({ grantor_credential: spec.actionHash }))).rejects.toThrow(
          /grantor_credential must reference a Role/,
        );
      });
      test("an Accountable role without the grantor's own review of the candidate's identity is invalid", async () => {
        await chainPromoted();
        const dw = new DirectWrite(alice.player);
        const daveEvidence = (await alice.client.person.getAgentRoles(dave.pubKey))[0].entry.promotion_evidence!;
        await expect(dw.create(ENTRY.role, role(alice, { promotion_evidence: daveEvidence }))).rejects.toThrow(
          /Role AccountableAgent needs identity_verification: the grantor's review of the candidate's identity/,
        );
        // Alice's review of Bob does not speak for Dave.
        const bobsReview = (await alice.client.person.getAgentRoles(bob.pubKey)).find((r) => r.entry.identity_verification)!.entry
          .identity_verification!;
        await expect(
          dw.create(ENTRY.role, role(alice, { promotion_evidence: daveEvidence, identity_verification: bobsReview })),
        ).rejects.toThrow(/Role identity_verification must be about an IdentityDisclosure by the candidate/);
        // Nor does a review by someone other than the grantor.
        const carolsReviewOfDave = (await alice.client.person.getAgentRoles(dave.pubKey))[0].entry.identity_verification!;
        await expect(
          dw.create(ENTRY.role, role(alice, { promotion_evidence: daveEvidence, identity_verification: carolsReviewOfDave })),
        ).rejects.toThrow(/Role identity_verification must be the grantor's approving identity_verification receipt/);
      });
      test("an Accountable role without the candidate's history is invalid", async () => {
        await chainPromoted();
        const dw = new DirectWrite(alice.player);
        await expect(dw.create(ENTRY.role, role(alice, {}))).rejects.toThrow(
          /Role AccountableAgent needs promotion_evidence/,
        );
        const daveEvidence = (await alice.client.person.getAgentRoles(dave.pubKey))[0].entry.promotion_evidence!;
        const bobEvidence = (await alice.client.person.getAgentRoles(bob.pubKey)).find((r) => r.entry.promotion_evidence)!.entry
          .promotion_evidence!;
        await expect(
          dw.create(ENTRY.role, role(alice, { promotion_evidence: { ...daveEvidence, first_transfer: daveEvidence.first_resource } })),
        ).rejects.toThrow(/Role promotion_evidence first_transfer must reference an EconomicEvent/);
        await expect(
          dw.create(ENTRY.role, role(alice, { promotion_evidence: { ...daveEvidence, first_transfer: bobEvidence.first_transfer } })),
        ).rejects.toThrow(/Role promotion_evidence first_transfer must be provided by the candidate/);
        await expect(
          dw.create(ENTRY.role, role(alice, { promotion_evidence: { ...daveEvidence, first_resource: bobEvidence.first_resource } })),
        ).rejects.toThrow(/Role promotion_evidence first_resource must be an EconomicResource the candidate created before first_transfer/);
      });
      test("a specialised role needs a grantor who holds it and is Accountable", async () => {
        const daveUser = await daveIsUser();
        await expect(
          new DirectWrite(dave.player).create(
            ENTRY.role,
            role(dave, { agent: bob.pubKey, role_name: "Repair", grantor_credential: daveUser, grantor_accountable_credential: null }),
          ),
        ).rejects.toThrow(/Role Repair must be granted by an agent who holds it: grantor_credential \(User\) does not allow this grant/);
      });
      test("credentials are immutable and permanent", async () => {
        const carolAccountable = await chainPromoted();
        const dw = new DirectWrite(bob.player);
        await expect(dw.update(carolAccountable, role(bob, { agent: carol.pubKey, role_name: "User" }))).rejects.toThrow(
          /Role is immutable/,
        );
        await expect(dw.delete(carolAccountable)).rejects.toThrow(/Role cannot be deleted/);
      });
      test("a role receipt is made by the role's grantor", async () => {
        const bobAccountable = await bobPromoted();
        await expect(
          new DirectWrite(carol.player).create(ENTRY.validationReceipt, {
            validator: carol.pubKey,
            validated_item: bobAccountable,
            validation_type: "agent_promotion",
            approved: true,
            notes: null,
          }),
        ).rejects.toThrow(/ValidationReceipt for a Role must be made by the Role's grantor/);
        await expect(
          new DirectWrite(carol.player).create(ENTRY.validationReceipt, {
            validator: alice.pubKey,
            validated_item: bobAccountable,
            validation_type: "agent_promotion",
            approved: true,
            notes: null,
          }),
        ).rejects.toThrow(/ValidationReceipt validator must be the author/);
      });
    });
  });

  test("the membrane is open by default; a proof, when given, must be a progenitor's invitation for the joining agent", async () => {
    const admin = alice.player.conductor.adminWs();
    const install = async (installed_app_id: string, agent_key: Uint8Array, membrane_proof: Uint8Array) =>
      admin.installApp({
        source: { type: "path", value: TEST_HAPP_PATH },
        agent_key,
        installed_app_id,
        network_seed: scenario.networkSeed,
        roles_settings: {
          nondominium: { type: "provisioned", value: { membrane_proof, modifiers: { properties: testProperties([alice.pubKey]) } } },
        },
      });
    const newcomer = await admin.generateAgentPubKey();
    await expect(install("malformed-proof", newcomer, new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /membrane proof must be a MembraneInvitation \(agent, inviter, signature\) or absent/,
    );
    await expect(bob.client.person.createMembraneInvitation(newcomer)).rejects.toThrow(/only a progenitor invites/);
    const invitation = await alice.client.person.createMembraneInvitation(newcomer);
    const someoneElse = await admin.generateAgentPubKey();
    await expect(install("invitation-for-someone-else", someoneElse, encode(invitation))).rejects.toThrow(
      /membrane proof invitation must be for the joining agent/,
    );
    const forged = { ...invitation, signature: new Uint8Array(64) };
    await expect(install("forged-invitation", newcomer, encode(forged))).rejects.toThrow(/membrane proof signature does not verify/);
    const joined = await install("invited", newcomer, encode(invitation));
    expect(sameBytes(joined.agent_pub_key, newcomer)).toBe(true);
  });

  test("eventually every peer sees the same roles", async () => {
    await daveIsUser();
    const names = await eventually("Dave's roles everywhere", async () => {
      const seen = await bob.client.person.getAgentRoles(dave.pubKey);
      return seen.length === 2 ? seen.map((r) => r.entry.role_name).sort() : null;
    });
    expect(names).toEqual(["AccountableAgent", "User"]);
  });
});
