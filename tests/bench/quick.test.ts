/**
 * `BENCH_ONLY=quick npm run bench`: a two-minute subset of `npm run bench`
 * for comparing two builds on one machine — the floor, the common writes
 * (30 or 20 calls each), three reads — each as p50 and its ratio to the
 * floor's p50, measured in the same run. Two agents on two conductors, and
 * the floor hApp on a third. Prints `[quick]` lines; writes nothing.
 */
import { afterAll, test } from "vitest";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Scenario } from "@holochain/tryorama";
import { addAgents, eventually, HAPP_PATH, majorityOf, sampleSpec } from "../src/common.js";

const FLOOR_HAPP = join(dirname(fileURLToPath(import.meta.url)), "workdir", "bench-floor.happ");
const scenario = new Scenario();
afterAll(() => scenario.cleanUp());
/** The floor's p50 (the first row), in ms. */
let floor = NaN;
/** Calls the agents' clients ran again so far (`NondominiumClient.onRetry`). */
let retries = 0;
/** Times `n` sequential calls of `f(i)` and prints the p50, its ratio to the floor's, and how many were run again. */
async function time(name: string, n: number, f: (i: number) => Promise<unknown>) {
  const ts: number[] = [];
  const before = retries;
  for (let i = 0; i < n; i++) { const t0 = performance.now(); await f(i); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  const p50 = ts[Math.floor(n / 2)];
  if (Number.isNaN(floor)) floor = p50;
  const again = retries - before;
  console.log(`[quick] ${name}: p50 ${p50.toFixed(1)} (${(p50 / floor).toFixed(1)}x)${again ? `, ${again} run again` : ""}`);
}

test.runIf(process.env.BENCH_ONLY === "quick")("quick", { timeout: 900_000 }, async () => {
  const [alice, bob] = await addAgents(scenario, [1, 1], [0, 1], HAPP_PATH);
  for (const a of [alice, bob]) a.client.onRetry(() => retries++);
  const [fa] = await scenario.addPlayersWithSameApp({ appBundleSource: { type: "path", value: FLOOR_HAPP } }, 1);
  await scenario.shareAllAgents();
  for (let i = 0; i < 10; i++) await fa.appWs.callZome({ role_name: "floor", zome_name: "bench_floor", fn_name: "create_note", payload: `w${i}` });
  await time("floor", 30, (i) => fa.appWs.callZome({ role_name: "floor", zome_name: "bench_floor", fn_name: "create_note", payload: `n${i}` }));
  await alice.client.person.createProfile({ name: "A" });
  await bob.client.person.createProfile({ name: "B" });
  let p = (await alice.client.person.getMyProfile())!;
  await time("update_profile", 30, async (i) => { p = await alice.client.person.updateProfile({ previous_profile_hash: p.actionHash, name: `A${i}`, avatar_url: null }); });
  await time("create_resource_spec", 30, (i) => alice.client.resource.createResourceSpec(sampleSpec({ name: `S${i}` })));
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "D", governance_rules: [majorityOf([bob])] }))).actionHash;
  const rs: Uint8Array[] = [];
  await time("create_economic_resource", 30, async () => { rs.push((await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash); });
  // Each record the next row needs, polled (untimed): another peer does not see them in the order they were written.
  for (const r of rs) await eventually("bob sees", () => bob.client.resource.getEconomicResource(r), 120_000);
  await time("validate_new_resource", 30, (i) => bob.client.governance.validateNewResource({ resource_hash: rs[i], approved: true, notes: null }));
  for (const r of rs) await eventually("alice sees approval", async () => (await alice.client.governance.checkValidationStatus(r)).status === "approved", 120_000);
  // Let the background receipt exchange of the last approvals end first: Alice's receipts, polled.
  await eventually("Alice's receipts of Bob's approvals", async () => (await alice.client.governance.getMyParticipationClaims()).length >= 30, 120_000);
  // Uses first, then the other resources' confirmations: each transfer then cites a revision newer than
  // the Uses, as a custodian's transfer usually does, and its history rule decodes only the events since it.
  await alice.client.resource.confirmResourceValidation(rs[0]);
  await time("record_event Use", 20, () => alice.client.resource.recordEvent({ resource_hash: rs[0], action: "Use" }));
  await time("confirm_resource_validation", 29, (i) => alice.client.resource.confirmResourceValidation(rs[i + 1]));
  await time("transfer_custody", 20, (i) => alice.client.resource.transferCustody({ resource_hash: rs[i + 2], new_custodian: bob.pubKey }));
  await time("get_resources_by_spec (30)", 20, () => alice.client.resource.getResourcesBySpec(spec));
  await time("find_resources page", 10, () => alice.client.resource.findResources({ spec_hash: spec, limit: 20 }));
  await time("get_resource_history (20)", 10, () => alice.client.governance.getResourceHistory(rs[0]));
  await time("get_my_profile", 20, () => alice.client.person.getMyProfile());
});
