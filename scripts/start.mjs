#!/usr/bin/env node
/**
 * `npm start` (after scripts/setup.mjs): a local nondominium network to use
 * in a browser, one page per agent, no launcher needed.
 *
 * What it does, in order:
 * 1. Starts a local bootstrap + signal server (`kitsune2-bootstrap-srv`) and
 *    one Holochain conductor PER AGENT, as in real use, with Tryorama's
 *    `runLocalServices` and `createConductor` (sandbox files under temp
 *    dirs, recorded in `.running/.hc`). With several agents in one
 *    conductor, reads of an agent's chain activity (`get_agent_activity`,
 *    which the promotion evidence and the first-resource check use) found
 *    nothing, so a promotion could never succeed.
 * 2. Generates every agent's key first (in its own conductor), then installs
 *    `workdir/nondominium.happ` once per agent (AGENTS, default 2): agent i
 *    (1-based) gets the app id `nondominium-<i>`; all share a fresh random
 *    network seed and the SAME DNA properties, `{ progenitors: [<agent 1's
 *    key, base64>] }`: agent 1 is the network's progenitor (founder), the
 *    one agent who may grant Accountable and specialised roles without
 *    holding a credential. Different properties would make a
 *    different DNA hash, i.e. separate networks.
 * 2b. Tells every conductor about every other one's agents (what
 *    Tryorama's `shareAllAgents` does), so they find each other at once.
 * 3. Per agent, with the admin API (the launcher-free path of
 *    @holochain/client 0.20.1: the UI connects with an app token): attaches an app interface that only accepts the
 *    agent's UI origin, issues a reusable non-expiring app token, generates a
 *    zome-call signing key pair and grants it (cap access: all functions),
 *    and writes all of that to `.running/agent-<i>.json` (mode 600), with
 *    the conductor's admin port (pinned in its config), from which the UI's
 *    config server issues the page a fresh token at each request, so a page
 *    reconnects after its conductor restarts.
 * 4. Builds the UI for production once (`vite build` into `ui/dist`, as
 *    `npm run package` ships it) and serves it per agent with `vite preview`
 *    on port UI_PORT_BASE+i (default 8888+i), NONDOMINIUM_AGENT_CONFIG naming
 *    that file; the UI fetches it as `/agent-config.json`. With `--dev`
 *    (`npm run dev`), a Vite development server per agent instead (hot
 *    reload, unminified).
 * 5. Unless DEMO=0, seeds a small neighbourhood tool library
 *    (scripts/demo-data.mjs) through `@nondominium/client`, as the agents
 *    themselves: a profile per agent, four specifications, five resources;
 *    then (with 2+ agents) the promotion story: agent 2 hands
 *    custody of a ladder they created to agent 1, shares identity data with
 *    agent 1, and agent 1 (progenitor) promotes agent 2 to AccountableAgent
 *    and grants them Transport. With 3+ agents, agent 3 shares identity data
 *    with agent 1 too and waits in agent 1's review queue.
 * 6. Prints `agent <i> (<name>): http://localhost:<port>` per agent (the
 *    progenitor marked) and runs
 *    until Ctrl-C (SIGINT) or SIGTERM, then stops every process it started
 *    (Vite servers, conductors, bootstrap server) and deletes the sandboxes.
 *
 * Environment: AGENTS (1-20, default 2), DEMO (0 = no seed data),
 * UI_PORT_BASE (default 8888), TRYORAMA_LOG_LEVEL (default "warn"),
 * RUST_LOG (default "error", without the zome errors the UI already shows). Vite logs go to `.running/vite-agent-<i>.log`.
 * Exit code: 0 after a signal-initiated stop, 1 when startup fails or a
 * child process dies on its own.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { DEMO_GRANT_DAYS, DEMO_PRIVATE_DATA, DEMO_RESOURCES, DEMO_SPECS, DEMO_TRANSFER, demoName } from "./demo-data.mjs";
import { harvestWasmCache, seedWasmCache } from "./wasm-cache.mjs";
import { buildUi } from "./package.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNNING = path.join(ROOT, ".running");
const HAPP = path.join(ROOT, "workdir", "nondominium.happ");
const UI_DIR = path.join(ROOT, "ui");
const ROLE = "nondominium";

// Before Tryorama is imported: it reads TRYORAMA_LOG_LEVEL at load time, and
// its conductors inherit PATH and RUST_LOG.
process.env.PATH = `${path.join(os.homedir(), ".cargo", "bin")}${path.delimiter}${process.env.PATH ?? ""}`;
process.env.TRYORAMA_LOG_LEVEL ??= "warn";
// Zome errors (e.g. a refused transfer) reach the UI that caused them: keep them out of the terminal.
process.env.RUST_LOG ??= "error,holochain::core::ribosome::real_ribosome=off";

const AGENTS = Number(process.env.AGENTS ?? 2);
const DEMO = process.env.DEMO !== "0";
const UI_PORT_BASE = Number(process.env.UI_PORT_BASE ?? 8888);
/** `npm run dev`: Vite development servers instead of the production build. */
const DEV = process.argv.includes("--dev");

