/**
 * Concurrency (issue 16, "Reliability and security, measured"): ten agents on
 * three conductors (4 + 3 + 3; five progenitors, i.e. Accountable Agents,
 * spread over the three) each run `CONCURRENCY_OPS` (default 50) writes through the typed
 * client, all agents at once: profile creation and updates, specifications
 * (progenitors only; every other one validated by a simple majority of three
 * other progenitors, the others by 1 of the four others), resources, approvals by the
 * specification's validators, validation flips, custody transfers, Use and
 * Move events, and commitments proposed by a receiver, accepted and claimed
 * by the holder. An agent acts on what its own conductor shows (it polls its
 * view before acting, as a person would look), waits for the others' writes
 * when it has nothing to do yet, and makes a profile update otherwise; a
 * holder does not give away a resource it has a commitment on, but a
 * proposal can still arrive while the holder is handing it on.
 * Agents pick with a seeded PRNG (`CONCURRENCY_SEED`, default 16), but the
 * interleaving is the machine's: each run is a different schedule.
 *
 * The test process keeps a ledger of every call that returned success (the
 * revision each write returned and the revision it updates). Afterwards it
 * proves, from every agent's own view:
 * - convergence: every agent reads the same latest revision and custodian of
 *   every resource as the ledger (polled with a deadline, timed);
 * - nothing acknowledged is missing: each agent's `get_resource_history` of
 *   each resource lists exactly the acknowledged event revisions, in order;
 *   each agent reads every specification and every acknowledged approval;
 *   both parties read each commitment with its acknowledged status; every
 *   agent reads each profile with its last acknowledged name;
 * - no revision is superseded twice: the acknowledged updates name distinct
 *   previous revisions, each the last acknowledged one, and each history is
 *   one linear chain (each event starts from the revision right before the
 *   one it produced).
 * Refusals are counted and classified; only the one a zome rule prescribes
 * for a race is allowed (a claim of a resource its provider handed on since
 * the proposal: "must be the custodian"); any other refusal fails the test.
 * A call whose chain head moved on all of the client's four attempts (it
 * wrote nothing: the approvals read back are exactly the acknowledged ones)
 * is made again by the agent, at most twice, and counted apart.
 *
 * Run alone: `CONCURRENCY_OPS=10 npx vitest run --config vitest.security.config.ts security/concurrency.test.ts`
 * (a run of fewer than 30 writes per agent does not check that every kind of
 * write happened). Prints one line `concurrency: …` with the figures.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import { addAgents, type Agent, eventually, HAPP_PATH, majorityOf, sameBytes, sampleSpec } from "../src/common.js";

const OPS = Number(process.env.CONCURRENCY_OPS ?? 50);
const SEED = Number(process.env.CONCURRENCY_SEED ?? 16);
/** Per-conductor agent counts, and the progenitors (one per conductor). */
const LAYOUT = [4, 3, 3];
const PROGENITORS = [0, 1, 4, 5, 7];
const SPECS_PER_PROGENITOR = 1;
const RESOURCES_PER_AGENT = 3;
const DAY_US = 86_400_000_000;
/** How long an agent waits for its own conductor to show what it is about to act on. */
const VISIBILITY_MS = 15_000;
/** How long an agent with nothing to do waits for another agent's write. */
const IDLE_MS = 10_000;
/** The share of writes that are profile updates. */
const PROFILE_SHARE = 0.15;

const b64 = (h: Uint8Array) => encodeHashToBase64(h);
/** The revision an update names as its original (`original_action_address`), or null for a create. */
const previousOf = (record: { signed_action: { hashed: { content: unknown } } }): Uint8Array | null =>
  ((record.signed_action.hashed.content as { original_action_address?: Uint8Array }).original_action_address ?? null);

