/**
 * The bridge against a real conductor (Tryorama, production hApp) and a real
 * redis-server (scripts/with-redis.sh): every endpoint's happy and error
 * path, the cache and its invalidation by another agent's signal, queued
 * writes (idempotency, a restart of the bridge, exactly once), signed
 * webhooks, 200 concurrent requests, and a conductor that goes away.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import { addAgents, eventually, HAPP_PATH, majorityOf, sampleSpec, type Agent } from "../../tests/src/common.js";
import type { BridgeConfig } from "../src/app.js";
import type { ConductorConfig } from "../src/conductor.js";
import { signedHeaders, signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../src/webhook.js";
import { bridgeConnection, http, REDIS_URL, settled, startBridge, webhookReceiver, type RunningBridge } from "./harness.js";

const SECRET = "test-secret-" + randomUUID();
const DAY_US = 24 * 3600 * 1_000_000;
const b64 = encodeHashToBase64;

describe("the REST bridge", () => {
  const scenario = new Scenario();
  let alice: Agent, bob: Agent;
  let connection: ConductorConfig;
  let bridge: RunningBridge;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let config: BridgeConfig;
  let base: string;
  let spec: string; // the specification Bob validates resources of
  let resource: string; // Alice's resource, created through the bridge

  beforeAll(async () => {
    // Alice (progenitor) is the bridge's agent; Bob, on another conductor, another member.
    // Both progenitors: Bob is an Accountable validator of Alice's resources (REQ-GOV-02).
    [alice, bob] = await addAgents(scenario, [1, 1], [0, 1], HAPP_PATH);
    connection = await bridgeConnection(alice);
    hook = await webhookReceiver(SECRET);
    config = {
      conductor: connection,
      redisUrl: REDIS_URL,
      prefix: `t${Date.now()}`,
      cacheTTL: 600, // longer than the test: only a signal can explain a fresh read
      writeBackoffMs: 200,
      webhook: { url: hook.url, secret: SECRET, entryTypes: [], backoffMs: 100 },
    };
    bridge = await startBridge(config);
    base = bridge.url;
  });
  afterAll(async () => {
    await bridge?.close();
    await hook?.close();
    await scenario.cleanUp();
  });

  test("the OpenAPI 3 document is generated from the client's schemas and served at /docs", async () => {
    const doc = await http(base, "GET", "/docs/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of ["/api/resources", "/api/resources/search", "/api/resources/{hash}", "/api/resources/{hash}/use", "/api/commitments", "/api/events/by-resource/{resource_hash}", "/api/events/by-resource/{resource_hash}/page", "/api/reputation/{agent_id}/summary", "/api/batch", "/api/jobs/{id}", "/health"]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    // CreateEconomicResourceInputSchema, as the client defines it: hashes are strings on the wire.
    const create = doc.body.paths["/api/resources"].post.requestBody.content["application/json"].schema;
    expect(create.required).toEqual(expect.arrayContaining(["spec_hash", "quantity", "unit"]));
    expect(create.properties.spec_hash.type).toBe("string");
    expect(create.properties.unit.minLength).toBe(1);
    const ui = await fetch(`${base}/docs`, { redirect: "follow" });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  test("a write is queued (202 + job id) and its outcome read at /api/jobs/:id; ?wait= answers with it", async () => {
    const queued = await http(base, "POST", "/api/specifications", sampleSpec({ name: "Bridge drill", governance_rules: [majorityOf([bob])] }));
    expect(queued.status).toBe(202);
    expect(queued.body.status_url).toBe(`/api/jobs/${queued.body.job_id}`);
    const job = await settled(base, queued.body.job_id);
    expect(job).toMatchObject({ state: "completed", operation: "create_resource_spec" });
    expect(job.result.entry.name).toBe("Bridge drill");
    spec = job.result.actionHash;
    expect(spec).toMatch(/^uhCkk/);

    const created = await http(base, "POST", "/api/resources?wait=30", { spec_hash: spec, quantity: 1, unit: "unit", current_location: "shed" });
    expect(created.status).toBe(201);
    expect(created.body.entry).toMatchObject({ status: "PendingValidation", custodian: b64(alice.pubKey), current_location: "shed" });
    resource = created.body.actionHash;
  });

  test("a write the client's schema refuses answers 400 at once, naming the field; a bad hash too", async () => {
    const empty = await http(base, "POST", "/api/resources", { spec_hash: spec, quantity: 1, unit: " " });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/unit: unit must not be empty/);
    const negative = await http(base, "POST", "/api/resources", { spec_hash: spec, quantity: -1, unit: "kg" });
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatch(/quantity must not be negative/);
    const badHash = await http(base, "POST", "/api/resources", { spec_hash: "not-a-hash", quantity: 1, unit: "kg" });
    expect(badHash.status).toBe(400);
    expect(badHash.body.error).toMatch(/spec_hash/);
  });

  test("a write a zome refuses fails with 422 and the zome's message, after one attempt (no retry)", async () => {
    // A resource pending peer validation accepts no event (REQ-GOV-02).
    const use = await http(base, "POST", `/api/resources/${resource}/use?wait=30`, { note: "drilling" });
    expect(use.status).toBe(422);
    expect(use.body.error).toMatch(/must be Validated: a resource pending peer validation accepts no event/);
    expect(use.body.error).not.toMatch(/Wasm|RibosomeError/);
    // The same through the job: failed after its first attempt.
    const queued = await http(base, "POST", `/api/resources/${resource}/use`, { note: "again" });
    const job = await settled(base, queued.body.job_id);
    expect(job.state).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.error.status).toBe(422);
  });

  test("GET /api/resources/:hash: 200 from the conductor (MISS), then from the cache (HIT); 400 bad hash; 404 unknown", async () => {
    const first = await http(base, "GET", `/api/resources/${resource}`);
    expect(first.status).toBe(200);
    expect(first.body.original_hash).toBe(resource);
    expect(first.body.latest.entry.unit).toBe("unit");
    const second = await http(base, "GET", `/api/resources/${resource}`);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.body).toEqual(first.body);
    expect((await http(base, "GET", "/api/resources/uhCkkNOTAHASH")).status).toBe(400);
    // A well-formed action hash nothing was written at.
    const unknown = b64(Uint8Array.from([0x84, 0x29, 0x24, ...new Array(36).fill(7)]));
    const missing = await http(base, "GET", `/api/resources/${unknown}`);
    expect(missing.status).toBe(404);
  });

  test("search (find_resources): filters and pagination from the query string; a bad limit is 400", async () => {
    const found = await http(base, "GET", `/api/resources/search?custodian=${b64(alice.pubKey)}&limit=5`);
    expect(found.status).toBe(200);
    expect(found.body.limit).toBe(5);
    expect(found.body.items.map((i: { original_hash: string }) => i.original_hash)).toContain(resource);
    const bad = await http(base, "GET", "/api/resources/search?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/limit must be between 1 and 100/);
  });

  test("DELETE /api/resources/:hash answers 405: resources are never deleted (REQ-RES-03)", async () => {
    const del = await http(base, "DELETE", `/api/resources/${resource}`);
    expect(del.status).toBe(405);
    expect(del.body.error).toMatch(/resources are never deleted \(REQ-RES-03\)/);
    expect(del.headers.get("allow")).toBe("GET");
  });

  test("use: once Bob validated the resource, the custodian confirms through the bridge and a Use event is recorded; the events by resource list it", async () => {
    await eventually("Bob to see the resource", () => bob.client.resource.getEconomicResource(decode(resource)));
    await eventually("Bob to see the specification", () => bob.client.resource.getResourceSpec(decode(spec)));
    await bob.client.governance.validateNewResource({ resource_hash: decode(resource), approved: true, notes: "fine" });
    const confirmed = await eventually("the approval to reach Alice and the confirmation to succeed", async () => {
      const r = await http(base, "POST", `/api/resources/${resource}/confirm-validation?wait=30`);
      return r.status === 200 ? r : null;
    });
    expect(confirmed.body.entry.status).toBe("Validated");
    const use = await http(base, "POST", `/api/resources/${resource}/use?wait=30`, { note: "drilling shelves" });
    expect(use.status).toBe(200);
    expect(use.body.event.action).toBe("Use");
    expect(use.body.applied).toBe(true);
    const history = await eventually("the Use in the audit trail", async () => {
      const h = await http(base, "GET", `/api/events/by-resource/${resource}`);
      return h.status === 200 && h.body.some((e: { event: { action: string } }) => e.event.action === "Use") ? h : null;
    });
    const event = history.body.find((e: { event: { action: string } }) => e.event.action === "Use");
    const one = await http(base, "GET", `/api/events/${event.event_hash}`);
    expect(one.status).toBe(200);
    expect(one.body.entry.note).toBe("drilling shelves");
    expect((await http(base, "GET", `/api/events/by-resource/nope`)).status).toBe(400);

    // The same trail a page at a time, newest first: pages of one, followed by `earlier`, give the whole trail reversed.
    const pages: { event_hash: string }[] = [];
    let before: string | null = null;
    for (let i = 0; i <= history.body.length; i++) {
      const page = await http(base, "GET", `/api/events/by-resource/${resource}/page?limit=1${before ? `&before=${before}` : ""}`);
      expect(page.status).toBe(200);
      pages.push(...page.body.entries);
      before = page.body.earlier;
      if (before === null) break;
    }
    expect(before).toBeNull();
    expect(pages.map((e) => e.event_hash)).toEqual(history.body.map((e: { event_hash: string }) => e.event_hash).reverse());
    const tooMany = await http(base, "GET", `/api/events/by-resource/${resource}/page?limit=101`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatch(/limit: limit must be between 1 and 100/);
    const badCursor = await http(base, "GET", `/api/events/by-resource/${resource}/page?before=nope`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error).toMatch(/^before: action hash must be 39 bytes/);
  });

  test("a cached read is invalidated by another agent's signal: Bob proposes a commitment to Alice", async () => {
    const before = await http(base, "GET", "/api/commitments");
    expect(before.status).toBe(200);
    const again = await http(base, "GET", "/api/commitments");
    expect(again.headers.get("x-cache")).toBe("HIT");
    const count = before.body.proposed_to_me.length;
    // Bob creates his first resource (REQ-GOV-01 for Alice does not apply: she created one), then offers its use to Alice.
    const bobSpec = (await eventually("Bob to see the spec", () => bob.client.resource.getResourceSpec(decode(spec))))!;
    expect(bobSpec).toBeTruthy();
    const bobs = await bob.client.resource.createEconomicResource({ spec_hash: decode(spec), quantity: 1, unit: "unit" });
    const offer = await bob.client.governance.proposeCommitment({
      action: "Use",
      provider: bob.pubKey,
      receiver: alice.pubKey,
      resource_inventoried_as: bobs.actionHash,
      resource_quantity: 0,
      due_date: Date.now() * 1000 + DAY_US,
      note: "borrow my drill",
    });
    // No request of ours changed anything and the TTL is 600 s: only the signal can make this read fresh.
    const fresh = await eventually("the signal to invalidate the cached commitments", async () => {
      const r = await http(base, "GET", "/api/commitments");
      return r.body.proposed_to_me.length === count + 1 ? r : null;
    }, 30_000);
    expect(fresh.headers.get("x-cache")).toBe("MISS");
    const hash = b64(offer.actionHash);
    const view = await http(base, "GET", `/api/commitments/${hash}`);
    expect(view.status).toBe(200);
    expect(view.body.status).toBe("proposed");
    expect(view.body.record.entry.note).toBe("borrow my drill");

    // accept (the counterparty: Alice) — happy path; claim by Alice, who is not the provider — the zome refuses.
    const accepted = await http(base, "POST", `/api/commitments/${hash}/accept?wait=30`, { note: "thanks" });
    expect(accepted.status).toBe(200);
    expect(accepted.body.entry.decision).toBe("Accepted");
    const claim = await http(base, "POST", `/api/commitments/${hash}/claim?wait=30`, {});
    expect(claim.status).toBe(422);
    expect(claim.body.error).toMatch(/provider/);
    const selfAccept = await http(base, "POST", `/api/commitments/${hash}/accept?wait=30`, {});
    expect(selfAccept.status).toBe(422);
  });

  test("POST /api/commitments proposes; a proposal the schema refuses is 400", async () => {
    const proposed = await http(base, "POST", "/api/commitments?wait=30", {
      action: "Use",
      provider: b64(alice.pubKey),
      receiver: b64(bob.pubKey),
      resource_inventoried_as: resource,
      resource_quantity: 0,
      due_date: Date.now() * 1000 + DAY_US,
      note: "the drill on Saturday",
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body.entry.receiver).toBe(b64(bob.pubKey));
    const same = await http(base, "POST", "/api/commitments", {
      action: "Use",
      provider: b64(alice.pubKey),
      receiver: b64(alice.pubKey),
      resource_inventoried_as: resource,
      resource_quantity: 0,
      due_date: 0,
    });
    expect(same.status).toBe(400);
    expect(same.body.error).toMatch(/receiver must differ from provider/);
  });

  test("reputation: the agent's own summary and receipts; another's receipts are private (403), an unshared summary is refused (422)", async () => {
    const mine = await http(base, "GET", `/api/reputation/${b64(alice.pubKey)}/summary`);
    expect(mine.status).toBe(200);
    expect(mine.body.agent).toBe(b64(alice.pubKey));
    expect(typeof mine.body.reputation_score).toBe("number");
    const receipts = await http(base, "GET", `/api/reputation/${b64(alice.pubKey)}/receipts`);
    expect(receipts.status).toBe(200);
    expect(Array.isArray(receipts.body)).toBe(true);
    expect((await http(base, "GET", `/api/reputation/${b64(bob.pubKey)}/receipts`)).status).toBe(403);
    const unshared = await http(base, "GET", `/api/reputation/${b64(bob.pubKey)}/summary`);
    expect(unshared.status).toBeGreaterThanOrEqual(400);
    expect(unshared.status).toBeLessThan(500);
  });

  test("batch: each request answers as it would alone, in order; an empty batch is 400", async () => {
    const batch = await http(base, "POST", "/api/batch", {
      requests: [
        { method: "GET", url: `/api/resources/${resource}` },
        { method: "GET", url: "/api/resources/search?limit=0" },
        { method: "POST", url: "/api/resources", body: { spec_hash: spec, quantity: 1, unit: "" } },
        { method: "GET", url: "/api/agent" },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.responses.map((r: { status: number }) => r.status)).toEqual([200, 400, 400, 200]);
    expect(batch.body.responses[3].body.agent).toBe(b64(alice.pubKey));
    expect((await http(base, "POST", "/api/batch", { requests: [] })).status).toBe(400);
  });

  test("an Idempotency-Key makes a repeated request the same job; reused for another request it is 409", async () => {
    const key = randomUUID();
    const body = { spec_hash: spec, quantity: 2, unit: "unit", current_location: "idempotent" };
    const first = await http(base, "POST", "/api/resources", body, { "idempotency-key": key });
    const second = await http(base, "POST", "/api/resources", body, { "idempotency-key": key });
    expect(first.status).toBe(202);
    expect(second.body.job_id).toBe(first.body.job_id);
    await settled(base, first.body.job_id);
    const third = await http(base, "POST", "/api/resources?wait=5", body, { "idempotency-key": key });
    expect(third.status).toBe(201);
    const other = await http(base, "POST", "/api/resources", { ...body, quantity: 3 }, { "idempotency-key": key });
    expect(other.status).toBe(409);
    expect(await countAt("idempotent")).toBe(1);
  });

  test("a queued write survives a bridge restart and runs exactly once", async () => {
    const key = randomUUID();
    const body = { spec_hash: spec, quantity: 1, unit: "unit", current_location: "after-restart" };
    // The bridge stops; an API-only bridge queues the write and stops too: nothing runs it.
    await bridge.close();
    const apiOnly = await startBridge({ ...config, worker: false });
    const queued = await http(apiOnly.url, "POST", "/api/resources", body, { "idempotency-key": key });
    expect(queued.status).toBe(202);
    expect((await http(apiOnly.url, "GET", `/api/jobs/${queued.body.job_id}`)).body.state).toBe("waiting");
    await apiOnly.close();
    // While no bridge runs, the job waits in Redis.
    expect(await countAt("after-restart", alice)).toBe(0);
    bridge = await startBridge(config);
    base = bridge.url;
    const job = await settled(base, queued.body.job_id);
    expect(job.state).toBe("completed");
    // The client retries the request after the restart: same job, no second resource.
    const retried = await http(base, "POST", "/api/resources?wait=5", body, { "idempotency-key": key });
    expect(retried.status).toBe(201);
    expect(retried.body.actionHash).toBe(job.result.actionHash);
    expect(await countAt("after-restart", alice)).toBe(1);
  });

  test("signals reach the webhook signed (HMAC-SHA256 over timestamp.body); a tampered body and a replayed timestamp are refused", async () => {
    await eventually("signed deliveries at the webhook", async () => hook.deliveries.length >= 3, 30_000);
    for (const d of hook.deliveries) expect(d.verdict).toEqual({ ok: true });
    const types = hook.deliveries.map((d) => JSON.parse(d.body).type as string);
    expect(types).toContain("Commitment.created"); // Bob's proposal to Alice
    expect(types).toContain("EconomicResource.created");
    const d = hook.deliveries[0];
    const ts = d.headers[TIMESTAMP_HEADER];
    const sig = d.headers[SIGNATURE_HEADER];
    expect(sig).toBe(signWebhook(SECRET, Number(ts), d.body));
    const tampered = d.body.replace(/"type":"[^"]+"/, '"type":"Claim.created"');
    expect(tampered).not.toBe(d.body);
    expect(verifyWebhook({ secret: SECRET, body: tampered, timestamp: ts, signature: sig }).ok).toBe(false);
    // The same delivery replayed ten minutes later: outside the 300 s window.
    expect(verifyWebhook({ secret: SECRET, body: d.body, timestamp: ts, signature: sig, now: Date.now() + 600_000 })).toEqual({
      ok: false,
      reason: "timestamp outside the 300 s replay window",
    });
    // A replay with a fresh timestamp but the old signature does not verify either.
    const fresh = String(Number(ts) + 400);
    expect(verifyWebhook({ secret: SECRET, body: d.body, timestamp: fresh, signature: sig, now: Number(fresh) * 1000 }).ok).toBe(false);
    expect(verifyWebhook({ secret: "another", body: d.body, timestamp: ts, signature: sig }).ok).toBe(false);
    // The receiver itself refuses a forged delivery with 401.
    const forged = signedHeaders("wrong-secret", d.body, "forged");
    const res = await fetch(hook.url, { method: "POST", headers: forged, body: d.body });
    expect(res.status).toBe(401);
  });

  test("a failing webhook is retried with backoff until it answers, and deliveries keep their order", async () => {
    const before = hook.deliveries.length;
    hook.state.failNext = 2;
    const r1 = await http(base, "POST", "/api/resources?wait=30", { spec_hash: spec, quantity: 1, unit: "unit", current_location: "hook-1" });
    const r2 = await http(base, "POST", "/api/resources?wait=30", { spec_hash: spec, quantity: 1, unit: "unit", current_location: "hook-2" });
    expect([r1.status, r2.status]).toEqual([201, 201]);
    const arrived = await eventually("both deliveries after the failures", async () => {
      const hashes = hook.deliveries.slice(before).map((d) => JSON.parse(d.body).signal.action_hash as string);
      const i1 = hashes.indexOf(r1.body.actionHash);
      const i2 = hashes.indexOf(r2.body.actionHash);
      return i1 >= 0 && i2 >= 0 ? { i1, i2 } : null;
    }, 30_000);
    expect(arrived.i1).toBeLessThan(arrived.i2);
    expect(hook.state.failNext).toBe(0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/^bridge_webhook_failures_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
  });

  test("the Python (httpx, pytest) and PHP (curl, php-cli) clients: every endpoint against this bridge, and a real delivery's signature verified, tampered and replayed refused", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    // Asynchronously: the bridge runs in this process and must answer the clients meanwhile.
    const run = promisify(execFile);
    await run("bash", [`${root}bridge/scripts/client-deps.sh`]);
    const d = hook.deliveries.find((x) => x.verdict.ok)!;
    const env = {
      ...process.env,
      BRIDGE_URL: base,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_BODY: d.body,
      WEBHOOK_TIMESTAMP: d.headers[TIMESTAMP_HEADER],
      WEBHOOK_SIGNATURE: d.headers[SIGNATURE_HEADER],
    };
    const py = await run(`${root}clients/python/.venv/bin/pytest`, ["-q", "-p", "no:cacheprovider", `${root}clients/python/tests`], { env, encoding: "utf8" });
    expect(py.stdout).toMatch(/5 passed/);
    const php = await run("php", [`${root}clients/php/tests/smoke.php`], { env, encoding: "utf8" });
    expect(php.stdout).toMatch(/^ok 13 checks/m);
  });

  test("200 concurrent requests, no error", async () => {
    const paths = [`/api/resources/${resource}`, "/api/commitments", `/api/resources/search?custodian=${b64(alice.pubKey)}`, "/api/agent", `/api/events/by-resource/${resource}`];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => http(base, "GET", paths[i % paths.length])));
    expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body])).toEqual([]);
  });

  test("/metrics: request latency histogram, cache hit ratio, queue depth, webhook failures (Prometheus text)", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^bridge_http_request_duration_seconds_bucket\{.*route="\/api\/resources\/:hash".*\} \d+/m);
    const ratio = Number(/^bridge_cache_hit_ratio (\S+)/m.exec(text)?.[1]);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(text).toMatch(/^bridge_queue_depth\{queue="writes"\} \d+/m);
    expect(text).toMatch(/^bridge_webhook_failures_total \d+/m);
  });

  test("/health: healthy; with the conductor gone, reads answer 503, /health says why, and a write is retried with backoff", async () => {
    const ok = await http(base, "GET", "/health");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "healthy", holochain: { connected: true }, redis: { connected: true }, version: "0.1.0" });
    expect(ok.body.redis.memory_usage).toBeGreaterThan(0);
    expect(typeof ok.body.queue.jobs_pending).toBe("number");
    await alice.player.conductor.shutDown();
    const down = await eventually("the bridge to see the conductor gone", async () => {
      const r = await http(base, "GET", `/api/resources/search?text=${randomUUID().slice(0, 8)}`);
      return r.status === 503 ? r : null;
    }, 30_000);
    expect(down.body.error).toMatch(/conductor unavailable/);
    const health = await http(base, "GET", "/health");
    expect(health.status).toBe(503);
    expect(health.body.status).toBe("degraded");
    expect(health.body.holochain.connected).toBe(false);
    expect(health.body.holochain.error).toMatch(/conductor|connect|Websocket/i);
    expect(health.body.redis.connected).toBe(true);
    // A write meanwhile is accepted and retried with backoff (the conductor did not run it), not failed.
    const queued = await http(base, "POST", "/api/resources", { spec_hash: spec, quantity: 1, unit: "unit" });
    expect(queued.status).toBe(202);
    const retrying = await eventually("the write to be retried", async () => {
      const j = await http(base, "GET", `/api/jobs/${queued.body.job_id}`);
      return j.body.attempts >= 2 ? j : null;
    }, 30_000);
    expect(retrying.body.state).not.toBe("failed");
    expect(retrying.body.error).toMatchObject({ status: 503 });
  });

  /** How many of `agent`'s resources are at `location` (read directly through the client, not the bridge's cache). */
  async function countAt(location: string, agent: Agent = alice): Promise<number> {
    const mine = await agent.client.resource.getMyResources();
    return mine.filter((r) => r.latest.entry.current_location === location).length;
  }
});

function decode(hash: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hash.slice(1), "base64url"));
}
