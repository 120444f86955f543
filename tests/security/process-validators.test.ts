/**
 * A network whose Use completions wait for a validator holding the Repair
 * role (DNA property `process_validation`, REQ-GOV-05/07): a process
 * validation receipt by someone without that role is refused by integrity,
 * written directly through the test-only `direct_write` coordinator; a
 * progenitor's is accepted.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { addAgents, type Agent, approveResource, DirectWrite, ENTRY, eventually, sampleSpec, TEST_HAPP_PATH } from "../src/common.js";

describe("process validators must hold the network's validator_role", () => {
  const scenario = new Scenario();
  let alice: Agent;
  let bob: Agent;
  let carol: Agent;
  let process: Uint8Array;

  beforeAll(async () => {
    [alice, bob, carol] = await addAgents(scenario, [3], [0, 1], TEST_HAPP_PATH, {
      process_validation: [{ process_type: "Use", minimum_validators: 1, validator_role: "Repair" }],
    });
    const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Bench drill" }))).actionHash;
    const resource = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    await eventually("Bob to see the specification", () => bob.client.resource.getResourceSpec(spec));
    await approveResource(alice, [bob], resource);
    process = (await alice.client.resource.initiateEconomicProcess({ process_type: "Use", name: "Drill", resource_hashes: [resource] })).original_hash;
  });
  afterAll(async () => {
    await scenario.cleanUp();
  });

  test("a validator without the Repair role is refused; a progenitor is not", async () => {
    const receipt = (validator: Agent) => ({
      validator: validator.pubKey,
      validated_item: process,
      validation_type: "process_validation",
      approved: true,
      notes: null,
      validator_credential: null,
    });
    const dwCarol = new DirectWrite(carol.player);
    await eventually("Carol to see the process", async () => (await dwCarol.localView(process)).found_by_get);
    await expect(dwCarol.create(ENTRY.validationReceipt, receipt(carol))).rejects.toThrow(
      /ValidationReceipt validator must hold the Repair role to validate a Use process: validator_credential is missing/,
    );
    const dwBob = new DirectWrite(bob.player);
    await eventually("Bob to see the process", async () => (await dwBob.localView(process)).found_by_get);
    expect(await dwBob.create(ENTRY.validationReceipt, receipt(bob))).toBeInstanceOf(Uint8Array);
  });
});
