/**
 * `npm run bench` (never part of `npm test`): nondominium's cost against the
 * conductor's own floor, measured on this machine.
 *
 * - Seven parts (`PARTS`; `BENCH_PART=reads,events` runs those only), each
 *   on a network of its own (two conductors: Alice and Carol, Bob; the
 *   floor hApp on two more), so that a row measures its operation on what
 *   its own part wrote.
 * - Floor: `bench_floor.create_note`, a zome call writing one small entry
 *   whose validation accepts everything (`tests/zomes/bench_floor*`), first
 *   in every part. Every write is reported as p50/p95 in ms and as the
 *   ratio of its p50 to its part's floor p50.
 * - Writes: every write the UI makes, BENCH_N calls each (default 200).
 * - Reads at BENCH_READ_N resources (default 1000) and at BENCH_READ_N
 *   events on one resource (its BENCH_N Use events, topped up with more):
 *   discovery by specification, by custodian, a paginated search, a
 *   resource's history.
 * - Two-agent visibility: a write on one conductor until the other reads it
 *   (BENCH_VIS_N samples, default 30), for nondominium and for the floor.
 * - WASM size per zome, hApp install time on a fresh conductor (nondominium
 *   and the floor) and the time to enable it up to its first call's answer,
 *   and the last suite's wall time (tests/.vitest-report.json).
 *
 * Each part, when it ends, records its run in `tests/bench/last-run.json`
 * (the other parts' last runs kept, each with its date, sizes and commit)
 * and prints every part's table from it. Calls are issued one at a time (a
 * UI makes one call at a time), and waits between phases poll the one datum
 * the next phase needs. The `BENCH_ONLY` modes below are shorter runs for
 * working on one figure; they print their rows and write nothing.
 */
import { afterAll, expect, test } from "vitest";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, totalmem } from "node:os";
import { dhtSync, Scenario, type PlayerApp } from "@holochain/tryorama";
import { type AppInfo, CellType, encodeHashToBase64 } from "@holochain/client";
import { type RecordEventInput, ResourceIdSchema } from "@nondominium/client";
import { addAgents, addConductor, type Agent, eventually, HAPP_PATH, majorityOf, sameBytes, sampleSpec } from "../src/common.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FLOOR_HAPP = join(root, "tests", "bench", "workdir", "bench-floor.happ");
const N = Number(process.env.BENCH_N ?? 200);
const READ_N = Number(process.env.BENCH_READ_N ?? 1000);
const VIS_N = Number(process.env.BENCH_VIS_N ?? 30);
/** `BENCH_ONLY=lifecycle` only: profile updates each of Alice and Bob write first, so their chains are this much longer (history rules read chains). */
const CHAIN_PAD = Number(process.env.BENCH_CHAIN ?? 0);
/** `BENCH_ONLY=custody` only: the profile updates that lengthen Bob's chain between its two rows. */
const CHAIN_PAD_CUSTODY = Number(process.env.BENCH_CHAIN ?? 1000);
/** Calls per read row: a p95 over fewer says little (the pages were once 3, when each read every listed resource). */
const READ_CALLS = 20;

interface Row {
  name: string;
  calls: number;
  p50: number;
  p95: number;
  /** p50 / floor p50; null for the floor itself and for non-call figures. */
  ratio: number | null;
  target?: string;
  /** How many of the calls the client ran again (the commit did not happen and may be retried: `onRetry`), for call rows. */
  retries?: number;
}

const rows: Row[] = [];
/** Calls any agent's client ran again so far (`NondominiumClient.onRetry`), over the whole run. */
let retries = 0;
let floorP50 = NaN;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `n` sequential calls of `call(i)` and records the row. */
async function measure(name: string, n: number, call: (i: number) => Promise<unknown>, target?: string): Promise<void> {
  await measureAfter(name, n, async () => undefined, call, target);
}

/**
 * Times `n` sequential calls of `call(i)` like `measure`, after `ready(i)`
 * (untimed) has polled, with a deadline, for the datum call `i` needs — a
 * record another agent wrote, or a moment on the clock — so that the row
 * holds the write's own cost and no wait for the network.
 */
async function measureAfter(
  name: string,
  n: number,
  ready: (i: number) => Promise<unknown>,
  call: (i: number) => Promise<unknown>,
  target?: string,
): Promise<void> {
  const times: number[] = [];
  let again = 0;
  for (let i = 0; i < n; i++) {
    await ready(i);
    const before = retries;
    times.push(await timed(() => call(i)));
    again += retries - before;
  }
  row(name, times, target, again);
}