/** Everything started so far, for the shutdown. */
const started = {
  /** @type {import("node:child_process").ChildProcess | null} */ services: null,
  /** @type {any[]} Tryorama Conductors, one per agent */ conductors: [],
  /** @type {{ i: number, proc: import("node:child_process").ChildProcess }[]} */ vites: [],
  /** @type {any[]} AppWebsockets opened for seeding */ appSockets: [],
};
let stopping = false;

const t0 = Date.now();
const log = (msg) => console.log(`[start ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

/** True while `proc` has not exited. */
const alive = (proc) => !!proc && proc.exitCode === null && proc.signalCode === null;

/**
 * Resolves when `promise` settles or after `ms`, whichever first; never
 * rejects (shutdown must go on). Returns the value, or undefined.
 */
async function settleWithin(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `signal` to `proc`, waits up to `ms` for it to exit, then SIGKILLs it. */
async function stopChild(proc, signal = "SIGTERM", ms = 5000) {
  if (!alive(proc)) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill(signal);
  await settleWithin(exited, ms);
  if (alive(proc)) {
    proc.kill("SIGKILL");
    await settleWithin(exited, 2000);
  }
}

/**
 * Stops everything that was started, newest first: Vite servers, app sockets,
 * the conductor (admin socket closed, SIGTERM, SIGKILL after 10 s), the
 * bootstrap server (stopLocalServices); then deletes the sandbox
 * (cleanAllConductors) and exits with `code`. Safe to call twice.
 */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const anything = started.services || started.conductors.length > 0 || started.vites.length > 0;
  if (!anything) process.exit(code);
  log("stopping: vite servers, conductors, bootstrap server…");
  await Promise.all(started.vites.map(({ proc }) => stopChild(proc, "SIGTERM", 5000)));
  await Promise.all(started.appSockets.map((ws) => settleWithin(ws.client.close(), 1000)));
  const tryorama = await import("@holochain/tryorama");
  await Promise.all(
    started.conductors.map(async (conductor) => {
      // What Conductor.shutDown does, but bounded: its socket close never resolves
      // when the conductor already died (e.g. the terminal's Ctrl-C reached it first).
      await settleWithin((async () => conductor.adminWs().client.close())(), 1000);
      await stopChild(conductor.conductorProcess, "SIGTERM", 10_000);
    }),
  );
  if (alive(started.services)) await settleWithin(tryorama.stopLocalServices(started.services), 5000);
  await stopChild(started.services, "SIGKILL", 2000);
  if (started.conductors.length > 0) await settleWithin(tryorama.cleanAllConductors(), 10_000);
  // The agent files hold tokens and signing keys of a conductor that is gone.
  for (const f of fs.readdirSync(RUNNING)) if (/^agent-\d+\.json$/.test(f)) fs.rmSync(path.join(RUNNING, f), { force: true });
  log("stopped.");
  process.exit(code);
}

process.on("SIGINT", () => (stopping ? forceExit() : shutdown(0)));
process.on("SIGTERM", () => (stopping ? forceExit() : shutdown(0)));
// Last resort if we exit some other way: no orphan may survive us.
process.on("exit", () => {
  for (const { proc } of started.vites) if (alive(proc)) proc.kill("SIGKILL");
  for (const c of started.conductors) if (alive(c.conductorProcess)) c.conductorProcess.kill("SIGKILL");
  if (alive(started.services)) started.services.kill("SIGKILL");
});

function forceExit() {
  console.error("[start] second signal: killing everything now");
  process.exit(130); // the "exit" handler SIGKILLs the children
}

/** A startup problem the user can fix; printed without a stack trace. */
class SetupError extends Error {}

/**
 * Stops everything when `proc` exits while we are not stopping. Waits a
 * moment first: a terminal's Ctrl-C reaches the children and us together, and
 * that is a normal stop, not a crash.
 */
function onUnexpectedExit(proc, what) {
  proc.once("exit", (code, signal) =>
    setTimeout(() => {
      if (stopping) return;
      console.error(`[start] ${what} exited on its own (${signal ?? `code ${code}`}); stopping`);
      shutdown(1);
    }, 500),
  );
}

/** Throws a SetupError with a how-to-fix message when something `npm start` needs is missing. */
function preflight() {
  if (!Number.isInteger(AGENTS) || AGENTS < 1 || AGENTS > 20) throw new SetupError(`AGENTS must be 1-20, got ${process.env.AGENTS}`);
  if (!Number.isInteger(UI_PORT_BASE) || UI_PORT_BASE < 1024 || UI_PORT_BASE + AGENTS > 65535) {
    throw new SetupError(`UI_PORT_BASE must be a port number (1024-${65535 - AGENTS}), got ${process.env.UI_PORT_BASE}`);
  }
  for (const bin of ["holochain", "hc", "kitsune2-bootstrap-srv"]) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
      throw new SetupError(`\`${bin}\` not found on PATH (looked in ~/.cargo/bin too): run \`bash scripts/toolchain.sh\``);
    }
  }
  if (!fs.existsSync(HAPP)) throw new SetupError(`${path.relative(ROOT, HAPP)} is missing: run \`npm run build:happ\``);
}

