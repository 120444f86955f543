/**
 * Crash durability (issue 16, "Reliability and security, measured"): the
 * conductor of Alice and Carol is killed with SIGKILL in the middle of a
 * stream of their writes, restarted on the same data directory, and must
 * still hold every write whose call returned success, with nothing
 * half-written; Bob, on a second conductor, must converge on the same state.
 *
 * How: two lanes of writes run at once through the typed client, so calls
 * are in flight when the kill lands — Alice records Use and Raise events on
 * one Validated resource (each call writes an event and the revision citing
 * it) with a profile update every third write; Carol, on the same conductor,
 * creates resources (each with its index links). When the acknowledged count
 * reaches 5, then 15, then 30, the `holochain` process Tryorama spawned (its
 * `conductorProcess`) gets SIGKILL; the calls in flight fail; Tryorama's
 * `startUp()` starts a new process on the same `conductor-config.yaml` and
 * data; a new app interface and tokens reconnect both clients. After each
 * restart, from the restarted conductor's agents:
 * - every acknowledged resource, event, revision and profile update is found
 *   (lost = 0), and is in the restarted conductor's own store with status
 *   Valid (read through the test-only `direct_write` zome, so a copy Bob
 *   serves cannot hide a local loss);
 * - the resource's history is one linear chain: each event starts from the
 *   revision before the one it produced, each revision cites an event that
 *   is there, and the quantity is 1 + the Raises in the history — a revision
 *   without its event, or an event without its revision, would break it;
 * - every resource the specification's index lists is readable (no index
 *   link without its resource); Alice's profile name is the last
 *   acknowledged one or one sent later (a call that committed before its
 *   answer was lost);
 * and Bob reads the same history, resources and name (polled, timed).
 * Prints one line `durability: …` with the figures.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import type { ChildProcess } from "node:child_process";
import { encodeHashToBase64 } from "@holochain/client";
import { NondominiumClient } from "@nondominium/client";
import { addAgents, type Agent, approveResource, DirectWrite, eventually, majorityOf, sameBytes, sampleSpec } from "../src/common.js";

/** Acknowledged writes (cumulative) at which the conductor is killed. */
const KILL_AT = [5, 15, 30];
const b64 = (h: Uint8Array) => encodeHashToBase64(h);

