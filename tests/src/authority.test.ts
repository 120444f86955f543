/**
 * Table-driven: the README's "Who may call what" table, row by
 * row, for a Simple Agent (Sam), an Accountable Agent (Bob) and an
 * Accountable Agent who holds a specialised role (Tess, Transport). Each
 * actor calls each write through the typed client and gets the documented
 * outcome: done, or refused with the rule's words. Bob and Tess earn their
 * credentials the way members do (first resource, InitialTransfer, identity
 * reviewed by the progenitor Alice, promotion); progenitors are never actors
 * here, since they are Accountable by definition. The integrity side of each
 * rule is proven by direct writes in the entity's own test file.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import { addAgents, type Agent, approveResource, eventually, sameBytes, sampleSpec } from "./common.js";

type Actor = "simple" | "accountable" | "roleHolder";
type Outcome = "done" | RegExp;

describe("who may call what: every write, for each kind of member", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, sam: Agent, tess: Agent;
  const actors = (): Record<Actor, Agent> => ({ simple: sam, accountable: bob, roleHolder: tess });
  /** A pending resource of Alice's (default scheme: any Accountable validator), and one under a Transport-validated scheme. */
  let pendingDefault: Uint8Array;
  let pendingTransport: Uint8Array;
  /** A validated resource of Alice's, for commitments to receive it. */
  let alicesDrill: Uint8Array;
  /** Tess's validated cart (for the row that starts a Transport) and a Transport of hers already started (for its validation row). */
  let tessCart: Uint8Array;
  let tessProcess: Uint8Array;
  const hour = 3_600_000_000;

  /** `who` earns Accountable status: a first resource, an InitialTransfer to Alice, identity shared and reviewed, promotion. */
  async function promote(who: Agent, specHash: Uint8Array) {
    const r = (await who.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(who, [alice], r);
    await who.client.governance.logInitialTransfer({ resource_hash: r, receiver: alice.pubKey });
    await who.client.person.storePrivateData({ legal_name: "Member", address: null, email: null, photo_id_hash: null });
    const grant = await who.client.person.grantPrivateDataAccess({ agent: alice.pubKey, fields: ["legal_name"], expires_at: Date.now() * 1000 + hour });
    await eventually("Alice to see the disclosure", async () => {
      const latest = await alice.client.person.getIdentityDisclosureFrom(who.pubKey);
      return latest !== null && sameBytes(latest, grant.disclosure_hash!);
    });
    await eventually("Alice to promote", () => alice.client.person.promoteAgentToAccountable(who.pubKey));
    await eventually("everyone to see the credential", async () =>
      (await Promise.all([bob, sam, tess].map((a) => a.client.person.isAccountable(who.pubKey)))).every(Boolean),
    );
  }

  beforeAll(async () => {
    [alice, bob, sam, tess] = await addAgents(scenario, [2, 2], [0]);
    for (const [a, name] of [[alice, "Alice"], [bob, "Bob"], [sam, "Sam"], [tess, "Tess"]] as const) {
      await a.client.person.createProfile({ name });
    }
    const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Ladder" }))).actionHash;
    await Promise.all([bob, tess].map((a) => eventually("the specification to arrive", () => a.client.resource.getResourceSpec(spec))));
    await promote(bob, spec);
    await promote(tess, spec);
    await alice.client.person.assignRole({ agent: tess.pubKey, role_name: "Transport" });
    const transportScheme = {
      rule_type: "validation_scheme" as const,
      rule_data: JSON.stringify({ scheme: "n_of_m", n: 1, m: 3, validator_role: "Transport" }),
      enforced_by: null,
    };
    const transportSpec = (await alice.client.resource.createResourceSpec({ ...sampleSpec({ name: "Cargo bike" }), governance_rules: [transportScheme] }))
      .actionHash;
    pendingDefault = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    pendingTransport = (await alice.client.resource.createEconomicResource({ spec_hash: transportSpec, quantity: 1, unit: "unit" })).actionHash;
    alicesDrill = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await approveResource(alice, [bob], alicesDrill);
    // Alice shares identity data with each actor, whose review the identity row records.
    for (const a of [sam, bob, tess]) {
      await alice.client.person.grantPrivateDataAccess({ agent: a.pubKey, fields: ["legal_name"], expires_at: Date.now() * 1000 + hour });
    }
    await Promise.all(
      [sam, bob, tess].map(async (a) => {
        await eventually("the actor to see the resources", async () =>
          (await Promise.all([pendingDefault, pendingTransport].map((h) => a.client.resource.getEconomicResource(h)))).every(Boolean),
        );
        await eventually("Tess's Transport role to arrive", async () =>
          (await a.client.person.getAgentRoles(tess.pubKey)).some((r) => r.entry.role_name === "Transport"),
        );
        await eventually("Alice's disclosure to arrive", () => a.client.person.getIdentityDisclosureFrom(alice.pubKey));
      }),
    );
    // Tess, holding Transport, holds two validated resources and moves one.
    const tessResources: Uint8Array[] = [];
    for (let i = 0; i < 2; i++) {
      const r = (await tess.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
      await approveResource(tess, [alice], r);
      tessResources.push(r);
    }
    [tessCart] = tessResources;
    tessProcess = (await tess.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "Ladder run", resource_hashes: [tessResources[1]] }))
      .original_hash;
    await Promise.all([sam, bob].map((a) => eventually("the actor to see Tess's process", () => a.client.resource.getEconomicProcess(tessProcess))));
  }, 300_000);
  afterAll(async () => {
    await scenario.cleanUp();
  });

  /** The README's table: each write, how an actor calls it, and what each kind of member gets. */
  const rows: { fn: string; call: (actor: Agent) => Promise<unknown>; outcome: Record<Actor, Outcome> }[] = [
    {
      fn: "create_resource_spec",
      call: (a) => a.client.resource.createResourceSpec(sampleSpec({ name: `Wheelbarrow of ${encodeHashToBase64(a.pubKey).slice(-6)}` })),
      outcome: { simple: /only Accountable Agents may define a resource specification/, accountable: "done", roleHolder: "done" },
    },
    {
      fn: "assign_role (User)",
      call: (a) => a.client.person.assignRole({ agent: a === sam ? bob.pubKey : sam.pubKey, role_name: "User" }),
      outcome: { simple: /only an Accountable Agent may grant User/, accountable: "done", roleHolder: "done" },
    },
    {
      fn: "validate_new_resource (any Accountable Agent)",
      call: (a) => a.client.governance.validateNewResource({ resource_hash: pendingDefault, approved: true }),
      outcome: { simple: /the scheme's validators must be Accountable Agents/, accountable: "done", roleHolder: "done" },
    },
    {
      fn: "validate_new_resource (validator_role Transport)",
      call: (a) => a.client.governance.validateNewResource({ resource_hash: pendingTransport, approved: true }),
      outcome: {
        simple: /this scheme's validators hold Transport/,
        accountable: /this scheme's validators hold Transport/,
        roleHolder: "done",
      },
    },
    {
      fn: "validate_agent_identity",
      call: (a) => a.client.governance.validateAgentIdentity({ candidate: alice.pubKey, approved: true }),
      outcome: { simple: /only Accountable Agents verify identities/, accountable: "done", roleHolder: "done" },
    },
    {
      fn: "create_membrane_invitation",
      call: (a) => a.client.person.createMembraneInvitation(alice.pubKey),
      outcome: { simple: /only a progenitor invites/, accountable: /only a progenitor invites/, roleHolder: /only a progenitor invites/ },
    },
    {
      fn: "propose_commitment (to receive someone else's resource)",
      call: (a) =>
        a.client.governance.proposeCommitment({
          action: "TransferCustody",
          provider: alice.pubKey,
          receiver: a.pubKey,
          resource_inventoried_as: alicesDrill,
          resource_quantity: 1,
          due_date: Date.now() * 1000 + hour,
        }),
      outcome: {
        simple: /Commitment receiver must have created an EconomicResource before proposing to access someone else's \(REQ-GOV-01\)/,
        accountable: "done",
        roleHolder: "done",
      },
    },
    {
      fn: "initiate_economic_process (Transport)",
      call: (a) => a.client.resource.initiateEconomicProcess({ process_type: "Transport", name: "Row", resource_hashes: [tessCart] }),
      outcome: {
        simple: /initiate_economic_process: a Transport process needs the Transport role/,
        accountable: /initiate_economic_process: a Transport process needs the Transport role/,
        roleHolder: "done",
      },
    },
    {
      fn: "validate_process_completion",
      call: (a) => a.client.governance.validateProcessCompletion({ process_hash: tessProcess, approved: true }),
      outcome: {
        simple: /validate_process_completion: process completions are validated by Accountable Agents/,
        accountable: "done",
        roleHolder: /ValidationReceipt validator cannot validate their own process/,
      },
    },
    // To Alice, who acts in no row: a grant to an actor would change the rows that ask for Transport, whatever their order.
    {
      fn: "assign_role (Transport)",
      call: (a) => a.client.person.assignRole({ agent: alice.pubKey, role_name: "Transport" }),
      outcome: {
        simple: /only an agent who holds Transport may grant it/,
        accountable: /only an agent who holds Transport may grant it/,
        roleHolder: "done",
      },
    },
  ];

  test.each(rows.map((row) => [row.fn, row] as const))("%s", async (_fn, row) => {
    for (const [kind, actor] of Object.entries(actors()) as [Actor, Agent][]) {
      const expected = row.outcome[kind];
      if (expected === "done") {
        await expect(row.call(actor), `${kind} may call ${row.fn}`).resolves.toBeDefined();
      } else {
        await expect(row.call(actor), `${kind} is refused ${row.fn}`).rejects.toThrow(expected);
      }
    }
  });
});