/** Resolves true when nothing listens on `port` (any interface). */
function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

/**
 * The conductor's admin socket, once it answers a request. On a busy machine
 * the first socket is sometimes closed under us (code 1006) right after
 * start-up: reconnect and try again, up to 5 times.
 */
async function readyAdmin(conductor) {
  for (let attempt = 1; ; attempt++) {
    try {
      await conductor.adminWs().listApps({});
      return conductor.adminWs();
    } catch (e) {
      if (attempt >= 5 || !alive(conductor.conductorProcess)) throw e;
      log(`admin socket not ready (${e?.message ?? e}); reconnecting`);
      await new Promise((r) => setTimeout(r, 1000));
      await conductor.connectAdminWs().catch(() => undefined);
    }
  }
}

/**
 * Writes the admin port the conductor listens on now into its
 * conductor-config.yaml (`hc sandbox` asks for port 0, a new port at each
 * start), so that it comes back on the same port if it is restarted with that
 * config: the agent config names it, and the UI's config server asks it for
 * a fresh app token and the app interface's current port (ui/vite.config.ts).
 * Returns the port.
 */
async function pinAdminPort(conductor) {
  const { default: yaml } = await import("js-yaml");
  const port = Number(conductor.adminWs().client.url?.port);
  if (!port) throw new Error("the conductor's admin socket has no port");
  const file = path.join(conductor.conductorDir, "conductor-config.yaml");
  const config = yaml.load(fs.readFileSync(file, "utf8"));
  config.admin_interfaces[0].driver.port = port;
  fs.writeFileSync(file, yaml.dump(config));
  return port;
}

/** Tells every conductor about the agents of every other one (Tryorama's `shareAllAgents`). */
async function shareAgentInfos(admins) {
  const infos = await Promise.all(admins.map((admin) => admin.agentInfo({ dna_hashes: null })));
  await Promise.all(
    admins.flatMap((admin, i) => infos.map((agent_infos, j) => (i === j ? null : admin.addAgentInfo({ agent_infos }))).filter(Boolean)),
  );
}

/** The cell id of the `nondominium` role in an installed app's info. */
function cellIdOf(appInfo) {
  const cell = appInfo.cell_info[ROLE]?.find((c) => c.type === "provisioned");
  if (!cell) throw new Error(`app ${appInfo.installed_app_id} has no provisioned "${ROLE}" cell`);
  return cell.value.cell_id;
}

const bytes = (u8) => Array.from(u8);

/**
 * The install's role settings: the DNA properties naming the progenitors
 * (base64 agent keys). Every agent of one network must install with the
 * same properties, or it lands in a different DNA (another network).
 */