/** A deterministic PRNG (mulberry32), one stream per agent. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spec {
  hash: Uint8Array;
  author: number;
  /** Its validators (agent indexes: progenitors other than the author). */
  validators: number[];
  /** Approvals its validation scheme needs: 2 (simple majority of three) or 1 (1 of four). */
  required: number;
}
interface Res {
  id: Uint8Array;
  spec: Uint8Array;
  creator: number;
  custodian: number;
  rightsHolder: number;
  required: number;
  validators: number[];
  status: "pending" | "validated";
  approvedBy: Set<number>;
  /** The acknowledged approval receipts. */
  approvals: Uint8Array[];
  /** Every acknowledged revision, in order (the create first). */
  revisions: Uint8Array[];
  /** The acknowledged revisions that cite an event, in order. */
  eventRevisions: Uint8Array[];
  /** A commitment on it not yet claimed or refused. */
  openCommitment: boolean;
}
interface Com {
  hash: Uint8Array;
  resource: Res;
  provider: number;
  receiver: number;
  status: "proposed" | "accepted" | "claimed" | "refused";
}
type Kind = "createProfile" | "updateProfile" | "spec" | "resource" | "approve" | "confirm" | "transfer" | "use" | "move" | "propose" | "accept" | "claim";

describe("concurrency: ten agents on three conductors writing at once", () => {
  const scenario = new Scenario();
  let agents: Agent[];
  afterAll(() => scenario.cleanUp());

  beforeAll(async () => {
    agents = await addAgents(scenario, LAYOUT, PROGENITORS, HAPP_PATH);
  });

  // The ledger: what the calls that returned success wrote.
  const specs: Spec[] = [];
  const resources: Res[] = [];
  const commitments: Com[] = [];
  const profiles = new Map<number, { hash: Uint8Array; name: string }>();
  /** previous revision (base64) -> the acknowledged revisions that update it. */
  const successors = new Map<string, string[]>();
  const counts = { attempted: 0, succeeded: 0, refused: 0 };
  const byKind = new Map<string, { attempted: number; succeeded: number; refused: number }>();
  const refusals = new Map<string, number>();
  const unexpected: string[] = [];
  /** Calls the agent made again after the client's own retries on a moved chain head ran out. */
  let conflicts = 0;

  function ack(res: Res, record: { actionHash: Uint8Array; record: { signed_action: { hashed: { content: unknown } } } }, withEvent: boolean) {
    const previous = previousOf(record.record);
    expect(previous, "an acknowledged revision updates the previous one").not.toBeNull();
    expect(sameBytes(previous!, res.revisions[res.revisions.length - 1]), "an acknowledged revision updates the last acknowledged one").toBe(true);
    const list = successors.get(b64(previous!)) ?? [];
    list.push(b64(record.actionHash));
    successors.set(b64(previous!), list);
    res.revisions.push(record.actionHash);
    if (withEvent) res.eventRevisions.push(record.actionHash);
  }

  /** Runs one write, counting it; `expected` classifies a refusal the rules prescribe (null: none allowed). */
  async function attempt(kind: Kind, who: number, call: () => Promise<void>, expected: RegExp | null = null, expectedClass = "") {
    counts.attempted++;
    const k = byKind.get(kind) ?? { attempted: 0, succeeded: 0, refused: 0 };
    byKind.set(kind, k);
    k.attempted++;
    try {
      // The client runs a call again when the agent's chain head moved (up to
      // 4 times; such a call writes nothing). A background write of the same
      // agent (the participation-receipt exchange after an approval or a
      // claim) can win all four; the agent then clicks again, counted apart.
      for (let again = 0; ; again++) {
        try {
          await call();
          break;
        } catch (e) {
          if (again >= 2 || !/source chain head has moved/.test(String(e))) throw e;
          conflicts++;
        }
      }
      ledgerVersion++;
      counts.succeeded++;
      k.succeeded++;
    } catch (e) {
      counts.refused++;
      k.refused++;
      const message = String(e);
      if (expected && expected.test(message)) {
        refusals.set(expectedClass, (refusals.get(expectedClass) ?? 0) + 1);
      } else {
        unexpected.push(`agent ${who} ${kind}: ${message.slice(0, 400)}`);
        refusals.set(`unexpected ${kind}`, (refusals.get(`unexpected ${kind}`) ?? 0) + 1);
      }
    }
  }

  /**
   * Whether `check` holds within `VISIBILITY_MS`, polled: an agent acts on
   * what its own conductor shows, as a person would, and does something
   * else when it does not show yet.
   */
  async function sees(check: () => Promise<unknown>): Promise<boolean> {
    try {
      await eventually("the agent's own view", async () => !!(await check()), VISIBILITY_MS);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether agent `who` reads itself as the custodian of the latest acknowledged revision of `res`. */
  function seesItselfHolding(who: number, res: Res): Promise<boolean> {
    return sees(async () => {
      const seen = await agents[who].client.resource.getEconomicResource(res.id);
      return !!seen && sameBytes(seen.latest.actionHash, res.revisions[res.revisions.length - 1]) && sameBytes(seen.latest.entry.custodian, agents[who].pubKey);
    });
  }

  /** Bumped by every acknowledged write: an agent with nothing to do waits for it to change. */
  let ledgerVersion = 0;
  /** Agents done with their writes. */
  let finished = 0;

  /** Whether the ledger offers agent `who` something useful to do (before looking at its own view). */
  function hasWork(who: number): boolean {
    const mine = (c: Com) => c.provider === who && (c.status === "proposed" || c.status === "accepted");
    return (
      (PROGENITORS.includes(who) && specs.filter((s) => s.author === who).length < SPECS_PER_PROGENITOR) ||
      resources.some((r) => r.status === "pending" && r.validators.includes(who) && r.creator !== who && !r.approvedBy.has(who)) ||
      resources.some((r) => r.status === "pending" && r.creator === who && r.approvedBy.size >= r.required) ||
      commitments.some(mine) ||
      (specs.length > 0 && resources.filter((r) => r.creator === who).length < RESOURCES_PER_AGENT) ||
      resources.some((r) => r.status === "validated" && r.custodian === who)
    );
  }

  /**
   * Runs agent `who`'s `k`-th write: its profile first; then, one time in
   * `PROFILE_SHARE`, a profile update; otherwise something useful (`useful`),
   * waiting for the others' writes when there is nothing to do yet; a profile
   * update when there still is not.
   */
  async function step(who: number, k: number, rand: () => number) {
    const me = agents[who];
    if (!profiles.has(who)) {
      const name = `Agent ${who}`;
      return attempt("createProfile", who, async () => {
        const r = await me.client.person.createProfile({ name, avatar_url: null });
        profiles.set(who, { hash: r.actionHash, name });
      });
    }
    if (rand() >= PROFILE_SHARE) {
      for (let tries = 0; tries < 3; tries++) {
        const version = ledgerVersion;
        if (await useful(who, k, rand)) return;
        try {
          // Only while every agent is still writing: once one is done, what it would have done will not come.
          if (finished > 0) break;
          await eventually("another agent's write giving this one something to do", async () => ledgerVersion !== version && hasWork(who), IDLE_MS);
        } catch {
          // Nothing happened: a profile update below.
        }
      }
    }
    const name = `Agent ${who} v${k}`;
    const previous = profiles.get(who)!;
    return attempt("updateProfile", who, async () => {
      const r = await me.client.person.updateProfile({ previous_profile_hash: previous.hash, name, avatar_url: null });
      profiles.set(who, { hash: r.actionHash, name });
    });
  }

  /** Attempts one useful write of agent `who` (a duty or an initiative the ledger and its own view allow); false when there is none. */
  async function useful(who: number, k: number, rand: () => number): Promise<boolean> {
    const me = agents[who];
    const isProgenitor = PROGENITORS.includes(who);
    const others = agents.map((_, i) => i).filter((i) => i !== who);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

    if (isProgenitor && specs.filter((s) => s.author === who).length < SPECS_PER_PROGENITOR && rand() < 0.5) {
      await attempt("spec", who, async () => {
        const base = sampleSpec({ name: `Tool ${who}.${k}` });
        // Validated by a simple majority of three other progenitors, or (every other specification) by 1 of the four others.
        const required = specs.length % 2 === 0 ? 2 : 1;
        const validators = PROGENITORS.filter((i) => i !== who).slice(0, required === 2 ? 3 : 4);
        const keys = validators.map((i) => agents[i]);
        const scheme =
          required === 2
            ? majorityOf(keys)
            : {
                rule_type: "validation_scheme" as const,
                rule_data: JSON.stringify({ scheme: "n_of_m", n: 1, m: keys.length, validators: keys.map((v) => encodeHashToBase64(v.pubKey)) }),
                enforced_by: null,
              };
        const r = await me.client.resource.createResourceSpec({ ...base, governance_rules: [...base.governance_rules!, scheme] });
        specs.push({ hash: r.actionHash, author: who, required, validators });
      });
      return true;
    }

    // Duties first, most of the time: approvals, validation flips, accepting and claiming commitments.
    const duties: (() => Promise<boolean>)[] = [];
    if (isProgenitor) {
      const toApprove = resources.filter((r) => r.status === "pending" && r.validators.includes(who) && r.creator !== who && !r.approvedBy.has(who));
      if (toApprove.length) {
        const res = pick(toApprove);
        duties.push(async () => {
          // The validator must see the resource and its specification first.
          if (!(await sees(async () => (await me.client.resource.getEconomicResource(res.id)) && (await me.client.resource.getResourceSpec(res.spec))))) return false;
          await attempt("approve", who, async () => {
            const receipt = await me.client.governance.validateNewResource({ resource_hash: res.id, approved: true, notes: null });
            res.approvedBy.add(who);
            res.approvals.push(receipt.actionHash);
          });
          return true;
        });
      }
    }
    const toConfirm = resources.filter((r) => r.status === "pending" && r.creator === who && r.approvedBy.size >= r.required);
    if (toConfirm.length) {
      const res = pick(toConfirm);
      duties.push(async () => {
        if (!(await sees(async () => (await me.client.governance.checkValidationStatus(res.id)).status === "approved"))) return false;
        await attempt("confirm", who, async () => {
          const r = await me.client.resource.confirmResourceValidation(res.id);
          ack(res, r, false);
          res.status = "validated";
        });
        return true;
      });
    }
    const toAccept = commitments.filter((c) => c.provider === who && c.status === "proposed");
    if (toAccept.length) {
      const com = pick(toAccept);
      duties.push(async () => {
        if (!(await sees(() => me.client.governance.getCommitment(com.hash)))) return false;
        await attempt("accept", who, async () => {
          await me.client.governance.acceptCommitment({ commitment_hash: com.hash });
          com.status = "accepted";
        });
        return true;
      });
    }
    const toClaim = commitments.filter((c) => c.provider === who && c.status === "accepted");
    if (toClaim.length) {
      const com = pick(toClaim);
      duties.push(async () => {
        const stillHolds = com.resource.custodian === who;
        if (stillHolds && !(await seesItselfHolding(who, com.resource))) return false;
        // A claim of a resource handed on since the proposal is refused by the custodian rule.
        await attempt(
          "claim",
          who,
          async () => {
            const r = await me.client.governance.claimCommitment({ commitment_hash: com.hash });
            ack(com.resource, r.revision, true);
            com.resource.custodian = com.receiver;
            com.status = "claimed";
            com.resource.openCommitment = false;
          },
          stillHolds ? null : /must be the custodian/,
          "claim of a resource already handed on",
        );
        if (com.status !== "claimed") {
          com.status = "refused";
          com.resource.openCommitment = false;
        }
        return true;
      });
    }
    if (duties.length && rand() < 0.8) {
      for (const duty of duties) if (await duty()) return true;
    }

    // Initiatives.
    const held = resources.filter((r) => r.status === "validated" && r.custodian === who);
    /** What it holds and has not promised (a person keeps a resource they committed to hand over). */
    const free = held.filter((r) => !commitments.some((c) => c.resource === r && c.provider === who && (c.status === "proposed" || c.status === "accepted")));
    const created = resources.filter((r) => r.creator === who).length;
    const initiatives: (() => Promise<boolean>)[] = [];
    if (specs.length && created < RESOURCES_PER_AGENT) {
      initiatives.push(async () => {
        const spec = pick(specs);
        // A resource cites its specification, which the creator's conductor must hold (else DepMissingFromDht).
        if (!(await sees(() => me.client.resource.getResourceSpec(spec.hash)))) return false;
        await attempt("resource", who, async () => {
          const r = await me.client.resource.createEconomicResource({ spec_hash: spec.hash, quantity: 1, unit: "unit" });
          resources.push({
            id: r.actionHash,
            spec: spec.hash,
            required: spec.required,
            validators: spec.validators,
            creator: who,
            custodian: who,
            rightsHolder: who,
            status: "pending",
            approvedBy: new Set(),
            approvals: [],
            revisions: [r.actionHash],
            eventRevisions: [],
            openCommitment: false,
          });
        });
        return true;
      });
    }
    if (free.length) {
      const res = pick(free);
      initiatives.push(async () => {
        if (!(await seesItselfHolding(who, res))) return false;
        const to = pick(others);
        await attempt("transfer", who, async () => {
          const r = await me.client.resource.transferCustody({ resource_hash: res.id, new_custodian: agents[to].pubKey, note: `op ${k}` });
          ack(res, r, true);
          res.custodian = to;
        });
        return true;
      });
    }
    if (held.length) {
      const res = pick(held);
      initiatives.push(async () => {
        if (!(await seesItselfHolding(who, res))) return false;
        if (res.rightsHolder === who) {
          // Move touches rights and custody: only an agent holding both records it.
          await attempt("move", who, async () => {
            const r = await me.client.resource.recordEvent({ resource_hash: res.id, action: "Move", resource_quantity: 1, to_location: `Shelf ${k}` });
            ack(res, r.revision, true);
          });
        } else {
          await attempt("use", who, async () => {
            const r = await me.client.resource.recordEvent({ resource_hash: res.id, action: "Use", note: `op ${k}` });
            ack(res, r.revision, true);
          });
        }
        return true;
      });
    }
    // REQ-GOV-01: a receiver proposes only once it has created a resource.
    const proposable = resources.filter((r) => r.status === "validated" && r.custodian !== who && !r.openCommitment);
    if (created > 0 && proposable.length && !commitments.some((c) => c.receiver === who && (c.status === "proposed" || c.status === "accepted"))) {
      const res = pick(proposable);
      initiatives.push(async () => {
        // The proposer must see the resource first.
        if (!(await sees(() => me.client.resource.getEconomicResource(res.id)))) return false;
        const provider = res.custodian;
        if (res.openCommitment || provider === who) return false;
        res.openCommitment = true;
        await attempt("propose", who, async () => {
          const r = await me.client.governance.proposeCommitment({
            action: "TransferCustody",
            provider: agents[provider].pubKey,
            receiver: me.pubKey,
            resource_inventoried_as: res.id,
            resource_quantity: 1,
            due_date: Date.now() * 1000 + DAY_US,
            note: `op ${k}`,
          });
          commitments.push({ hash: r.actionHash, resource: res, provider, receiver: who, status: "proposed" });
        });
        if (!commitments.some((c) => c.resource === res && c.status === "proposed")) res.openCommitment = false;
        return true;
      });
    }
    // Shuffle the initiatives; the duties left, if none can be done.
    for (let i = initiatives.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [initiatives[i], initiatives[j]] = [initiatives[j], initiatives[i]];
    }
    for (const initiative of initiatives) if (await initiative()) return true;
    for (const duty of duties) if (await duty()) return true;
    return false;
  }

  let wallMs = 0;
  let convergeMs = 0;

  test(`each agent runs ${OPS} writes at once with the others`, async () => {
    const started = Date.now();
    await Promise.all(
      agents.map(async (_, who) => {
        const rand = prng(SEED * 1000 + who);
        for (let k = 0; k < OPS; k++) await step(who, k, rand);
        finished++;
      }),
    );
    wallMs = Date.now() - started;
    expect(counts.attempted).toBe(OPS * agents.length);
    expect(unexpected, `refusals no rule prescribes:\n${unexpected.join("\n")}`).toEqual([]);
    // The mix reached every kind of write (a run of 30 writes per agent or more does).
    if (OPS >= 30) {
      for (const kind of ["createProfile", "spec", "resource", "approve", "confirm", "transfer", "propose", "accept", "claim"]) {
        expect(byKind.get(kind)?.succeeded ?? 0, `succeeded ${kind}`).toBeGreaterThan(0);
      }
      expect((byKind.get("use")?.succeeded ?? 0) + (byKind.get("move")?.succeeded ?? 0)).toBeGreaterThan(0);
    }
  }, 3_600_000);

  test("no revision was superseded twice by acknowledged writes", () => {
    for (const [previous, next] of successors) expect(next, `successors of ${previous}`).toHaveLength(1);
  });

  test("every agent converges on the same latest revision of every resource", async () => {
    const started = Date.now();
    const latestOk = async (a: Agent) => {
      for (const spec of specs) {
        const seen = await a.client.resource.getResourcesBySpec(spec.hash);
        const mine = resources.filter((r) => sameBytes(r.spec, spec.hash));
        if (seen.length !== mine.length) return false;
        for (const res of mine) {
          const s = seen.find((x) => sameBytes(x.original_hash, res.id));
          if (!s || !sameBytes(s.latest.actionHash, res.revisions[res.revisions.length - 1])) return false;
          if (!sameBytes(s.latest.entry.custodian, agents[res.custodian].pubKey)) return false;
        }
      }
      return true;
    };
    await Promise.all(agents.map((a, i) => eventually(`agent ${i} to read every latest revision`, () => latestOk(a), 600_000)));
    convergeMs = Date.now() - started;
  }, 900_000);

  test("each agent's history of each resource is the acknowledged linear chain: nothing acknowledged missing, nothing extra", async () => {
    for (const [i, a] of agents.entries()) {
      for (const res of resources) {
        const history = await eventually(`agent ${i} to read the whole history`, async () => {
          const h = await a.client.governance.getResourceHistory(res.id);
          return h.length === res.eventRevisions.length ? h : null;
        }, 120_000);
        expect(history.map((h) => b64(h.revision_hash))).toEqual(res.eventRevisions.map(b64));
        // Linear: each event starts from the revision right before the one it produced.
        for (const [j, h] of history.entries()) {
          const at = res.revisions.findIndex((r) => sameBytes(r, h.revision_hash));
          expect(sameBytes(h.event.resource_inventoried_as, res.revisions[at - 1]), `event ${j} of a resource starts from the previous revision`).toBe(true);
          expect(sameBytes(h.resource_after.last_event!, h.event_hash)).toBe(true);
        }
      }
    }
  }, 1_800_000);

  test("each agent reads every specification, every approval, each commitment it is a party of with its acknowledged status, every profile's last name", async () => {
    const specIds = specs.map((x) => b64(x.hash)).sort();
    for (const [i, a] of agents.entries()) {
      await eventually(`agent ${i} to read every specification`, async () => {
        const seen = (await a.client.resource.getAllResourceSpecs()).map((x) => b64(x.actionHash)).sort();
        return JSON.stringify(seen) === JSON.stringify(specIds);
      }, 120_000);
      for (const res of resources) {
        if (!res.approvals.length) continue;
        await eventually(`agent ${i} to read every acknowledged approval`, async () => {
          // Exactly the acknowledged approvals: a call that failed wrote none.
          const seen = (await a.client.governance.getValidationHistory(res.id))
            .filter((x) => x.entry.validation_type === "resource_approval")
            .map((x) => b64(x.actionHash))
            .sort();
          return JSON.stringify(seen) === JSON.stringify(res.approvals.map(b64).sort());
        }, 120_000);
      }
    }
    for (const com of commitments) {
      const want = com.status === "refused" ? "accepted" : com.status;
      for (const who of [com.provider, com.receiver]) {
        await eventually(`agent ${who} to read a commitment as ${want}`, async () => (await agents[who].client.governance.getCommitment(com.hash))?.status === want, 120_000);
      }
    }
    const names = [...profiles.values()].map((p) => p.name).sort();
    for (const [i, a] of agents.entries()) {
      await eventually(`agent ${i} to read every profile's last name`, async () => {
        const seen = (await a.client.person.getAllProfiles()).map((p) => p.entry.name).sort();
        return JSON.stringify(seen) === JSON.stringify(names);
      }, 120_000);
    }
    const kinds = [...byKind.entries()].map(([k, v]) => `${k} ${v.succeeded}/${v.attempted}`).join(", ");
    const classes = [...refusals.entries()].map(([c, n]) => `${c}: ${n}`).join(", ") || "none";
    console.log(
      `concurrency: ${agents.length} agents on ${LAYOUT.length} conductors, ${OPS} writes each: attempted ${counts.attempted}, succeeded ${counts.succeeded}, refused ${counts.refused} (${classes}); ${conflicts} calls made again after the client's retries on a moved chain head ran out; wall ${(wallMs / 1000).toFixed(1)} s; converged ${(convergeMs / 1000).toFixed(1)} s after the last write; ${resources.length} resources, ${commitments.length} commitments; by kind: ${kinds}`,
    );
  }, 900_000);
});
