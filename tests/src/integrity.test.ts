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
import { addAgents, type Agent, DirectWrite, ENTRY, LINK, sampleSpec } from "./common.js";

describe("integrity rules against direct writes", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let dw: DirectWrite;
  let bobKey: AgentPubKey;
  let carolKey: AgentPubKey;
  let profileHash: Uint8Array;
  let specHash: Uint8Array;
  let r0: Uint8Array;

  const resourceEntry = (over: object = {}) => ({
    conforms_to: specHash,
    quantity: 1,
    unit: "unit",
    custodian: alice.pubKey,
    last_event: null,
    ...over,
  });
  const eventEntry = (over: object = {}) => ({
    action: "TransferCustody",
    provider: alice.pubKey,
    receiver: bobKey,
    resource_inventoried_as: r0,
    resource_quantity: 1,
    event_time: Date.now() * 1000,
    note: null,
    ...over,
  });

  beforeAll(async () => {
    [alice] = await addAgents(scenario, [1], [0]); // the progenitor, so she may define specifications
    const player = alice.player;
    dw = new DirectWrite(player);
    bobKey = await player.conductor.adminWs().generateAgentPubKey();
    carolKey = await player.conductor.adminWs().generateAgentPubKey();
    profileHash = (await alice.client.person.createProfile({ name: "Alice" })).actionHash;
    specHash = (await alice.client.resource.createResourceSpec(sampleSpec())).actionHash;
    r0 = await dw.create(ENTRY.economicResource, resourceEntry());
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
      for (const notASpec of [profileHash, r0]) {
        await expect(dw.create(ENTRY.economicResource, resourceEntry({ conforms_to: notASpec }))).rejects.toThrow(
          /EconomicResource conforms_to must reference a ResourceSpecification/,
        );
      }
    });
    test("quantity must be finite and >= 0; unit must not be empty", async () => {
      for (const quantity of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5]) {
        await expect(dw.create(ENTRY.economicResource, resourceEntry({ quantity }))).rejects.toThrow(
          /EconomicResource quantity must be a finite number >= 0/,
        );
      }
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ unit: "" }))).rejects.toThrow(
        /EconomicResource unit must not be empty/,
      );
      expect(await dw.create(ENTRY.economicResource, resourceEntry({ quantity: 0 }))).toBeInstanceOf(Uint8Array);
    });
    test("the creator is the first custodian", async () => {
      await expect(dw.create(ENTRY.economicResource, resourceEntry({ custodian: bobKey }))).rejects.toThrow(
        /EconomicResource custodian must be the author when created/,
      );
    });
    test("an update must cite its EconomicEvent", async () => {
      await expect(dw.update(r0, resourceEntry({ custodian: bobKey }))).rejects.toThrow(
        /EconomicResource update must cite the EconomicEvent that justifies it in last_event/,
      );
      await expect(dw.update(r0, resourceEntry({ custodian: bobKey, last_event: specHash }))).rejects.toThrow(
        /EconomicResource last_event must reference an EconomicEvent/,
      );
    });

    let r1: Uint8Array;
    test("custody moves only to the receiver of the cited TransferCustody, with nothing else changed", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(r0, resourceEntry({ custodian: carolKey, last_event: e }))).rejects.toThrow(
        /EconomicResource custodian must become the receiver of the cited TransferCustody event/,
      );
      await expect(dw.update(r0, resourceEntry({ custodian: bobKey, last_event: e, quantity: 2 }))).rejects.toThrow(
        /EconomicResource update must equal the previous revision plus the effects of last_event/,
      );
      r1 = await dw.update(r0, resourceEntry({ custodian: bobKey, last_event: e }));
      expect(r1).toBeInstanceOf(Uint8Array);
    });
    test("an event must start from the revision it updates", async () => {
      const other = await dw.create(ENTRY.economicResource, resourceEntry());
      const e = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: other }));
      const fresh = await dw.create(ENTRY.economicResource, resourceEntry());
      await expect(dw.update(fresh, resourceEntry({ custodian: bobKey, last_event: e }))).rejects.toThrow(
        /EconomicResource last_event must start from the revision being updated/,
      );
    });
    test("only the custodian updates a revision", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(r1, resourceEntry({ custodian: carolKey, last_event: e }))).rejects.toThrow(
        /EconomicResource can only be updated by its custodian/,
      );
    });
    test("a custodian cannot supersede the same revision twice (no double transfer)", async () => {
      const e2 = await dw.create(ENTRY.economicEvent, eventEntry({ receiver: carolKey }));
      await expect(dw.update(r0, resourceEntry({ custodian: carolKey, last_event: e2 }))).rejects.toThrow(
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
      const held = await dw.create(ENTRY.economicResource, resourceEntry());
      const e = await dw.create(ENTRY.economicEvent, eventEntry({ resource_inventoried_as: held }));
      const heldByBob = await dw.update(held, resourceEntry({ custodian: bobKey, last_event: e }));
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
        /EconomicEvent resource_quantity must equal the resource quantity for TransferCustody/,
      );
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ receiver: alice.pubKey }))).rejects.toThrow(
        /EconomicEvent receiver must differ from the provider for TransferCustody/,
      );
    });
    test("actions without implemented effects are refused", async () => {
      await expect(dw.create(ENTRY.economicEvent, eventEntry({ action: "Consume" }))).rejects.toThrow(
        /EconomicEvent action Consume is not supported yet/,
      );
    });
    test("is immutable and cannot be deleted", async () => {
      const e = await dw.create(ENTRY.economicEvent, eventEntry());
      await expect(dw.update(e, eventEntry({ note: "changed" }))).rejects.toThrow(/EconomicEvent is immutable/);
      await expect(dw.delete(e)).rejects.toThrow(/EconomicEvent cannot be deleted/);
    });
  });
});