function rolesSettings(networkSeed, progenitors) {
  return {
    [ROLE]: { type: "provisioned", value: { modifiers: { network_seed: networkSeed, properties: { progenitors } } } },
  };
}

/**
 * Installs and wires up agent `i` (1-based), whose key `agent_key` was
 * generated beforehand, in the conductor; returns what the UI and the
 * seeding need, and writes `.running/agent-<i>.json`.
 */
async function setUpAgent(hc, admin, adminPort, i, agent_key, networkSeed, progenitors) {
  const installed_app_id = `nondominium-${i}`;
  const uiPort = UI_PORT_BASE + i;
  const origin = `http://localhost:${uiPort}`;
  const appInfo = await admin.installApp({
    source: { type: "path", value: HAPP },
    agent_key,
    installed_app_id,
    network_seed: networkSeed,
    roles_settings: rolesSettings(networkSeed, progenitors),
  });
  await admin.enableApp({ installed_app_id });
  const cellId = cellIdOf(appInfo);
  const { port: appPort } = await admin.attachAppInterface({
    allowed_origins: `${origin},http://127.0.0.1:${uiPort}`,
    installed_app_id,
  });
  const { token } = await admin.issueAppAuthenticationToken({ installed_app_id, single_use: false, expiry_seconds: 0 });
  const [keyPair, signingKey] = await hc.generateSigningKeyPair();
  const capSecret = await admin.grantSigningKey(cellId, { type: "all" }, signingKey);
  const name = DEMO ? demoName(i - 1) : null;
  const configPath = path.join(RUNNING, `agent-${i}.json`);
  const config = {
    appPort,
    token: bytes(token),
    cellId: [bytes(cellId[0]), bytes(cellId[1])],
    capSecret: bytes(capSecret),
    keyPair: { keyType: keyPair.keyType, publicKey: bytes(keyPair.publicKey), privateKey: bytes(keyPair.privateKey) },
    signingKey: bytes(signingKey),
    installedAppId: installed_app_id,
    agentName: name,
    adminPort, // for the UI's config server only: it issues the page a fresh token (ui/vite.config.ts)
  };
  fs.writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  return {
    i,
    agentKey: agent_key,
    progenitor: progenitors.includes(hc.encodeHashToBase64(agent_key)),
    installed_app_id,
    uiPort,
    origin,
    appPort,
    token,
    cellId,
    credentials: { capSecret, keyPair, signingKey },
    name, // the demo name to seed, if any
    profileName: null, // set once the profile really exists
    configPath,
  };
}

/**
 * Spawns agent `a`'s UI server — `vite preview` of the production build, or
 * with `--dev` a Vite development server; resolves once it serves, rejects
 * if it exits first.
 */
function startVite(a) {
  const viteBin = path.join(path.dirname(createRequire(path.join(UI_DIR, "package.json")).resolve("vite/package.json")), "bin", "vite.js");
  const logPath = path.join(RUNNING, `vite-agent-${a.i}.log`);
  const logFile = fs.createWriteStream(logPath);
  const mode = DEV ? [] : ["preview"];
  const proc = spawn(process.execPath, [viteBin, ...mode, "--port", String(a.uiPort), "--strictPort"], {
    cwd: UI_DIR,
    env: {
      ...process.env,
      NONDOMINIUM_AGENT_CONFIG: a.configPath,
      NONDOMINIUM_VITE_CACHE_DIR: path.join(ROOT, "node_modules", ".vite-nondominium", `agent-${a.i}`),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.vites.push({ i: a.i, proc });
  proc.stdout.pipe(logFile);
  proc.stderr.pipe(logFile);
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d) => {
      out += d.toString();
      if (/ready in|Local:/i.test(out)) {
        proc.stdout.off("data", onData);
        resolve(proc);
      }
    };
    proc.stdout.on("data", onData);
    proc.once("exit", (code, signal) => {
      reject(new Error(`vite for agent ${a.i} exited (${signal ?? code}) before serving; see ${path.relative(ROOT, logPath)}`));
    });
  });
}

/**
 * Calls `fn` until it succeeds, for up to `ms` (1 s apart): a write that
 * cites another agent's entry fails until that entry reached this agent's
 * view of the DHT. Throws the last error after the deadline.
 */
