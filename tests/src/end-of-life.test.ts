/**
 * End of life (REQ-GOV-11/12/13, REQ-USER-P-06): the custodian
 * declares it; two Accountable validators must confirm it after the
 * specification's challenge period (15 s here; 7 days by default); a
 * challenge during the period blocks finalisation until its author confirms;
 * the final revision accepts nothing more. Each refusal is also proven at
 * integrity level by a direct write. Alice and Bob are progenitors
 * (Accountable); Carol holds the resource.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { addAgents, type Agent, approveResource, DirectWrite, ENTRY, eventually, majorityOf, sampleSpec } from "./common.js";

const PERIOD_SECONDS = 15;

describe("end of life with confirmations and a challenge period", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent;
  let resourceHash: Uint8Array;
  let validated: Uint8Array;
  let declaration: Uint8Array;
  const receipt = (validator: Agent, approved: boolean) => ({
    validator: validator.pubKey,
    validated_item: declaration,
    validation_type: "end_of_life",
    approved,
    notes: null,
    validator_credential: null,
  });

  beforeAll(async () => {
    [alice, carol, bob] = await addAgents(scenario, [2, 1], [0, 2]);
    const base = sampleSpec({ name: "Cement mixer" });
    const spec = await alice.client.resource.createResourceSpec({
      ...base,
      governance_rules: [
        majorityOf([alice]),
        { rule_type: "end_of_life", rule_data: JSON.stringify({ confirmations: 2, challenge_period_seconds: PERIOD_SECONDS }), enforced_by: null },
      ],
    });
    await eventually("Carol to see the specification", () => carol.client.resource.getResourceSpec(spec.actionHash));
    resourceHash = (await carol.client.resource.createEconomicResource({ spec_hash: spec.actionHash, quantity: 1, unit: "unit" })).actionHash;
    validated = (await approveResource(carol, [alice], resourceHash)).actionHash;
    await eventually("Alice and Bob to see the Validated revision", async () => {
      const seen = await Promise.all([alice, bob].map((a) => a.client.resource.getEconomicResource(resourceHash)));
      return seen.every((r) => r?.latest.entry.status === "Validated");
    });
  }, 120_000);
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("only the custodian declares it", async () => {
    await expect(alice.client.resource.declareEndOfLife({ resource_hash: resourceHash, reason: "worn out" })).rejects.toThrow(
      /declare_end_of_life: only the custodian declares the end of life of a resource/,
    );
    await expect(new DirectWrite(alice.player).create(ENTRY.endOfLifeDeclaration, { resource: validated, reason: "worn out" })).rejects.toThrow(
      /EndOfLifeDeclaration must be made by the custodian of the resource/,
    );
    const declared = await carol.client.resource.declareEndOfLife({ resource_hash: resourceHash, reason: "drum cracked beyond repair" });
    declaration = declared.actionHash;
    const status = await eventually("Alice to see the declaration", () => alice.client.resource.getEndOfLifeStatus(resourceHash));
    expect([status!.required_confirmations, status!.is_final, status!.declaration.entry.reason]).toEqual([2, false, "drum cracked beyond repair"]);
  });

  test("during the challenge period: a challenge is accepted; confirmations and finalisation are not", async () => {
    await eventually("Bob to see the declaration", () => bob.client.resource.getEndOfLifeStatus(resourceHash));
    await bob.client.governance.challengeEndOfLife({ declaration_hash: declaration, notes: "the drum can be welded" });
    await expect(alice.client.governance.confirmEndOfLife({ declaration_hash: declaration })).rejects.toThrow(
      /confirm_end_of_life: the challenge period ends in \d+ s/,
    );
    await expect(new DirectWrite(alice.player).create(ENTRY.validationReceipt, receipt(alice, true))).rejects.toThrow(
      /ValidationReceipt end_of_life confirmation must be dated after the challenge period/,
    );
    await expect(new DirectWrite(carol.player).create(ENTRY.validationReceipt, receipt(carol, true))).rejects.toThrow(
      /ValidationReceipt validator cannot confirm or challenge their own end-of-life declaration/,
    );
    await expect(carol.client.resource.finalizeEndOfLife(resourceHash)).rejects.toThrow(/finalize_end_of_life: the challenge period ends in \d+ s/);
    const current = (await carol.client.resource.getEconomicResource(resourceHash))!.latest;
    await expect(
      new DirectWrite(carol.player).update(current.actionHash, { ...current.entry, status: "EndOfLife", decommission: { declaration, confirmations: [] } }),
    ).rejects.toThrow(/EconomicResource end of life cannot be final before the challenge period ends/);
  });

  test("after the period: confirmations, the challenge blocks until its author confirms, then the end of life is final", async () => {
    const alicesConfirmation = await eventually(
      "the challenge period to end",
      () => alice.client.governance.confirmEndOfLife({ declaration_hash: declaration, notes: "seen it: cracked" }),
      PERIOD_SECONDS * 1000 + 30_000,
    );
    await expect(bob.client.governance.challengeEndOfLife({ declaration_hash: declaration })).rejects.toThrow(
      /challenge_end_of_life: the challenge period is over/,
    );
    await expect(new DirectWrite(bob.player).create(ENTRY.validationReceipt, receipt(bob, false))).rejects.toThrow(
      /ValidationReceipt end_of_life challenge must be made during the challenge period/,
    );
    await eventually("Carol to see the challenge and the confirmation", async () => {
      const s = await carol.client.resource.getEndOfLifeStatus(resourceHash);
      return s && s.challenges.length === 1 && s.confirmations.length === 1;
    });
    await expect(carol.client.resource.finalizeEndOfLife(resourceHash)).rejects.toThrow(
      /finalize_end_of_life: challenged by 1 agent\(s\) who have not confirmed it since/,
    );
    const current = (await carol.client.resource.getEconomicResource(resourceHash))!.latest;
    await expect(
      new DirectWrite(carol.player).update(current.actionHash, {
        ...current.entry,
        status: "EndOfLife",
        decommission: { declaration, confirmations: [alicesConfirmation.actionHash] },
      }),
    ).rejects.toThrow(/EconomicResource decommission needs at least 2 confirmations/);
    // Bob resolves his own challenge by confirming.
    await bob.client.governance.confirmEndOfLife({ declaration_hash: declaration, notes: "welding would not hold" });
    const final = await eventually("Carol to see both confirmations", async () => {
      const s = await carol.client.resource.getEndOfLifeStatus(resourceHash);
      return s && s.confirmations.length === 2 && s.open_challenges.length === 0 ? carol.client.resource.finalizeEndOfLife(resourceHash) : null;
    });
    expect(final.entry.status).toBe("EndOfLife");
    expect(final.entry.decommission!.confirmations).toHaveLength(2);
    // Each confirmation gave its validator an EndOfLifeValidation receipt and Carol, the declarer, an
    // EndOfLifeDeclaration (REQ-PPR-09: one per confirming validator); Bob's challenge gave none.
    await eventually("Carol's two declaration receipts", async () => (await carol.client.governance.getParticipationClaimsByType("EndOfLifeDeclaration")).length === 2);
    for (const validator of [alice, bob]) {
      const receipts = await eventually("the validator's receipt", async () => {
        const rs = await validator.client.governance.getParticipationClaimsByType("EndOfLifeValidation");
        return rs.length > 0 ? rs : null;
      });
      expect(receipts).toHaveLength(1);
      expect(receipts[0].claim.terms.interaction_context).toBe("end_of_life");
    }
  });

  test("a finalised resource accepts no event and no update", async () => {
    await expect(carol.client.resource.recordEvent({ resource_hash: resourceHash, action: "Use" })).rejects.toThrow(
      /use refused by governance: EconomicEvent resource_inventoried_as has reached its end of life: it accepts no event/,
    );
    const current = (await carol.client.resource.getEconomicResource(resourceHash))!.latest;
    await expect(
      new DirectWrite(carol.player).update(current.actionHash, { ...current.entry, status: "Validated", decommission: null }),
    ).rejects.toThrow(/EconomicResource has reached its end of life: it accepts no update/);
    await eventually("Alice to see the final revision", async () => (await alice.client.resource.getEndOfLifeStatus(resourceHash))?.is_final);
  });
});
