#!/usr/bin/env node
/**
 * `npm run bridge` (after scripts/setup.mjs): one command for a running
 * bridge on this machine.
 *
 * 1. Redis: REDIS_URL when set; otherwise a private `redis-server` (Debian's
 *    package, installed when missing) on a free port, stopped at exit.
 * 2. A conductor with one agent (Tryorama's `runLocalServices` +
 *    `createConductor`, sandbox in `.running/`), the agent its network's
 *    progenitor; `workdir/nondominium.happ` installed with a fresh network seed.
 * 3. The bridge's connection file `.running/bridge-agent.json` (mode 600):
 *    an app interface for origin "nondominium-bridge", a reusable app token,
 *    a zome-call signing key granted all functions (as scripts/start.mjs for the UI).
 * 4. The bridge (`tsx bridge/src/main.ts`) on BRIDGE_PORT (default 8787),
 *    with WEBHOOK_URL / WEBHOOK_SECRET / WEBHOOK_EVENTS / CACHE_TTL passed through.
 *
 * Ctrl-C stops the bridge, the conductor, the bootstrap server and Redis.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedWasmCache, harvestWasmCache } from "../../scripts/wasm-cache.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNNING = path.join(ROOT, ".running");
const HAPP = path.join(ROOT, "workdir", "nondominium.happ");
process.env.PATH = `${path.join(os.homedir(), ".cargo", "bin")}${path.delimiter}${process.env.PATH ?? ""}`;
process.env.TRYORAMA_LOG_LEVEL ??= "warn";
process.env.RUST_LOG ??= "error,holochain::core::ribosome::real_ribosome=off";

const log = (m) => console.log(`[bridge] ${m}`);
const started = { redis: null, services: null, conductor: null, bridge: null };
let stopping = false;

/** A free TCP port on localhost. */
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a private redis-server (installing Debian's package when missing); resolves its URL once it answers PING. */
async function startRedis() {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    log("installing redis-server (apt-get)");
    const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
    const r = spawnSync(sudo[0] ?? "apt-get", [...sudo.slice(1), ...(sudo.length ? ["apt-get"] : []), "install", "-y", "redis-server"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (r.status !== 0) throw new Error("could not install redis-server: set REDIS_URL to a Redis you run");
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nd-redis-"));
  started.redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--loglevel", "warning"], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.includes("PONG")) return `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("redis-server did not answer PING");
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  if (started.bridge && started.bridge.exitCode === null) {
    started.bridge.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
  }
  const tryorama = await import("@holochain/tryorama");
  if (started.conductor) await started.conductor.shutDown().catch(() => undefined);
  if (started.services) await tryorama.stopLocalServices(started.services).catch(() => undefined);
  await tryorama.cleanAllConductors().catch(() => undefined);
  if (started.redis) started.redis.kill("SIGTERM");
  fs.rmSync(path.join(RUNNING, "bridge-agent.json"), { force: true });
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("exit", () => {
  for (const p of [started.bridge, started.redis, started.services, started.conductor?.conductorProcess]) if (p && p.exitCode === null) p.kill("SIGKILL");
});

async function main() {
  if (!fs.existsSync(HAPP)) throw new Error(`${path.relative(ROOT, HAPP)} is missing: run \`npm run build:happ\``);
  const redisUrl = process.env.REDIS_URL || (await startRedis());
  log(`redis at ${redisUrl}`);
  fs.mkdirSync(RUNNING, { recursive: true });
  process.chdir(RUNNING);
  const tryorama = await import("@holochain/tryorama");
  const hc = await import("@holochain/client");
  const services = await tryorama.runLocalServices();
  started.services = services.servicesProcess;
  const conductor = await tryorama.createConductor(services.signalingServerUrl, {
    bootstrapServerUrl: services.bootstrapServerUrl,
    timeout: 60_000,
    label: "nondominium-bridge",
    startup: false,
  });
  started.conductor = conductor;
  seedWasmCache(conductor.conductorDir);
  await conductor.startUp();
  const admin = conductor.adminWs();
  const agent_key = await admin.generateAgentPubKey();
  const installed_app_id = "nondominium-bridge";
  const networkSeed = process.env.NETWORK_SEED ?? randomUUID();
  const progenitors = [hc.encodeHashToBase64(agent_key)];
  const appInfo = await admin.installApp({
    source: { type: "path", value: HAPP },
    agent_key,
    installed_app_id,
    network_seed: networkSeed,
    roles_settings: { nondominium: { type: "provisioned", value: { modifiers: { network_seed: networkSeed, properties: { progenitors } } } } },
  });
  await admin.enableApp({ installed_app_id });
  const cellId = appInfo.cell_info.nondominium.find((c) => c.type === "provisioned").value.cell_id;
  const { port: appPort } = await admin.attachAppInterface({ allowed_origins: "nondominium-bridge", installed_app_id });
  const { token } = await admin.issueAppAuthenticationToken({ installed_app_id, single_use: false, expiry_seconds: 0 });
  const [keyPair, signingKey] = await hc.generateSigningKeyPair();
  const capSecret = await admin.grantSigningKey(cellId, { type: "all" }, signingKey);
  const bytes = (u8) => Array.from(u8);
  const file = path.join(RUNNING, "bridge-agent.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      appPort,
      token: bytes(token),
      cellId: [bytes(cellId[0]), bytes(cellId[1])],
      capSecret: bytes(capSecret),
      keyPair: { publicKey: bytes(keyPair.publicKey), privateKey: bytes(keyPair.privateKey) },
      signingKey: bytes(signingKey),
      origin: "nondominium-bridge",
    }),
    { mode: 0o600 },
  );
  log(`conductor up, agent ${progenitors[0]} (progenitor), network seed ${networkSeed}`);
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  started.bridge = spawn(tsx, [path.join(ROOT, "bridge", "src", "main.ts")], {
    stdio: "inherit",
    env: { ...process.env, BRIDGE_AGENT_CONFIG: file, REDIS_URL: redisUrl },
  });
  started.bridge.once("exit", (code) => {
    if (!stopping) {
      console.error(`[bridge] the bridge exited (${code}); stopping`);
      shutdown(1);
    }
  });
  setTimeout(() => harvestWasmCache(conductor.conductorDir), 15_000).unref();
}

main().catch((e) => {
  console.error(`[bridge] failed: ${e?.stack ?? e}`);
  shutdown(1);
});