async function retrying(fn, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Seeds the demo commons through `@nondominium/client`, each write made by
 * the agent it belongs to over that agent's own app interface.
 */
async function seed(hc, clientModule, agents) {
  const clients = [];
  for (const a of agents) {
    hc.setSigningCredentials(a.cellId, a.credentials);
    const ws = await hc.AppWebsocket.connect({
      url: new URL(`ws://localhost:${a.appPort}`),
      token: a.token,
      wsClientOptions: { origin: a.origin },
    });
    started.appSockets.push(ws);
    clients.push(new clientModule.NondominiumClient(ws));
  }
  for (const [k, c] of clients.entries()) {
    await c.person.createProfile({ name: agents[k].name, avatar_url: null });
    agents[k].profileName = agents[k].name;
  }
  log(`seeded ${clients.length} profiles`);
  const specs = new Map();
  for (const s of DEMO_SPECS) specs.set(s.name, await clients[0].resource.createResourceSpec(s));
  log(`seeded ${specs.size} specifications (by ${agents[0].name})`);
  /** The first resource each agent created, per specification name: `${k}:${spec}` → record. */
  const created = new Map();
  for (const r of DEMO_RESOURCES) {
    const k = r.agent % clients.length;
    const spec = specs.get(r.spec);
    if (!spec) throw new Error(`demo resource names unknown specification "${r.spec}"`);
    const rec = await retrying(() =>
      clients[k].resource.createEconomicResource({ spec_hash: spec.actionHash, quantity: r.quantity, unit: r.unit }),
    );
    if (!created.has(`${k}:${r.spec}`)) created.set(`${k}:${r.spec}`, rec);
  }
  log(`seeded ${DEMO_RESOURCES.length} resources`);
  if (clients.length >= 2) await seedPromotion(clients, agents, created);
  await Promise.all(started.appSockets.splice(0).map((ws) => settleWithin(ws.client.close(), 1000)));
}

/**
 * The promotion story, written by the agents themselves: agent 2 hands
 * custody of the ladder they created to agent 1 (their first transfer), stores
 * identity data and shares it with agent 1; agent 1, the progenitor, reads it,
 * promotes agent 2 to AccountableAgent (the zome finds the resource and the
 * transfer as evidence) and grants them Transport. With 3+ agents, agent 3
 * shares identity data with agent 1 as well and stays a Simple Agent.
 */
async function seedPromotion(clients, agents, created) {
  /** Runs one step; a failure is reported and the next steps still run. */
  const step = async (what, fn) => {
    try {
      await fn();
      log(`seeded ${what}`);
    } catch (e) {
      console.error(`[start] SEEDING STEP FAILED (${what}): ${e?.message ?? e}`);
    }
  };
  const [founder, candidate] = [agents[0], agents[1]];
  const t = DEMO_TRANSFER;
  await step(`a custody transfer: ${t.spec} from ${agents[t.from].name} to ${agents[t.to].name}`, async () => {
    const resource = created.get(`${t.from}:${t.spec}`);
    if (!resource) throw new Error(`agent ${t.from + 1} created no "${t.spec}"`);
    // A new resource is pending until peer-validated (REQ-GOV-02): the
    // receiver, Accountable as the progenitor, approves it first.
    await retrying(() =>
      clients[t.to].governance.validateNewResource({
        resource_hash: resource.actionHash,
        approved: true,
        notes: "checked the rungs and the feet",
      }),
    );
    await retrying(() =>
      clients[t.from].resource.transferCustody({
        resource_hash: resource.actionHash,
        new_custodian: agents[t.to].agentKey,
        note: t.note,
      }),
    );
  });
  const expires_at = (Date.now() + DEMO_GRANT_DAYS * 24 * 3600 * 1000) * 1000;
  for (const p of DEMO_PRIVATE_DATA.filter((p) => p.agent < clients.length)) {
    await step(`identity data of ${agents[p.agent].name}, shared with ${founder.name}`, async () => {
      await clients[p.agent].person.storePrivateData(p.data);
      await retrying(() => clients[p.agent].person.grantPrivateDataAccess({ agent: founder.agentKey, fields: p.fields, expires_at }));
    });
  }
  const person = clients[0].person;
  await step(`${candidate.name} promoted to AccountableAgent by ${founder.name} (progenitor), after reading their identity data`, async () => {
    await person.getAgentPrivateData(candidate.agentKey); // the review, as the UI does it
    // The candidate's chain (resource, then transfer) must reach the founder's view first.
    await retrying(() => person.promoteAgentToAccountable(candidate.agentKey));
  });
  await step(`${candidate.name} granted Transport by ${founder.name}`, () =>
    retrying(() => person.assignRole({ agent: candidate.agentKey, role_name: "Transport", notes: "cargo bike deliveries" })),
  );
}

async function main() {
  preflight();
  for (let i = 1; i <= AGENTS; i++) {
    if (!(await portFree(UI_PORT_BASE + i))) {
      throw new SetupError(`port ${UI_PORT_BASE + i} (UI of agent ${i}) is in use: stop what uses it or set UI_PORT_BASE`);
    }
  }
  fs.mkdirSync(RUNNING, { recursive: true });
  for (const f of fs.readdirSync(RUNNING)) if (/^agent-\d+\.json$/.test(f)) fs.rmSync(path.join(RUNNING, f));
  // `hc sandbox` records its sandboxes in ./.hc: keep ours in .running/, apart from the tests'.
  process.chdir(RUNNING);

  const tryorama = await import("@holochain/tryorama");
  const hc = await import("@holochain/client");
  await settleWithin(tryorama.cleanAllConductors(), 10_000); // leftovers of a run that was killed -9

  const services = await tryorama.runLocalServices();
  started.services = services.servicesProcess;
  log(`bootstrap/signal server at ${services.bootstrapServerUrl.href}`);
  const admins = [];
  const adminPorts = [];
  for (let i = 1; i <= AGENTS; i++) {
    const conductor = await tryorama.createConductor(services.signalingServerUrl, {
      bootstrapServerUrl: services.bootstrapServerUrl,
      timeout: 60_000,
      label: `nondominium-agent-${i}`,
      startup: false, // keep a handle on it before its process exists, so shutdown always finds it
    });
    started.conductors.push(conductor);
    seedWasmCache(conductor.conductorDir); // the zomes earlier conductors compiled (scripts/wasm-cache.mjs)
    await conductor.startUp();
    onUnexpectedExit(conductor.conductorProcess, `the conductor of agent ${i}`);
    admins.push(await readyAdmin(conductor));
    adminPorts.push(await pinAdminPort(conductor));
  }
  log(`${AGENTS} conductors up, one per agent`);

  const networkSeed = randomUUID();
  // Keys first: the DNA properties every install shares name agent 1 as progenitor.
  const keys = [];
  for (const admin of admins) keys.push(await admin.generateAgentPubKey());
  const progenitors = [hc.encodeHashToBase64(keys[0])];
  // In parallel: each conductor compiles the hApp's wasm on its first install (unless .wasm-cache/ has it), which dominates start-up.
  const agents = await Promise.all(admins.map((admin, k) => setUpAgent(hc, admin, adminPorts[k], k + 1, keys[k], networkSeed, progenitors)));
  log(`installed ${AGENTS} agents (network seed ${networkSeed}); progenitor: agent 1 (${progenitors[0]})`);
  await shareAgentInfos(admins);

  // The client package is TypeScript source: load it through Vite's module runner.
  const { runnerImport } = await import("vite");
  const { module: clientModule } = await runnerImport(path.join(ROOT, "client", "src", "index.ts"), {
    configFile: false,
    logLevel: "error",
    root: ROOT,
  });

  if (!DEV) {
    buildUi();
    log("built the UI for production (ui/dist)");
  }
  const vitesReady = Promise.all(agents.map(startVite));
  vitesReady.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
  if (DEMO) {
    try {
      await seed(hc, clientModule, agents);
    } catch (e) {
      console.error(`[start] SEEDING FAILED, the commons is partly empty: ${e?.message ?? e}`);
    }
  }
  await vitesReady;
  for (const { i, proc } of started.vites) onUnexpectedExit(proc, `vite of agent ${i}`);
  for (const conductor of started.conductors) harvestWasmCache(conductor.conductorDir);

  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s. Open one page per agent (Ctrl-C stops everything):`);
  for (const a of agents) {
    const role = a.progenitor ? " [progenitor]" : "";
    console.log(`agent ${a.i} (${a.profileName ?? "no profile yet"})${role}: http://localhost:${a.uiPort}`);
  }
}

main().catch((e) => {
  console.error(`[start] failed: ${e instanceof SetupError ? e.message : (e?.stack ?? e)}`);
  shutdown(1);
});
