/**
 * `npm run bench:bridge`: what the bridge costs over a direct client call,
 * on a real conductor and redis-server. Prints p50/p95 (ms) of
 * - a direct `client.resource.getEconomicResource` (the floor),
 * - the same read through the bridge, cache skipped (`Cache-Control: no-cache`),
 * - the same read through the bridge from the cache,
 * - a write (`create_economic_resource`) direct vs through the queue (`?wait=`),
 * - 200 concurrent reads through the bridge (wall time, errors),
 * and the overhead ratios bridge / direct. Writes the figures to bench/last-run.json.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Scenario } from "@holochain/tryorama";
import { encodeHashToBase64 } from "@holochain/client";
import { addAgents, HAPP_PATH, sampleSpec, type Agent } from "../../tests/src/common.js";
import { bridgeConnection, http, REDIS_URL, startBridge, type RunningBridge } from "../test/harness.js";

const N = Number(process.env.BENCH_N ?? 200);
const W = Number(process.env.BENCH_WRITES ?? 30);
const scenario = new Scenario();
let alice: Agent;
let bridge: RunningBridge;

beforeAll(async () => {
  [alice] = await addAgents(scenario, [1], [0], HAPP_PATH);
  bridge = await startBridge({ conductor: await bridgeConnection(alice), redisUrl: REDIS_URL, prefix: `b${Date.now()}`, cacheTTL: 600 });
});
afterAll(async () => {
  await bridge?.close();
  await scenario.cleanUp();
});

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
async function timed(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}
const fig = (xs: number[]) => ({ p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2) });

test("bridge overhead over a direct client call", async () => {
  const spec = await alice.client.resource.createResourceSpec(sampleSpec({ name: "Bench drill", governance_rules: [] }));
  const res = await alice.client.resource.createEconomicResource({ spec_hash: spec.actionHash, quantity: 1, unit: "unit" });
  const hash = encodeHashToBase64(res.actionHash);
  // Warm both paths.
  for (let i = 0; i < 10; i++) {
    await alice.client.resource.getEconomicResource(res.actionHash);
    await http(bridge.url, "GET", `/api/resources/${hash}`, undefined, { "cache-control": "no-cache" });
  }
  const direct = await timed(N, () => alice.client.resource.getEconomicResource(res.actionHash));
  const miss = await timed(N, async () => {
    const r = await http(bridge.url, "GET", `/api/resources/${hash}`, undefined, { "cache-control": "no-cache" });
    if (r.status !== 200) throw new Error(`bridge read ${r.status}`);
  });
  const hit = await timed(N, async () => {
    const r = await http(bridge.url, "GET", `/api/resources/${hash}`);
    if (r.status !== 200 || r.headers.get("x-cache") !== "HIT") throw new Error(`bridge cached read ${r.status} ${r.headers.get("x-cache")}`);
  });
  const specHash = encodeHashToBase64(spec.actionHash);
  const writeDirect = await timed(W, () => alice.client.resource.createEconomicResource({ spec_hash: spec.actionHash, quantity: 1, unit: "unit" }));
  const writeBridge = await timed(W, async () => {
    const r = await http(bridge.url, "POST", "/api/resources?wait=30", { spec_hash: specHash, quantity: 1, unit: "unit" });
    if (r.status !== 201) throw new Error(`bridge write ${r.status} ${JSON.stringify(r.body)}`);
  });
  const t0 = performance.now();
  const burst = await Promise.all(
    Array.from({ length: 200 }, (_, i) => http(bridge.url, "GET", `/api/resources/${hash}`, undefined, i % 2 ? { "cache-control": "no-cache" } : {})),
  );
  const burstMs = performance.now() - t0;
  const errors = burst.filter((r) => r.status !== 200).length;

  const figures = {
    n: N,
    writes: W,
    read_direct_ms: fig(direct),
    read_bridge_uncached_ms: fig(miss),
    read_bridge_cached_ms: fig(hit),
    write_direct_ms: fig(writeDirect),
    write_bridge_queued_ms: fig(writeBridge),
    ratio_read_uncached_p50: +(pct(miss, 50) / pct(direct, 50)).toFixed(2),
    ratio_read_uncached_p95: +(pct(miss, 95) / pct(direct, 95)).toFixed(2),
    ratio_read_cached_p50: +(pct(hit, 50) / pct(direct, 50)).toFixed(2),
    ratio_write_p50: +(pct(writeBridge, 50) / pct(writeDirect, 50)).toFixed(2),
    concurrent_200_ms: +burstMs.toFixed(1),
    concurrent_200_errors: errors,
  };
  writeFileSync(new URL("./last-run.json", import.meta.url), JSON.stringify(figures, null, 2) + "\n");
  const row = (what: string, f: { p50: number; p95: number }) => `${what.padEnd(38)} p50 ${String(f.p50).padStart(8)} ms   p95 ${String(f.p95).padStart(8)} ms`;
  console.log(
    [
      "",
      `bridge benchmark (${N} reads, ${W} writes each)`,
      row("read, direct client call", figures.read_direct_ms),
      row("read, bridge, cache skipped", figures.read_bridge_uncached_ms),
      row("read, bridge, from the cache", figures.read_bridge_cached_ms),
      row("write, direct client call", figures.write_direct_ms),
      row("write, bridge queue (?wait=)", figures.write_bridge_queued_ms),
      `overhead ratio (bridge / direct): read uncached p50 ${figures.ratio_read_uncached_p50}x, p95 ${figures.ratio_read_uncached_p95}x; read cached p50 ${figures.ratio_read_cached_p50}x; write p50 ${figures.ratio_write_p50}x`,
      `200 concurrent reads: ${figures.concurrent_200_ms} ms, ${errors} errors`,
      "",
    ].join("\n"),
  );
  expect(errors).toBe(0);
});
