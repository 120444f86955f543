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
import { addAgents, type Agent, approveResource, DirectWrite, ENTRY, eventually, majorityOf, once, sampleSpec } from "./common.js";

const PERIOD_SECONDS = 15;

describe("end of life with confirmations and a challenge period", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent, carol: Agent;
  let specHash: Uint8Array;
  let challenged: { resourceHash: Uint8Array; declaration: Uint8Array };
  // Each test ends the life of a resource of its own (the period runs from each declaration), so that each runs alone
  // (`.only`) and in any order: the finalisation's resource is declared and challenged in `beforeAll`, and the last
  // test reads it once finalised, by whichever of the two runs first.
  /** A new resource of Carol's, Validated by Alice and seen Validated by Alice and Bob: its first and Validated revisions. */
  const validatedResource = async () => {
    const resourceHash = (await carol.client.resource.createEconomicResource({ spec_hash: specHash, quantity: 1, unit: "unit" })).actionHash;
    const validated = (await approveResource(carol, [alice], resourceHash)).actionHash;
    await eventually("Alice and Bob to see the Validated revision", async () => {
      const seen = await Promise.all([alice, bob].map((a) => a.client.resource.getEconomicResource(resourceHash)));
      return seen.every((r) => r?.latest.entry.status === "Validated");
    });
    return { resourceHash, validated };
  };
  /** A new Validated resource whose end of life Carol declared, once Bob sees the declaration. */
  const declaredResource = async () => {
    const { resourceHash } = await validatedResource();
    const declaration = (await carol.client.resource.declareEndOfLife({ resource_hash: resourceHash, reason: "drum cracked beyond repair" })).actionHash;
    await eventually("Bob to see the declaration", () => bob.client.resource.getEndOfLifeStatus(resourceHash));
    return { resourceHash, declaration };
  };
  const receipt = (validator: Agent, declaration: Uint8Array, approved: boolean) => ({
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
    specHash = spec.actionHash;
    // The resource the finalisation test ends the life of, declared and challenged here so that its challenge period
    // runs while the other tests do.
    challenged = await declaredResource();
    await bob.client.governance.challengeEndOfLife({ declaration_hash: challenged.declaration, notes: "the drum can be welded" });
  }, 120_000);
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("only the custodian declares it", async () => {
    const { resourceHash, validated } = await validatedResource();
    await expect(alice.client.resource.declareEndOfLife({ resource_hash: resourceHash, reason: "worn out" })).rejects.toThrow(
      /declare_end_of_life: only the custodian declares the end of life of a resource/,
    );
    await expect(new DirectWrite(alice.player).create(ENTRY.endOfLifeDeclaration, { resource: validated, reason: "worn out" })).rejects.toThrow(
      /EndOfLifeDeclaration must be made by the custodian of the resource/,
    );
    await carol.client.resource.declareEndOfLife({ resource_hash: resourceHash, reason: "drum cracked beyond repair" });
    const status = await eventually("Alice to see the declaration", () => alice.client.resource.getEndOfLifeStatus(resourceHash));
    expect([status!.required_confirmations, status!.is_final, status!.declaration.entry.reason]).toEqual([2, false, "drum cracked beyond repair"]);
  });

  test("during the challenge period: a challenge is accepted; confirmations and finalisation are not", async () => {
    const { resourceHash, declaration } = await declaredResource();
    await bob.client.governance.challengeEndOfLife({ declaration_hash: declaration, notes: "the drum can be welded" });
    await expect(alice.client.governance.confirmEndOfLife({ declaration_hash: declaration })).rejects.toThrow(
      /confirm_end_of_life: the challenge period ends in \d+ s/,
    );
    await expect(new DirectWrite(alice.player).create(ENTRY.validationReceipt, receipt(alice, declaration, true))).rejects.toThrow(
      /ValidationReceipt end_of_life confirmation must be dated after the challenge period/,
    );
    await expect(new DirectWrite(carol.player).create(ENTRY.validationReceipt, receipt(carol, declaration, true))).rejects.toThrow(
      /ValidationReceipt validator cannot confirm or challenge their own end-of-life declaration/,
    );
    await expect(carol.client.resource.finalizeEndOfLife(resourceHash)).rejects.toThrow(/finalize_end_of_life: the challenge period ends in \d+ s/);
    const current = (await carol.client.resource.getEconomicResource(resourceHash))!.latest;
    await expect(
      new DirectWrite(carol.player).update(current.actionHash, { ...current.entry, status: "EndOfLife", decommission: { declaration, confirmations: [] } }),
    ).rejects.toThrow(/EconomicResource end of life cannot be final before the challenge period ends/);
  });

  /**
   * The rest of the end of life of the resource declared and challenged by Bob in `beforeAll`, asserted at each step:
   * confirmed by Alice after the period, blocked until Bob confirms, final. Returns the resource's first revision's hash.
   */
  const finalisedResource = once(() => endOfLife());
  const endOfLife = async () => {
    const { resourceHash, declaration } = challenged;
    const alicesConfirmation = await eventually(
      "the challenge period to end",
      () => alice.client.governance.confirmEndOfLife({ declaration_hash: declaration, notes: "seen it: cracked" }),
      PERIOD_SECONDS * 1000 + 30_000,
    );
    await expect(bob.client.governance.challengeEndOfLife({ declaration_hash: declaration })).rejects.toThrow(
      /challenge_end_of_life: the challenge period is over/,
    );
    await expect(new DirectWrite(bob.player).create(ENTRY.validationReceipt, receipt(bob, declaration, false))).rejects.toThrow(
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
      expect(receipts).toHaveLength(1); // the only confirmations in this file are this flow's
      expect(receipts[0].claim.terms.interaction_context).toBe("end_of_life");
    }
    return resourceHash;
  };

  test("after the period: confirmations, the challenge blocks until its author confirms, then the end of life is final", async () => {
    await finalisedResource();
  });

  test("a finalised resource accepts no event and no update", async () => {
    const resourceHash = await finalisedResource();
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