/** The milliseconds `call` takes. */
async function timed(call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

/** Records a row from the call times `times` (ms), with how many calls were run again (`again`), and prints it. */
function row(name: string, times: number[], target?: string, again?: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  rows.push({ name, calls: sorted.length, p50, p95: percentile(sorted, 95), ratio: Number.isNaN(floorP50) ? null : p50 / floorP50, target, retries: again });
  progress();
}

/** Prints the row just measured, so a long run shows where it is. */
function progress(): void {
  const r = rows[rows.length - 1];
  const again = r.retries ? `; ${r.retries} run again (commit refused, may be retried)` : "";
  console.log(`[bench] ${r.name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms over ${r.calls}${again}`);
}

/** Write on one side, then poll the other side every 10 ms until it reads it. */
async function visibility(
  name: string,
  write: (i: number) => Promise<Uint8Array>,
  read: (h: Uint8Array) => Promise<unknown>,
  target = "≤ 1000 ms p95",
) {
  const times: number[] = [];
  for (let i = 0; i < VIS_N; i++) {
    const hash = await write(i);
    const t0 = performance.now();
    for (;;) {
      if (await read(hash)) break;
      if (performance.now() - t0 > 60_000) throw new Error(`${name}: not visible after 60 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const took = performance.now() - t0;
    // A sample in the tail, with its wall-clock time, to find in the conductors' logs (RUST_LOG=warn).
    if (took > 500) console.log(`[bench] ${name}: sample ${i} took ${took.toFixed(0)} ms, written at ${new Date(Date.now() - took).toISOString()}`);
    times.push(took);
  }
  times.sort((a, b) => a - b);
  rows.push({ name, calls: VIS_N, p50: percentile(times, 50), p95: percentile(times, 95), ratio: null, target });
  progress();
}

/** The network of the part or mode running now ([`network`]). */
let scenario: Scenario | undefined;
let alice: Agent;
let bob: Agent;
let carol: Agent;
let floorA: PlayerApp;
let floorB: PlayerApp;

const note = (p: PlayerApp, text: string) =>
  p.appWs.callZome({ role_name: "floor", zome_name: "bench_floor", fn_name: "create_note", payload: text }) as Promise<Uint8Array>;
const getNote = (p: PlayerApp, hash: Uint8Array) =>
  p.appWs.callZome({ role_name: "floor", zome_name: "bench_floor", fn_name: "get_note", payload: hash });

/**
 * A network of its own for the part or mode about to run: the previous one
 * is cleaned up, and two conductors start with Alice and Carol (Carol, a
 * second agent on Alice's conductor, is the second end-of-life confirmer)
 * and Bob, all three progenitors, then the floor hApp on two more. Each
 * part thus starts on empty chains and empty stores: a row measures its
 * operation, not what the parts before it wrote (a link query costs what
 * the store holds; the history rules read the author's chain). Resets the
 * rows, the floor and the retry count. With `agents` false, only the
 * scenario (for the install timings, which add conductors of their own).
 */
async function network(agents = true): Promise<void> {
  if (scenario) await scenario.cleanUp();
  scenario = new Scenario();
  rows.length = 0;
  floorP50 = NaN;
  retries = 0;
  if (!agents) return;
  [alice, carol, bob] = await addAgents(scenario, [2, 1], [0, 1, 2], HAPP_PATH);
  for (const a of [alice, carol, bob]) a.client.onRetry(() => retries++);
  [floorA, floorB] = await scenario.addPlayersWithSameApp({ appBundleSource: { type: "path", value: FLOOR_HAPP } }, 2);
  await scenario.shareAllAgents();
}

/**
 * The floor row, first in every part and mode: 20 untimed calls warm the
 * wasm, then N timed `create_note` calls; sets `floorP50` (ms), against
 * which every later row's ratio is taken.
 */
async function measureFloor(): Promise<void> {
  for (let i = 0; i < 20; i++) await note(floorA, `warm ${i}`);
  await measure("floor: bench_floor.create_note", N, (i) => note(floorA, `note ${i}`));
  floorP50 = rows[0].p50;
  rows[0].ratio = 1;
}

afterAll(async () => {
  await scenario?.cleanUp();
}, 120_000);

/**
 * Waits (untimed, up to 30 minutes) until Alice's and Bob's conductors hold
 * the same integrated ops, and prints how long it took: back-to-back writes
 * outrun the other conductor's validation on this 2-core machine.
 */
async function catchUp(when: string): Promise<void> {
  const start = performance.now();
  await dhtSync([alice.player, bob.player], alice.player.namedCells.get("nondominium")!.cell_id[0], 1000, 1_800_000);
  console.log(`[bench] catch-up ${when}: both conductors integrated every op after ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/**
 * Reads at READ_N resources (a specification of their own, so the count is
 * exact) and the history of `used`, which holds N events: topped up, untimed,
 * with Use events to max(N, READ_N) first.
 */
async function reads(used: Uint8Array): Promise<void> {
  const events = Math.max(N, READ_N);
  for (let i = N; i < events; i++) await alice.client.resource.recordEvent({ resource_hash: used, action: "Use" });
  const readSpec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Read bench", governance_rules: [] }))).actionHash;
  let last: Uint8Array | undefined;
  for (let i = 0; i < READ_N; i++) last = (await alice.client.resource.createEconomicResource({ spec_hash: readSpec, quantity: 1, unit: "unit" })).actionHash;
  // Reads measured while the conductors still validate the writes pay for it (two conductors on two cores):
  // wait for the other conductor to hold the last one, then for both to have integrated every op.
  await eventually("Bob to see the last resource to read", () => bob.client.resource.getEconomicResource(last!), 600_000);
  await dhtSync([alice.player, bob.player], alice.player.namedCells.get("nondominium")!.cell_id[0], 1000, 900_000);
  expect(await alice.client.resource.getResourcesBySpec(readSpec)).toHaveLength(READ_N);
  await measure(`get_resources_by_spec (${READ_N} resources)`, READ_CALLS, () => alice.client.resource.getResourcesBySpec(readSpec), "≤ 50 ms p95");
  await measure(`get_resources_by_custodian (over ${READ_N} held)`, READ_CALLS, () => alice.client.resource.getResourcesByCustodian(alice.pubKey), "≤ 50 ms p95");
  await measure(`find_resources page of 20 (by spec, ${READ_N})`, READ_CALLS, (i) =>
    alice.client.resource.findResources({ spec_hash: readSpec, offset: (i * 20) % READ_N, limit: 20 }),
  "≤ 50 ms p95");
  await measure(`find_resources page of 20 (by custodian, ${READ_N} held)`, READ_CALLS, (i) =>
    alice.client.resource.findResources({ custodian: alice.pubKey, offset: (i * 20) % READ_N, limit: 20 }),
  "≤ 50 ms p95");
  await measure(`find_resources page of 20 (text search)`, READ_CALLS, () => alice.client.resource.findResources({ text: "Read", limit: 20 }), "≤ 50 ms p95");
  await measure(`get_resource_history (${events} events)`, READ_CALLS, () => alice.client.governance.getResourceHistory(used), "≤ 50 ms p95");
  await measure(`get_resource_history_page (the 20 newest of ${events} events)`, READ_CALLS, () =>
    alice.client.governance.getResourceHistoryPage({ resource_hash: used, limit: 20 }),
  "≤ 50 ms p95");
}

/**
 * The event families the other rows leave out, recorded by Alice on `a` and
 * `b`, two Validated resources she holds with all rights: Lower (the
 * quantity family with Raise, Produce, Consume), Move (custody to oneself at
 * a new place), Accept then Modify (a VF `pairsWith` pair, alternating), and
 * Combine into `b` then Separate (containment, alternating). Use stands for
 * Cite, Work, DeliverService and AccessForUse (the same row of effects);
 * Pickup/Dropoff are the processes' rows; TransferCustody and
 * TransferAllRights have rows of their own.
 */
async function eventFamilies(a: Uint8Array, b: Uint8Array): Promise<void> {
  const record = (input: Omit<RecordEventInput, "resource_hash">, on = a) => alice.client.resource.recordEvent({ ...input, resource_hash: on });
  const container = ResourceIdSchema.parse(b);
  await measure("record_event (Lower)", N, () => record({ action: "Lower", resource_quantity: 0.001 }, b), "≤ 4×");
  await measure("record_event (Move)", N, (i) => record({ action: "Move", receiver: alice.pubKey, to_location: `Shelf ${i}` }), "≤ 4×");
  await measure("record_event (Accept, then Modify: a VF pair, alternating)", N, (i) =>
    record({ action: i % 2 === 0 ? "Accept" : "Modify", resource_quantity: 0.5 }),
  "≤ 4×");
  await measure("record_event (Combine into another resource, then Separate, alternating)", N, (i) =>
    record(i % 2 === 0 ? { action: "Combine", resource_quantity: 0, contained_in: container } : { action: "Separate", resource_quantity: 0 }),
  "≤ 4×");
}

/**
 * A specification rule: end of life after 2 confirmations and a 60 s challenge
 * period. Not the shortest the test network allows (`MIN_CHALLENGE_SECONDS`,
 * 10 s): in a run of 2026-12-07 a declaration reached Carol's conductor, busy
 * validating the rights transfers, after those 10 s, and her challenge was
 * refused as late.
 */
const endOfLifeRule = {
  rule_type: "end_of_life" as const,
  rule_data: JSON.stringify({ confirmations: 2, challenge_period_seconds: 60 }),
  enforced_by: null,
};

/**
 * Rights, then end of life, on `items`: Validated resources Bob holds and
 * Alice has the rights to, of a specification with `endOfLifeRule`.
 * - Alice's TransferAllRights to Bob, once she reads Bob's latest revision;
 *   Bob's `apply_rights_transfers`, once he reads her event (a call that
 *   finds the transfer's link not yet arrived runs again, inside its time).
 * - Bob's `declare_end_of_life`, each followed by Carol's
 *   `challenge_end_of_life` (within the period), once she reads it.
 * - After each period: Alice's and Carol's `confirm_end_of_life` (Carol's
 *   resolves her challenge), then Bob's `finalize_end_of_life` once he reads
 *   both confirmations.
 */
async function rightsAndEndOfLife(items: Uint8Array[]): Promise<void> {
  const n = items.length;
  // The set-up's transfers leave both conductors validating for a while: wait until both hold every op.
  await catchUp("before the rights transfers");
  const latest = async (who: Agent, h: Uint8Array) => (await who.client.resource.getEconomicResource(h))?.latest;
  const transfers: Uint8Array[] = [];
  await measureAfter(
    "record_event (TransferAllRights, by the rights holder)",
    n,
    (i) =>
      eventually("Alice to read Bob's latest revision", async () => {
        const [hers, his] = await Promise.all([latest(alice, items[i]), latest(bob, items[i])]);
        if (hers && his && sameBytes(hers.actionHash, his.actionHash)) return true;
        const describe = (r: typeof hers) => (r ? `${encodeHashToBase64(r.actionHash)} (${r.entry.status}, last event ${r.entry.last_event ? encodeHashToBase64(r.entry.last_event) : "none"})` : "nothing");
        throw new Error(`item ${i}: Alice reads ${describe(hers)}, Bob ${describe(his)}`);
      }, 120_000),
    async (i) => {
      transfers.push((await alice.client.resource.recordEvent({ resource_hash: items[i], action: "TransferAllRights", receiver: bob.pubKey })).event_hash);
    },
    "≤ 4×",
  );
  await measureAfter(
    "apply_rights_transfers (by the custodian)",
    n,
    (i) => eventually("Bob to read Alice's rights transfer", () => bob.client.governance.getEconomicEvent(transfers[i]), 120_000),
    (i) =>
      eventually("Bob to apply the rights transfer", async () => {
        const revision = await bob.client.resource.applyRightsTransfers(items[i]);
        return sameBytes(revision.entry.primary_accountable, bob.pubKey);
      }, 120_000),
    "≤ 4×",
  );

  const declarations: Uint8Array[] = [];
  const declare: number[] = [];
  const challenge: number[] = [];
  for (let i = 0; i < n; i++) {
    declare.push(await timed(async () => {
      declarations.push((await bob.client.resource.declareEndOfLife({ resource_hash: items[i], reason: `bench ${i}` })).actionHash);
    }));
    await eventually("Carol to read the declaration", () => carol.client.resource.getEndOfLifeStatus(items[i]), 120_000);
    challenge.push(await timed(() => carol.client.governance.challengeEndOfLife({ declaration_hash: declarations[i], notes: "bench" })));
  }
  row("declare_end_of_life", declare, "≤ 2×");
  row("challenge_end_of_life (right after the declaration)", challenge, "≤ 2×");
  const confirmer = (i: number) => (i < n ? alice : carol);
  await measureAfter(
    "confirm_end_of_life (after the challenge period)",
    2 * n,
    (i) =>
      eventually("the challenge period to end", async () => {
        const status = await confirmer(i).client.resource.getEndOfLifeStatus(items[i % n]);
        return status && Date.now() * 1000 > status.challenge_period_ends + 1_000_000;
      }, 120_000),
    (i) => confirmer(i).client.governance.confirmEndOfLife({ declaration_hash: declarations[i % n], notes: null }),
    "≤ 2×",
  );
  await measureAfter(
    "finalize_end_of_life",
    n,
    (i) =>
      eventually("Bob to read both confirmations", async () => {
        const status = await bob.client.resource.getEndOfLifeStatus(items[i]);
        return status && status.confirmations.length >= 2 && status.open_challenges.length === 0;
      }, 120_000),
    (i) => bob.client.resource.finalizeEndOfLife(items[i]),
    "≤ 4×",
  );
}

/** Alice asks Bob for custody of a resource of `spec`, due tomorrow (a commitment Bob decides on). */
const askBob = (spec: Uint8Array) =>
  alice.client.governance.proposeCommitment({
    action: "TransferCustody",
    provider: bob.pubKey,
    receiver: alice.pubKey,
    resource_conforms_to: spec,
    resource_quantity: 1,
    due_date: (Date.now() + 86_400_000) * 1000,
  });

/** Polls (untimed) until Bob reads each of `resources`: another peer does not see records in the order they were written. */
async function bobReadsEach(resources: Uint8Array[]): Promise<void> {
  for (const r of resources) await eventually("Bob to read a resource to approve", () => bob.client.resource.getEconomicResource(r), 120_000);
}

/** `n` (default VIS_N) new resources of Alice's under `spec`, each read by Bob (`bobReadsEach`). */
async function resourcesToApprove(spec: Uint8Array, n = VIS_N): Promise<Uint8Array[]> {
  const made: Uint8Array[] = [];
  for (let i = 0; i < n; i++) made.push((await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash);
  await bobReadsEach(made);
  return made;
}

/** Polls (2 min deadline) until Bob reads himself as the custodian of `resource`. */
function bobHolds(resource: Uint8Array): Promise<unknown> {
  return eventually("Bob to hold the resource", async () => {
    const r = await bob.client.resource.getEconomicResource(resource);
    return r && sameBytes(r.latest.entry.custodian, bob.pubKey);
  }, 120_000);
}

/**
 * `n` new resources of Alice's under `spec` (whose scheme Bob validates),
 * each made Validated before the next is created, as a person does (untimed
 * set-up of the parts and modes that need Validated resources): Alice
 * creates it, Bob approves it once he reads it, Alice flips it once she
 * reads the approval, then `then(resource)` runs (e.g. a custody move).
 * Created all first and approved after, the k-th approval's and flip's
 * history rules would read back through the k-1 before them (the burst of
 * `BENCH_ONLY=once`): at 200 resources that set-up alone took most of 20
 * minutes (2026-12-08).
 */
async function validatedResources(spec: Uint8Array, n: number, then?: (resource: Uint8Array) => Promise<unknown>): Promise<Uint8Array[]> {
  await eventually("Bob to read the specification", () => bob.client.resource.getResourceSpec(spec), 120_000); // validating reads it
  const made: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const [h] = await resourcesToApprove(spec, 1);
    await bob.client.governance.validateNewResource({ resource_hash: h, approved: true, notes: null });
    await eventually("Alice to read the approval", async () => (await alice.client.governance.checkValidationStatus(h)).status === "approved", 120_000);
    await alice.client.resource.confirmResourceValidation(h);
    await then?.(h);
    made.push(h);
  }
  return made;
}

/**
 * `BENCH_ONLY=lifecycle`: the floor, then the new custodian's first event
 * (a Use by Bob citing the revision Alice's transfer wrote), Bob's
 * acceptance of Alice's requests (a decision on another agent's commitment),
 * the event families, the rights transfer (Alice's cites Bob's revision) and the
 * end-of-life rows alone (after `BENCH_CHAIN` profile updates by Alice and
 * by Bob, default 0: the history rules' reads grow with their chains), on BENCH_N resources of their own;
 * prints the rows and writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "lifecycle")("event families, rights and end of life only", { timeout: 3_600_000 }, async () => {
  await network();
  await measureFloor();
  const pad = async (who: Agent, name: string) => {
    let profile = await who.client.person.createProfile({ name });
    for (let i = 0; i < CHAIN_PAD; i++) {
      profile = await who.client.person.updateProfile({ previous_profile_hash: profile.actionHash, name: `${name} ${i}`, avatar_url: null });
    }
  };
  await Promise.all([pad(alice, "Alice"), pad(bob, "Bob")]);
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Lifecycle", governance_rules: [majorityOf([bob]), endOfLifeRule] })))
    .actionHash;
  const made = await validatedResources(spec, N + 2);
  const items = made.slice(2);
  for (const h of items) await alice.client.resource.transferCustody({ resource_hash: h, new_custodian: bob.pubKey });
  // The new custodian's first event cites the revision the transfer wrote, on Alice's chain (in the full bench, the claims').
  await measureAfter(
    "record_event (Use, the new custodian's first: cites the transfer's revision)",
    items.length,
    (i) => bobHolds(items[i]),
    (i) => bob.client.resource.recordEvent({ resource_hash: items[i], action: "Use" }),
    "≤ 4×",
  );
  // A decision on someone else's commitment: Alice asks Bob for a resource of the specification; Bob accepts. Its
  // history rules read Bob's chain back to the commitment's time (the dating rule), not to genesis.
  const asks: Uint8Array[] = [];
  for (let i = 0; i < N; i++) {
    const ask = await askBob(spec);
    asks.push(ask.actionHash);
  }
  await measureAfter(
    "accept_commitment (Bob accepts Alice's request)",
    asks.length,
    (i) => eventually("Bob to see the request", () => bob.client.governance.getCommitment(asks[i]), 120_000),
    (i) => bob.client.governance.acceptCommitment({ commitment_hash: asks[i] }),
    "≤ 2×",
  );
  await eventFamilies(made[0], made[1]);
  await rightsAndEndOfLife(items);
});

/**
 * `BENCH_ONLY=custody`: whether a custody move's cost grows with its
 * custodian's chain. The floor; then Bob hands back, one at a time, BENCH_N
 * resources Alice has just transferred to him (a custody that began a moment
 * ago), before and after `BENCH_CHAIN` profile updates (default 1000) make
 * his chain longer. Its history rule looks on the custodian's chain for the
 * open processes that hold the resource: read back to where the custody
 * began, the two rows cost the same; read to genesis, the second costs the
 * longer read on every op that carries the event, on both conductors.
 * Beside each, with both conductors caught up: a plain read and a write
 * whose rules read no chain (`update_profile`), so a growth the rules do
 * not cause shows too. Prints the rows and Bob's chain length at each;
 * writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "custody")("a custody move against the custodian's chain", { timeout: 3_600_000 }, async () => {
  await network();
  await measureFloor();
  await alice.client.person.createProfile({ name: "Alice" });
  let profile = await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Custody", governance_rules: [majorityOf([bob])] }))).actionHash;
  const made = await validatedResources(spec, 2 * N);
  /** How many records Bob's source chain holds (the admin API's state dump). */
  const bobsChain = async () => {
    const dump = await bob.player.conductor.adminWs().dumpState({ cell_id: bob.player.namedCells.get("nondominium")!.cell_id });
    const state = Array.isArray(dump) ? dump[0] : typeof dump === "string" ? JSON.parse(dump) : dump;
    return (state as { source_chain_dump: { records: unknown[] } }).source_chain_dump.records.length;
  };
  /** One profile update by Bob (`i` names it): a write whose rules read no chain. */
  const pad = async (i: number) => {
    profile = await bob.client.person.updateProfile({ previous_profile_hash: profile.actionHash, name: `Bob ${i}`, avatar_url: null });
  };
  /**
   * Alice hands `batch` to Bob; once both conductors have integrated every op
   * (neither still validates the other's earlier writes, the padding's
   * included), Bob hands each back once he holds it (timed).
   */
  const handBack = async (name: string, batch: Uint8Array[]) => {
    for (const h of batch) await alice.client.resource.transferCustody({ resource_hash: h, new_custodian: bob.pubKey });
    await catchUp(`before "${name}"`);
    // A read with no chain in it, beside the write: a link query (the revision index) costs what the store holds.
    await measure(`get_economic_resource by Bob, before "${name}"`, batch.length, (i) => bob.client.resource.getEconomicResource(batch[i]));
    // And a write whose rules read no chain, on the same chain with nothing else running.
    await measure(`update_profile by Bob, before "${name}"`, batch.length, (i) => pad(-1 - i));
    await catchUp(`after Bob's profile updates, before "${name}"`);
    await measureAfter(
      name,
      batch.length,
      (i) => bobHolds(batch[i]),
      (i) => bob.client.resource.transferCustody({ resource_hash: batch[i], new_custodian: alice.pubKey }),
      "≤ 4×",
    );
  };
  const short = await bobsChain();
  await handBack(`transfer_custody by a custodian of a moment, chain of ${short} actions`, made.slice(0, N));
  // The padding's first and last N updates are timed too (while the other conductor validates the padding).
  const timedPad = Math.min(N, Math.floor(CHAIN_PAD_CUSTODY / 2));
  await measure(`update_profile by Bob, the padding's first ${timedPad}`, timedPad, pad);
  for (let i = timedPad; i < CHAIN_PAD_CUSTODY - timedPad; i++) await pad(i);
  await measure(`update_profile by Bob, the padding's last ${timedPad}`, timedPad, (i) => pad(CHAIN_PAD_CUSTODY - timedPad + i));
  const long = await bobsChain();
  await handBack(`transfer_custody by a custodian of a moment, chain of ${long} actions`, made.slice(N));
  const [before, after] = rows.filter((r) => r.name.startsWith("transfer_custody by"));
  console.log(`[bench] custody: ${long - short} more actions on the custodian's chain: p50 ${before.p50.toFixed(1)} → ${after.p50.toFixed(1)} ms (${(after.p50 / before.p50).toFixed(2)}×)`);
});

/**
 * `BENCH_ONLY=once`: the once-per-item rules in a burst, their worst case.
 * The floor; Alice creates BENCH_N resources, then Bob approves each, one
 * after another (each receipt's rule reads Bob's chain back to the resource's
 * time and looks at every receipt he wrote since), then Alice flips each to
 * Validated (reads her chain back to the resource); Alice asks Bob for
 * BENCH_N resources and Bob accepts each request (the decision's rule looks
 * at every decision he wrote since the request's time). Both conductors
 * caught up before each row. Prints the rows and writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "once")("once-per-item rules in a burst", { timeout: 3_600_000 }, async () => {
  await network();
  await measureFloor();
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Once", governance_rules: [majorityOf([bob])] }))).actionHash;
  const made = await resourcesToApprove(spec, N);
  await catchUp("before the approvals");
  await measure(`validate_new_resource (the ${N} of one burst, by one validator)`, N, (i) =>
    bob.client.governance.validateNewResource({ resource_hash: made[i], approved: true, notes: null }),
  "≤ 2×");
  await eventually("Alice to see the last approval", async () => (await alice.client.governance.checkValidationStatus(made[N - 1])).status === "approved", 600_000);
  await catchUp("before the flips");
  await measure(`confirm_resource_validation (the ${N} of one burst)`, N, (i) => alice.client.resource.confirmResourceValidation(made[i]), "≤ 4×");
  const asks: Uint8Array[] = [];
  for (let i = 0; i < N; i++) asks.push((await askBob(spec)).actionHash);
  await eventually("Bob to see the last request", () => bob.client.governance.getCommitment(asks[N - 1]), 600_000);
  await catchUp("before the acceptances");
  await measureAfter(
    `accept_commitment (Bob accepts the ${N} requests of one burst)`,
    N,
    (i) => eventually("Bob to see the request", () => bob.client.governance.getCommitment(asks[i]), 120_000),
    (i) => bob.client.governance.acceptCommitment({ commitment_hash: asks[i] }),
    "≤ 2×",
  );
});

/**
 * `BENCH_ONLY=visibility`: the floor, then the two-agent visibility rows
 * alone (the floor's, a specification's, a resource's, an event's, a
 * commitment's, an approval's back to back and paced), BENCH_VIS_N samples
 * each, for the loop of working on visibility; a sample over 500 ms is
 * printed with its time, to find in the conductors' logs (`RUST_LOG=warn`).
 * Prints the rows and writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "visibility")("visibility only", { timeout: 3_600_000 }, async () => {
  await network();
  await measureFloor();
  const first = await note(floorA, "first");
  await eventually("the floor's first note to reach the other conductor", () => getNote(floorB, first), 120_000);
  await visibility("visibility, floor: create_note → get_note on the other conductor", (i) => note(floorA, `seen ${i}`), (h) => getNote(floorB, h));
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const warm = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Warm" }))).actionHash;
  await eventually("Bob to read the first specification", () => bob.client.resource.getResourceSpec(warm), 120_000);
  await visibility(
    "visibility: create_resource_spec → get_resource_spec on the other conductor",
    async (i) => (await alice.client.resource.createResourceSpec(sampleSpec({ name: `Seen ${i}` }))).actionHash,
    (h) => bob.client.resource.getResourceSpec(h),
  );
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Seen drill", governance_rules: [majorityOf([bob])] })))
    .actionHash;
  await visibility(
    "visibility: create_economic_resource → get_economic_resource on the other conductor",
    async () => (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash,
    (h) => bob.client.resource.getEconomicResource(h),
  );
  // An event and the revision it writes (with the revision's index link), on a validated resource.
  const used = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
  await eventually("Bob to read the resource to approve", () => bob.client.resource.getEconomicResource(used), 120_000);
  await bob.client.governance.validateNewResource({ resource_hash: used, approved: true, notes: null });
  await eventually("Alice to see the approval", async () => (await alice.client.governance.checkValidationStatus(used)).status === "approved", 120_000);
  await alice.client.resource.confirmResourceValidation(used);
  await visibility(
    "visibility: record_event (Use) → the other conductor's latest revision names it",
    async () => (await alice.client.resource.recordEvent({ resource_hash: used, action: "Use" })).event_hash,
    async (h) => {
      const state = await bob.client.resource.getEconomicResource(used);
      return state !== null && state.latest.entry.last_event !== null && sameBytes(state.latest.entry.last_event, h);
    },
  );
  // A commitment (the receiver proposes) and an approval (Bob, the validator) seen by the other party.
  await visibility(
    "visibility: propose_commitment → get_commitment on the provider's conductor",
    async () => (await askBob(spec)).actionHash,
    (h) => bob.client.governance.getCommitment(h),
  );
  // Bob's acceptance seen by Alice, who proposed: each request first seen by Bob (untimed).
  const requests: Uint8Array[] = [];
  for (let i = 0; i < VIS_N; i++) requests.push((await askBob(spec)).actionHash);
  // Each one polled: another peer does not see records in the order they were written.
  for (const r of requests) await eventually("Bob to read the request", () => bob.client.governance.getCommitment(r), 120_000);
  await visibility(
    "visibility: accept_commitment → accepted in the proposer's get_commitment",
    async (i) => {
      await bob.client.governance.acceptCommitment({ commitment_hash: requests[i] });
      return requests[i];
    },
    async (h) => (await alice.client.governance.getCommitment(h))?.status === "accepted",
  );
  const pending = await resourcesToApprove(spec);
  await visibility(
    "visibility: validate_new_resource → approved in the creator's check_validation_status",
    async (i) => {
      await bob.client.governance.validateNewResource({ resource_hash: pending[i], approved: true, notes: null });
      return pending[i];
    },
    async (h) => (await alice.client.governance.checkValidationStatus(h)).status === "approved",
  );
  // The same, paced as a person approves: each approval once the creator's conductor has integrated everything
  // the validator wrote before it — the previous approval and its receipt exchange, which Bob's conductor writes in
  // a call of its own after the approval (both conductors' integrated ops equal: dhtSync, polled untimed). A
  // receipt's history rule reads its validator's chain back from the action before it; back to back, that action
  // is often still on its way to the creator's conductor, and the receipt waits for it.
  const paced = await resourcesToApprove(spec);
  const bobsReceipts = (await bob.client.governance.getMyParticipationClaims()).length;
  const dna = alice.player.namedCells.get("nondominium")!.cell_id[0];
  await visibility(
    "visibility: validate_new_resource, each once the creator's conductor integrated the validator's earlier actions → approved in the creator's check_validation_status",
    async (i) => {
      await eventually("Bob's previous receipt exchange to end", async () => (await bob.client.governance.getMyParticipationClaims()).length >= bobsReceipts + i, 120_000);
      await dhtSync([alice.player, bob.player], dna, 20, 120_000);
      await bob.client.governance.validateNewResource({ resource_hash: paced[i], approved: true, notes: null });
      return paced[i];
    },
    async (h) => (await alice.client.governance.checkValidationStatus(h)).status === "approved",
  );
  console.log(rows.map((r) => `${r.name}: p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} ms`).join("\n"));
});

/**
 * `BENCH_ONLY=reads`: the floor and the reads alone (a validated resource
 * with N Use events, topped up to READ_N, for the history), for the loop of
 * working on a read;
 * prints the rows and writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "reads")("reads only", { timeout: 3_600_000 }, async () => {
  await network();
  await measureFloor();
  await partReads();
});

/** The production zomes, whose wasm sizes the bench reports. */
const ZOMES = ["person_integrity", "resource_integrity", "governance_integrity", "person", "resource", "governance"];

/**
 * Each production zome's wasm size (bytes), and the hApp's install time (ms,
 * the median of `runs` installs): nondominium and the floor each on a fresh
 * conductor, then enabling that install up to its first zome call's answer
 * (with the signing grant, app interface and token between), and nondominium
 * on a conductor seeded from `.wasm-cache/` as the tests and `npm start`
 * install it.
 */
async function sizesAndInstalls(runs: number) {
  const wasmDir = join(root, "target", "wasm32-unknown-unknown", "release");
  const sizes = Object.fromEntries(ZOMES.map((z) => [z, statSync(join(wasmDir, `${z}.wasm`)).size]));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  type BenchConductor = Awaited<ReturnType<Scenario["addConductor"]>>;
  const timedInstall = async (conductor: BenchConductor, path: string) => {
    const agentPubKey = await conductor.adminWs().generateAgentPubKey();
    const t0 = performance.now();
    const appInfo = await conductor.installApp({ appBundleSource: { type: "path", value: path }, options: { agentPubKey, networkSeed: `install-${Math.random()}` } });
    return { ms: performance.now() - t0, appInfo };
  };
  /** Times enabling the app and its first zome call (`fn_name` of `zome_name` in `role_name`) with the steps between. */
  const timedEnable = async (conductor: BenchConductor, appInfo: AppInfo, role_name: string, zome_name: string, fn_name: string, payload: unknown) => {
    const admin = conductor.adminWs();
    const t0 = performance.now();
    await admin.enableApp({ installed_app_id: appInfo.installed_app_id });
    const cell = appInfo.cell_info[role_name][0];
    if (cell.type !== CellType.Provisioned) throw new Error(`role ${role_name} has no provisioned cell`);
    await admin.authorizeSigningCredentials(cell.value.cell_id);
    const port = await conductor.attachAppInterface();
    const { token } = await admin.issueAppAuthenticationToken({ installed_app_id: appInfo.installed_app_id });
    const appWs = await conductor.connectAppWs(token, port);
    await appWs.callZome({ role_name, zome_name, fn_name, payload });
    return performance.now() - t0;
  };
  const fresh: number[] = [];
  const freshEnable: number[] = [];
  const floor: number[] = [];
  const floorEnable: number[] = [];
  const seeded: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c1 = await scenario!.addConductor();
    const nondominium = await timedInstall(c1, HAPP_PATH);
    fresh.push(nondominium.ms);
    freshEnable.push(await timedEnable(c1, nondominium.appInfo, "nondominium", "person", "get_my_profile", null));
    const c2 = await scenario!.addConductor();
    const floorApp = await timedInstall(c2, FLOOR_HAPP);
    floor.push(floorApp.ms);
    floorEnable.push(await timedEnable(c2, floorApp.appInfo, "floor", "bench_floor", "create_note", "first"));
    seeded.push((await timedInstall(await addConductor(scenario!), HAPP_PATH)).ms);
  }
  return {
    sizes,
    installNondominium: median(fresh),
    installFloor: median(floor),
    installSeeded: median(seeded),
    enableNondominium: median(freshEnable),
    enableFloor: median(floorEnable),
  };
}

/** The WASM and install lines of the bench's printout (sizes in bytes, times in ms). */
function sizeLines(r: Awaited<ReturnType<typeof sizesAndInstalls>>): string[] {
  const total = Object.values(r.sizes).reduce((a, b) => a + b, 0);
  return [
    `WASM (production zomes): ${(total / 1e6).toFixed(2)} MB (${total} bytes) — ${ZOMES.map((z) => `${z} ${(r.sizes[z] / 1e6).toFixed(2)}`).join(", ")} (target ≤ 8 MB)`,
    `hApp install on a fresh conductor: nondominium ${r.installNondominium.toFixed(1)} ms, floor ${r.installFloor.toFixed(1)} ms (target ≤ 3000 ms); nondominium on a conductor seeded from .wasm-cache/ ${r.installSeeded.toFixed(1)} ms`,
    `enable and first zome call after that fresh install: nondominium ${r.enableNondominium.toFixed(1)} ms, floor ${r.enableFloor.toFixed(1)} ms`,
  ];
}

/**
 * `BENCH_ONLY=size`: the wasm sizes and the install times alone, each
 * install the median of `BENCH_INSTALL_RUNS` (default 3), for comparing two
 * builds; prints the lines and writes nothing.
 */
test.runIf(process.env.BENCH_ONLY === "size")("sizes and installs only", { timeout: 3_600_000 }, async () => {
  await network(false);
  const r = await sizesAndInstalls(Number(process.env.BENCH_INSTALL_RUNS ?? 3));
  console.log(sizeLines(r).join("\n"));
});

/**
 * The reads (`reads`): a validated resource of Alice's takes N Use events
 * (timed: the first N events on one resource), then `reads` tops its history up
 * to READ_N events and creates READ_N resources of a specification of
 * their own, untimed, and times the discovery, search and history reads.
 */
async function partReads(): Promise<void> {
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Used", governance_rules: [majorityOf([bob])] }))).actionHash;
  const [used] = await validatedResources(spec, 1);
  await measure(`record_event (Use), the first ${N} events on one resource`, N, () => alice.client.resource.recordEvent({ resource_hash: used, action: "Use" }), "≤ 4×");
  await reads(used);
}

/**
 * `n` resources of Alice's under `spec` (whose scheme Bob validates),
 * validated (`validatedResources`), each handed to Bob right after its
 * flip (untimed), then polled until Bob reads himself their custodian: what the parts whose
 * writes are the custodian's (commitments he fulfils, processes he runs,
 * a rights holder without custody) start from.
 */
async function heldByBob(spec: Uint8Array, n: number): Promise<Uint8Array[]> {
  const made = await validatedResources(spec, n, (h) => alice.client.resource.transferCustody({ resource_hash: h, new_custodian: bob.pubKey }));
  for (const h of made) await bobHolds(h);
  return made;
}

/** The parts of `npm run bench`, in the order they run; `BENCH_PART=a,b` runs only those. */
const PARTS = ["writes", "commitments", "reads", "events", "processes", "rights and end of life", "size"] as const;
type Part = (typeof PARTS)[number];
const chosen = process.env.BENCH_PART?.split(",").map((p) => p.trim());
if (chosen) {
  const unknown = chosen.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`BENCH_PART: no part named ${unknown.join(", ")} (the parts: ${PARTS.join(", ")})`);
}

const LAST_RUN = join(root, "tests", "bench", "last-run.json");

/** What `tests/bench/last-run.json` holds of one part: its last run. */
interface PartRun {
  date: string;
  machine: string;
  /** The sizes it ran at (calls per write, reads, visibility samples). */
  sizes: { N: number; READ_N: number; VIS_N: number };
  /** The commit it measured (`git rev-parse --short HEAD` when the part started), when known. */
  commit: string | null;
  minutes: number;
  floorP50Ms: number;
  rows: Row[];
  /** The `size` part's lines (WASM per zome, installs, the last suite's wall time). */
  lines?: string[];
  extra?: Record<string, unknown>;
}

/** The commit of the work tree the bench runs in, or null outside a git checkout. */
function commit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/**
 * Records `part`'s run (this run's rows, `lines` and `extra`, begun at
 * `started` (performance.now()) on commit `at`) in
 * `tests/bench/last-run.json`, keeping the other parts' last runs, and
 * prints every part's table from that file, each with its date, sizes and
 * commit: the README's table.
 */
function savePart(part: Part, started: number, at: string | null, lines?: string[], extra?: Record<string, unknown>): void {
  type File = { parts: Partial<Record<Part, PartRun>> };
  let file: File = { parts: {} };
  if (existsSync(LAST_RUN)) {
    const old = JSON.parse(readFileSync(LAST_RUN, "utf8")) as Partial<File>;
    if (old.parts) file = old as File; // a file of the single-run format before the parts holds no part
  }
  file.parts[part] = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GB`,
    sizes: { N, READ_N, VIS_N },
    commit: at,
    minutes: Math.round((performance.now() - started) / 600) / 100,
    floorP50Ms: floorP50,
    rows: [...rows],
    lines,
    extra,
  };
  writeFileSync(LAST_RUN, JSON.stringify(file, null, 2) + "\n");
  const fmt = (x: number) => x.toFixed(1);
  const out: string[] = [];
  for (const name of PARTS) {
    const run = file.parts[name];
    if (!run) continue;
    out.push(
      ``,
      `${name}: ${run.date}, ${run.machine}, ${run.commit ?? "no commit"}, N=${run.sizes.N} READ_N=${run.sizes.READ_N} VIS_N=${run.sizes.VIS_N}, ${run.minutes} min`,
    );
    if (run.rows.length) {
      out.push(`| operation | calls | run again | p50 ms | p95 ms | × floor | target |`, `|---|---|---|---|---|---|---|`);
      out.push(...run.rows.map((r) => `| ${r.name} | ${r.calls} | ${r.retries ?? ""} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${r.ratio === null ? "" : r.ratio.toFixed(1)} | ${r.target ?? ""} |`));
    }
    out.push(...(run.lines ?? []));
  }
  console.log(`nondominium bench (tests/bench/last-run.json)${out.join("\n")}`);
}

/**
 * One part of `npm run bench` (skipped under `BENCH_ONLY`, and when
 * `BENCH_PART` names others): a network of its own (`network`), the floor,
 * then `body`; its run is saved (`savePart`) when `body` ends.
 */
function part(name: Part, body: () => Promise<{ lines?: string[]; extra?: Record<string, unknown> } | void>): void {
  const skip = process.env.BENCH_ONLY !== undefined || (chosen !== undefined && !chosen.includes(name));
  test.skipIf(skip)(`benchmark: ${name}`, { timeout: 21_600_000 }, async () => {
    const started = performance.now();
    const at = commit();
    await network(name !== "size");
    if (name !== "size") await measureFloor();
    const out = (await body()) ?? {};
    savePart(name, started, at, out.lines, out.extra);
  });
}

/*
 * The whole benchmark: seven parts, each on a network of its own, so that a
 * row measures its operation on chains and stores that hold what its own
 * part wrote, not everything before it (in one network, 2026-12-07, the
 * defaults outgrew six hours: 92 minutes to reach the reads' set-up, the
 * claims alone 40, each reading back through every acceptance before it).
 * How the costs grow with a chain (`BENCH_ONLY=custody`) and with a burst
 * of items of the same age (`BENCH_ONLY=once`) have modes of their own.
 */

/**
 * `writes`: the floor's visibility (one entry, and four in one call); the
 * profile, specification and resource writes with the visibility of the
 * last two; Bob's N approvals of N resources Alice created before them,
 * Alice's N validation flips, the receipt exchange after an approval;
 * N Use events on one resource and N Raise on another; N-2 custody moves.
 */
part("writes", async () => {
  // The network's warm-up (storage arcs start empty and grow with the first gossip rounds) is not visibility.
  const first = await note(floorA, "first");
  await eventually("the floor's first note to reach the other conductor", () => getNote(floorB, first), 120_000);
  await visibility("visibility, floor: create_note → get_note on the other conductor", (i) => note(floorA, `seen ${i}`), (h) => getNote(floorB, h));
  // Several actions in one call, as every nondominium write has: the floor of a multi-action write's visibility.
  await visibility(
    "visibility, floor: create_notes (4 entries in one call) → get_note on the other conductor",
    (i) => floorA.appWs.callZome({ role_name: "floor", zome_name: "bench_floor", fn_name: "create_notes", payload: { text: `many ${i}`, count: 4 } }) as Promise<Uint8Array>,
    (h) => getNote(floorB, h),
  );
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  let profile = (await alice.client.person.getMyProfile())!;
  await measure("update_profile", N, async (i) => {
    profile = await alice.client.person.updateProfile({ previous_profile_hash: profile.actionHash, name: `Alice ${i}`, avatar_url: null });
  }, "≤ 2×");
  await measure("create_resource_spec", N, (i) => alice.client.resource.createResourceSpec(sampleSpec({ name: `Spec ${i}` })), "≤ 2×");
  // A specification by a progenitor validates without fetching anything: the network part of visibility.
  await visibility(
    "visibility: create_resource_spec → get_resource_spec on the other conductor",
    async (i) => (await alice.client.resource.createResourceSpec(sampleSpec({ name: `Seen ${i}` }))).actionHash,
    (h) => bob.client.resource.getResourceSpec(h),
  );
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Benched drill", governance_rules: [majorityOf([bob])] }))).actionHash;
  const resources: Uint8Array[] = [];
  await measure("create_economic_resource", N, async () => {
    resources.push((await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash);
  }, "≤ 2×");
  await visibility(
    "visibility: create_economic_resource → get_economic_resource on the other conductor",
    async () => (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash,
    (h) => bob.client.resource.getEconomicResource(h),
  );
  await bobReadsEach(resources);
  await measure("validate_new_resource", N, (i) =>
    bob.client.governance.validateNewResource({ resource_hash: resources[i], approved: true, notes: null }),
  "≤ 2×");
  await eventually(
    "Alice to see the last approval",
    async () => (await alice.client.governance.checkValidationStatus(resources[N - 1])).status === "approved",
    120_000,
  );
  await measure("confirm_resource_validation", N, (i) => alice.client.resource.confirmResourceValidation(resources[i]), "≤ 4×");

  // Participation receipts: from Bob's approval to Alice's receipt of it, signed by both. Bob's conductor
  // issues the pair after the approval commits (asks Alice's conductor for a signing grant and her signature,
  // which writes her receipt), so this is the latency of the whole exchange, in the background of the call.
  const forReceipts = await resourcesToApprove(spec);
  await visibility(
    "receipts: validate_new_resource → the creator's receipt, signed by both",
    async (i) => (await bob.client.governance.validateNewResource({ resource_hash: forReceipts[i], approved: true, notes: null })).actionHash,
    async (h) => (await alice.client.governance.getMyParticipationClaims()).some((r) => sameBytes(r.claim.terms.about, h)),
    "(background)",
  );
  await measure("record_event (Use)", N, () => alice.client.resource.recordEvent({ resource_hash: resources[0], action: "Use" }), "≤ 4×");
  await measure("record_event (Raise)", N, () =>
    alice.client.resource.recordEvent({ resource_hash: resources[1], action: "Raise", resource_quantity: 1 }),
  "≤ 4×");
  await measure("transfer_custody", N - 2, (i) =>
    alice.client.resource.transferCustody({ resource_hash: resources[i + 2], new_custodian: bob.pubKey }),
  "≤ 4×");
});

/**
 * `commitments`: on N resources Bob holds (set up untimed), each request
 * as people make them: Alice proposes a Use of it (timed), Bob reads it
 * (untimed), accepts it (timed) and fulfils it (`claim_commitment`, which
 * records the Use: timed). Accepting every request before claiming any is
 * the burst of `BENCH_ONLY=once`.
 */
part("commitments", async () => {
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Lent drill", governance_rules: [majorityOf([bob])] }))).actionHash;
  const held = await heldByBob(spec, N);
  const dueDate = (Date.now() + 86_400_000) * 1000;
  const propose: number[] = [];
  const accept: number[] = [];
  const claim: number[] = [];
  /** Calls run again in each row (`NondominiumClient.onRetry`). */
  const again = { propose: 0, accept: 0, claim: 0 };
  /** The time of `call`, adding the calls it ran again to `again[key]`. */
  const timedCounting = async (key: keyof typeof again, call: () => Promise<unknown>) => {
    const before = retries;
    const ms = await timed(call);
    again[key] += retries - before;
    return ms;
  };
  for (const resource of held) {
    let commitment: Uint8Array | undefined;
    propose.push(await timedCounting("propose", async () => {
      commitment = (
        await alice.client.governance.proposeCommitment({
          action: "Use",
          provider: bob.pubKey,
          receiver: alice.pubKey,
          resource_inventoried_as: resource,
          resource_quantity: 0,
          due_date: dueDate,
        })
      ).actionHash;
    }));
    await eventually("Bob to see the request", () => bob.client.governance.getCommitment(commitment!), 120_000);
    accept.push(await timedCounting("accept", () => bob.client.governance.acceptCommitment({ commitment_hash: commitment! })));
    claim.push(await timedCounting("claim", () => bob.client.governance.claimCommitment({ commitment_hash: commitment! })));
  }
  row("propose_commitment", propose, "≤ 2×", again.propose);
  row("accept_commitment (each request once Bob reads it)", accept, "≤ 2×", again.accept);
  row("claim_commitment (right after its acceptance: the Use event and its revision)", claim, "≤ 4×", again.claim);
});

part("reads", partReads);

/**
 * `events`: the event families the other parts leave out (`eventFamilies`),
 * N each, on two validated resources of Alice's.
 */
part("events", async () => {
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Shelved", governance_rules: [majorityOf([bob])] }))).actionHash;
  const [a, b] = await validatedResources(spec, 2);
  await eventFamilies(a, b);
});

/**
 * `processes`: Bob, granted Transport by Alice, moves each of N resources
 * he holds in a process of its own: the start (the process, its links, the
 * pickup and its revision) and the completion (the dropoff, its revision,
 * the Completed revision of the process), each timed.
 */
part("processes", async () => {
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Moved", governance_rules: [majorityOf([bob])] }))).actionHash;
  const held = await heldByBob(spec, N);
  await alice.client.person.assignRole({ agent: bob.pubKey, role_name: "Transport" });
  await eventually("Bob to hold Transport", async () => (await bob.client.resource.getProcessRequirements("Transport")).can_start, 120_000);
  const processes: Uint8Array[] = [];
  await measure("initiate_economic_process (Transport)", held.length, async (i) => {
    processes.push((await bob.client.resource.initiateEconomicProcess({ process_type: "Transport", name: `Move ${i}`, resource_hashes: [held[i]] })).original_hash);
  }, "≤ 4×");
  await measure("complete_economic_process (Transport)", processes.length, (i) =>
    bob.client.resource.completeEconomicProcess({ process_hash: processes[i], to_location: "Depot" }),
  "≤ 4×");
});

/**
 * `rights and end of life`: on N resources Bob holds and Alice has the
 * rights to, of a specification with `endOfLifeRule` (set up untimed), the
 * rights transfer and the end-of-life steps (`rightsAndEndOfLife`).
 */
part("rights and end of life", async () => {
  await alice.client.person.createProfile({ name: "Alice" });
  await bob.client.person.createProfile({ name: "Bob" });
  await carol.client.person.createProfile({ name: "Carol" });
  const spec = (await alice.client.resource.createResourceSpec(sampleSpec({ name: "Retired", governance_rules: [majorityOf([bob]), endOfLifeRule] })))
    .actionHash;
  await rightsAndEndOfLife(await heldByBob(spec, N));
});

/**
 * `size`: each production zome's wasm size, the hApp's install time on a
 * fresh conductor (one install each), and the last suite's wall time (from
 * `tests/.vitest-report.json`, with which run that was).
 */
part("size", async () => {
  const installs = await sizesAndInstalls(1);
  const report = join(root, "tests", ".vitest-report.json");
  let suiteSeconds: number | null = null;
  // Which run that was: a run of one file writes the same report, so its size and date are printed with it.
  let suiteRun = "no report";
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as { startTime: number; numTotalTests: number; testResults: { endTime: number }[] };
    const end = Math.max(...r.testResults.map((t) => t.endTime));
    suiteSeconds = Math.round((end - r.startTime) / 1000);
    suiteRun = `${r.numTotalTests} tests in ${r.testResults.length} files, started ${new Date(r.startTime).toISOString()}`;
  }
  return {
    lines: [...sizeLines(installs), `last suite wall time: ${suiteSeconds ?? "?"} s (${suiteRun}; target ≤ 480 s for the whole suite)`],
    extra: {
      wasmBytes: installs.sizes,
      wasmTotalMB: Object.values(installs.sizes).reduce((a, b) => a + b, 0) / 1e6,
      installMs: { nondominium: installs.installNondominium, floor: installs.installFloor, nondominiumSeeded: installs.installSeeded },
      enableToFirstCallMs: { nondominium: installs.enableNondominium, floor: installs.enableFloor },
      lastSuiteSeconds: suiteSeconds,
    },
  };
});