describe("crash durability: SIGKILL in the middle of a stream of writes", () => {
  const scenario = new Scenario();
  /** Alice and Carol share the conductor that is killed; Bob, on another, is the peer (and the validator). */
  let alice: Agent;
  let carol: Agent;
  let bob: Agent;
  let spec: Uint8Array;
  /** The resource lane 1 records events on, and its Validated revision (the first event starts from it). */
  let tool: Uint8Array;
  let validated: Uint8Array;
  afterAll(() => scenario.cleanUp());

  beforeAll(async () => {
    // The test hApp: its `direct_write` zome reads what the restarted conductor holds in its own store.
    [alice, carol, bob] = await addAgents(scenario, [2, 1], [0, 2]);
    await alice.client.person.createProfile({ name: "Alice 0", avatar_url: null });
    const base = sampleSpec();
    spec = (await alice.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, majorityOf([bob])] })).actionHash;
    tool = (await alice.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" })).actionHash;
    validated = (await approveResource(alice, [bob], tool)).actionHash;
  });

  // Acknowledged writes.
  const ackedResources: Uint8Array[] = [];
  const ackedEvents: { event: Uint8Array; revision: Uint8Array; action: string }[] = [];
  /** Profile names in the order they were sent; the index of the last acknowledged one. */
  const sentNames: string[] = ["Alice 0"];
  let lastAckedName = 0;
  /** Acknowledged profile updates. */
  let countNames = 0;
  const ackedProfiles: Uint8Array[] = [];
  const acked = () => ackedResources.length + ackedEvents.length + countNames;
  const figures: { at: number; acked: number; inFlight: number; failedInFlight: number; restartMs: number; convergeMs: number; found: number; extra: number }[] = [];
  const conflicts: string[] = [];

  /** Kills Alice's conductor process with SIGKILL and waits until it is gone. */
  async function killAlice(): Promise<void> {
    const conductor = alice.player.conductor as unknown as { conductorProcess?: ChildProcess; _adminWs?: unknown; _appWs?: unknown };
    const proc = conductor.conductorProcess;
    if (!proc?.pid) throw new Error("Tryorama's conductor has no process to kill");
    const gone = new Promise((resolve) => proc.once("exit", resolve));
    process.kill(proc.pid, "SIGKILL");
    await gone;
    expect(() => process.kill(proc.pid!, 0), "the killed conductor process is gone").toThrow();
    // What Tryorama's shutDown would reset: the process and its connections.
    proc.removeAllListeners();
    proc.stdout?.removeAllListeners();
    proc.stderr?.removeAllListeners();
    conductor.conductorProcess = undefined;
    conductor._adminWs = undefined;
    conductor._appWs = undefined;
  }

  /** Restarts Alice's conductor on the same data and reconnects her and Carol's clients; returns the time to Alice's first answered call. */
  async function restartAlice(): Promise<number> {
    const started = Date.now();
    const conductor = alice.player.conductor;
    await conductor.startUp();
    const port = await conductor.attachAppInterface();
    const reconnect = async (who: Agent): Promise<Agent> => {
      const { token } = await conductor.adminWs().issueAppAuthenticationToken({ installed_app_id: who.player.appId });
      const appWs = await conductor.connectAppWs(token, port);
      return { player: { ...who.player, appWs }, client: new NondominiumClient(appWs), pubKey: who.pubKey };
    };
    alice = await reconnect(alice);
    await eventually("Alice's restarted conductor to answer", () => alice.client.person.getMyProfile(), 120_000);
    const restartMs = Date.now() - started;
    carol = await reconnect(carol);
    // Tell both conductors about each other's new addresses now rather than through the bootstrap server.
    await scenario.shareAllAgents();
    return restartMs;
  }

  /** Runs the two lanes until `target` writes are acknowledged, then kills the conductor with calls in flight. */
  async function streamAndKill(round: number, target: number) {
    let stop = false;
    let inFlight = 0;
    let failedInFlight = 0;
    let reached!: () => void;
    const targetReached = new Promise<void>((resolve) => (reached = resolve));
    const check = () => {
      if (acked() >= target) reached();
    };
    const run = async <T>(call: () => Promise<T>): Promise<T | null> => {
      inFlight++;
      try {
        return await call();
      } catch (e) {
        if (stop) {
          failedInFlight++;
          return null;
        }
        // Two lanes write to one chain: the client runs a call again when the head moved; more often than it retries is a conflict, not a loss.
        if (/source chain head has moved/.test(String(e))) {
          conflicts.push(String(e).slice(0, 200));
          return null;
        }
        throw e;
      } finally {
        inFlight--;
      }
    };
    // Alice: Use and Raise events on the tool, and every third write a profile update (one chain: one call at a time).
    const lane1 = (async () => {
      for (let i = 0; !stop; i++) {
        if (i % 3 === 2) {
          const index = sentNames.length;
          const name = `Alice ${index}`;
          sentNames.push(name);
          const previous = (await run(() => alice.client.person.getMyProfile()))?.actionHash;
          if (!previous || stop) continue;
          const r = await run(() => alice.client.person.updateProfile({ previous_profile_hash: previous, name, avatar_url: null }));
          if (r) {
            lastAckedName = Math.max(lastAckedName, index);
            countNames++;
            ackedProfiles.push(r.actionHash);
          }
        } else {
          const action = i % 3 === 0 ? ("Use" as const) : ("Raise" as const);
          const recorded = await run(() =>
            alice.client.resource.recordEvent({ resource_hash: tool, action, resource_quantity: action === "Raise" ? 1 : null, note: `round ${round} #${i}` }),
          );
          if (recorded) ackedEvents.push({ event: recorded.event_hash, revision: recorded.revision.actionHash, action });
        }
        check();
      }
    })();
    // Carol, on the same conductor: new resources of Alice's specification.
    const lane2 = (async () => {
      while (!stop) {
        const r = await run(() => carol.client.resource.createEconomicResource({ spec_hash: spec, quantity: 1, unit: "unit" }));
        if (r) ackedResources.push(r.actionHash);
        check();
      }
    })();
    const lanes = Promise.all([lane1, lane2]);
    await Promise.race([targetReached, lanes]);
    const inFlightAtKill = inFlight;
    stop = true;
    await killAlice();
    await lanes;
    return { inFlightAtKill, failedInFlight, ackedAtKill: acked() };
  }

  /** Alice's and Bob's checks after a restart; returns the time Bob took to read what Alice reads. */
  async function verify(): Promise<{ found: number; extra: number; convergeMs: number }> {
    // Alice, restarted: every acknowledged write is there.
    let found = 0;
    for (const id of ackedResources) {
      expect(await carol.client.resource.getEconomicResource(id), "an acknowledged resource after the restart").not.toBeNull();
      found++;
    }
    for (const e of ackedEvents) {
      expect(await alice.client.governance.getEconomicEvent(e.event), "an acknowledged event after the restart").not.toBeNull();
      found++;
    }
    const history = await alice.client.governance.getResourceHistory(tool);
    const revisions = history.map((h) => b64(h.revision_hash));
    for (const e of ackedEvents) expect(revisions, "an acknowledged revision in the history").toContain(b64(e.revision));
    // Linear, complete, consistent: each event starts from the revision before; each revision cites its event; quantity = 1 + Raises.
    let raises = 0;
    for (const [j, h] of history.entries()) {
      const from = j === 0 ? validated : history[j - 1].revision_hash;
      expect(sameBytes(h.event.resource_inventoried_as, from), `event ${j} starts from the revision before`).toBe(true);
      expect(sameBytes(h.resource_after.last_event!, h.event_hash)).toBe(true);
      if (h.event.action === "Raise") raises++;
      expect(h.resource_after.accounting_quantity).toBe(1 + raises);
    }
    const latest = await alice.client.resource.getEconomicResource(tool);
    expect(b64(latest!.latest.actionHash)).toBe(revisions.length ? revisions[revisions.length - 1] : b64(validated));
    // Every resource the specification's index lists is readable; the acknowledged ones are all listed.
    const listed = await alice.client.resource.getResourcesBySpec(spec);
    const listedIds = listed.map((r) => b64(r.original_hash));
    for (const id of ackedResources) expect(listedIds).toContain(b64(id));
    for (const r of listed) expect(await alice.client.resource.getEconomicResource(r.original_hash)).not.toBeNull();
    // Each update names the one before (sent one at a time): the last acknowledged name or a later one means none is lost.
    const name = (await alice.client.person.getMyProfile())!.entry.name;
    expect(sentNames.indexOf(name), `profile name ${name} is the last acknowledged one or later`).toBeGreaterThanOrEqual(lastAckedName);
    found += countNames;
    // Each acknowledged action is in the restarted conductor's own store, and Valid there (not merely served by Bob).
    const own = [
      ...ackedResources.map((h) => [carol, h] as const),
      ...ackedEvents.flatMap((e) => [[alice, e.event] as const, [alice, e.revision] as const]),
      ...ackedProfiles.map((h) => [alice, h] as const),
    ];
    for (const [who, hash] of own) {
      const dw = new DirectWrite(who.player);
      await eventually(
        `an acknowledged action to be Valid in the restarted conductor's own store`,
        async () => {
          const view = await dw.localView(hash);
          return view.found_locally && view.local_validation_status === "Valid";
        },
        60_000,
      );
    }
    // Committed but not acknowledged (the answer was lost with the process): revisions and resources beyond the acknowledged.
    const extra = history.length - ackedEvents.length + (listed.length - 1 - ackedResources.length);

    // Bob converges on Alice's state.
    const started = Date.now();
    await eventually(
      "Bob to read Alice's state",
      async () => {
        const h = await bob.client.governance.getResourceHistory(tool);
        if (JSON.stringify(h.map((x) => b64(x.revision_hash))) !== JSON.stringify(revisions)) return false;
        const l = (await bob.client.resource.getResourcesBySpec(spec)).map((r) => b64(r.original_hash)).sort();
        if (JSON.stringify(l) !== JSON.stringify([...listedIds].sort())) return false;
        return (await bob.client.person.getAgentProfile(alice.pubKey))?.entry.name === name;
      },
      180_000,
    );
    return { found, extra, convergeMs: Date.now() - started };
  }

  for (const [round, target] of KILL_AT.entries()) {
    test(`killed after ${target} acknowledged writes, restarted: nothing acknowledged lost, nothing half-written, Bob converges`, async () => {
      const { inFlightAtKill, failedInFlight, ackedAtKill } = await streamAndKill(round, target);
      expect(ackedAtKill).toBeGreaterThanOrEqual(target);
      const restartMs = await restartAlice();
      const { found, extra, convergeMs } = await verify();
      expect(found).toBe(acked());
      figures.push({ at: target, acked: acked(), inFlight: inFlightAtKill, failedInFlight, restartMs, convergeMs, found, extra });
    }, 600_000);
  }

  test("after the last restart Alice writes on: her chain continues from what survived", async () => {
    const recorded = await alice.client.resource.recordEvent({ resource_hash: tool, action: "Use", note: "after the crashes" });
    const history = await alice.client.governance.getResourceHistory(tool);
    expect(b64(history[history.length - 1].revision_hash)).toBe(b64(recorded.revision.actionHash));
    const rounds = figures
      .map(
        (f) =>
          `kill at ${f.at}: acknowledged ${f.acked}, found ${f.found}, lost ${f.acked - f.found}, in flight ${f.inFlight} (failed ${f.failedInFlight}, committed without an answer so far ${f.extra}), restart ${(f.restartMs / 1000).toFixed(1)} s, Bob converged ${(f.convergeMs / 1000).toFixed(1)} s`,
      )
      .join("; ");
    console.log(`durability: ${rounds}; head-moved conflicts ${conflicts.length}`);
  }, 120_000);
});
