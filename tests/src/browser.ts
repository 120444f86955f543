/**
 * What the browser test (ui.test.ts) and the UI benchmark (bench/ui.bench.ts)
 * share: the production build of ui/, served to an agent exactly as
 * `npm start` serves it (an app interface accepting only the page's origin,
 * zome-call signing credentials and, at each request, a fresh token from the
 * conductor's admin API, handed to the page as `/agent-config.json` by
 * `vite preview`), and headless Debian chromium.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateSigningKeyPair, type CellId } from "@holochain/client";
import type { Conductor, PlayerApp, Scenario } from "@holochain/tryorama";
import yaml from "js-yaml";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

/** The repository's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The UI's package. */
export const UI_DIR = path.join(ROOT, "ui");
/** Debian's chromium (CHROMIUM_PATH overrides). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The DNA role of the hApp. */
const ROLE = "nondominium";

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `ui/dist`: where `npm start` and `npm run package` (and so `npm test`'s package check) build the UI. */
export const UI_DIST = path.join(UI_DIR, "dist");

/** The newest modification time (ms) of the files under `p` (recursively; node_modules skipped). */
function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(p)) if (name !== "node_modules") newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/**
 * A production build of ui/ (`vite build`, as `npm start` does) to serve:
 * `ui/dist` when it was written after everything it is built from last
 * changed (the UI, the client it bundles, the lock file), as after
 * `npm test`'s package check;
 * otherwise a fresh build into `outDir`. Returns the directory to serve.
 */
export async function buildUi(outDir: string): Promise<string> {
  // The status-change time, not the modification time: `npm run package` sets the files' times to 2000-01-01
  // for a reproducible zip, which also stamps the change time with the moment it did so.
  const index = path.join(UI_DIST, "index.html");
  const built = existsSync(index) ? statSync(index).ctimeMs : 0;
  const sources = [path.join(UI_DIR, "src"), path.join(UI_DIR, "index.html"), path.join(UI_DIR, "vite.config.ts"), path.join(UI_DIR, "package.json"), path.join(ROOT, "client", "src"), path.join(ROOT, "package-lock.json")];
  if (built > 0 && sources.every((p) => newestMtime(p) < built)) {
    console.log(`[ui] serving ui/dist, written ${new Date(built).toISOString()}`);
    return UI_DIST;
  }
  console.log(`[ui] ui/dist is missing or older than its sources: building into ${outDir}`);
  // vitest sets NODE_ENV=test, with which Svelte and Vite would keep their development code: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: UI_DIR, configFile: path.join(UI_DIR, "vite.config.ts"), mode: "production", logLevel: "error", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/**
 * Writes the admin port `conductor` listens on now into its
 * conductor-config.yaml, so that it listens there again after a restart
 * (`hc sandbox` configs ask for port 0, a new port at each start). The
 * agent config names that port, and the UI's config server asks it for a
 * fresh token and the app interface's port (ui/vite.config.ts).
 */
export function pinAdminPort(conductor: Conductor): number {
  const port = Number(conductor.adminWs().client.url?.port);
  if (!port) throw new Error("the conductor's admin socket has no port");
  const file = path.join(conductor.getTmpDirectory(), "conductor-config.yaml");
  const config = yaml.load(readFileSync(file, "utf8")) as { admin_interfaces: { driver: { port: number } }[] };
  config.admin_interfaces[0].driver.port = port;
  writeFileSync(file, yaml.dump(config));
  return port;
}

/**
 * Gives `player` a browser connection exactly as scripts/start.mjs does
 * (its credentials written to `<dir>/agent-<label>.json`, mode 600, with
 * the conductor's admin port, pinned: see {@link pinAdminPort}) and serves
 * the build in `distDir` to it with `vite preview` on a free port. Returns
 * the server (the caller closes it) and the page's URL.
 */
export async function serveUi(
  player: PlayerApp,
  label: string,
  dir: string,
  distDir: string,
): Promise<{ server: PreviewServer; url: string }> {
  const admin = player.conductor.adminWs();
  const uiPort = await freePort();
  const origin = `http://localhost:${uiPort}`;
  const cellId = player.namedCells.get(ROLE)?.cell_id as CellId | undefined;
  if (!cellId) throw new Error(`player ${label} has no "${ROLE}" cell`);
  const { port: appPort } = await admin.attachAppInterface({ allowed_origins: origin, installed_app_id: player.appId });
  const { token } = await admin.issueAppAuthenticationToken({ installed_app_id: player.appId, single_use: false, expiry_seconds: 0 });
  const [keyPair, signingKey] = await generateSigningKeyPair();
  const capSecret = await admin.grantSigningKey(cellId, { type: "all" }, signingKey);
  const configPath = path.join(dir, `agent-${label}.json`);
  const bytes = (u: Uint8Array) => Array.from(u);
  writeFileSync(
    configPath,
    JSON.stringify({
      appPort,
      token,
      cellId: [bytes(cellId[0]), bytes(cellId[1])],
      capSecret: bytes(capSecret),
      keyPair: { keyType: keyPair.keyType, publicKey: bytes(keyPair.publicKey), privateKey: bytes(keyPair.privateKey) },
      signingKey: bytes(signingKey),
      installedAppId: player.appId,
      adminPort: pinAdminPort(player.conductor),
    }),
    { mode: 0o600 },
  );
  return previewBuild(distDir, uiPort, configPath);
}

/**
 * Serves the build in `distDir` with `vite preview` on `port` (a free one by
 * default), `/agent-config.json` answered from `configPath`, or 404 without
 * one (as a launcher's server: the page then takes the launcher's injected
 * connection). Returns the server (the caller closes it) and the page's URL,
 * `http://localhost:<port>/`.
 */
export async function previewBuild(distDir: string, port?: number, configPath?: string): Promise<{ server: PreviewServer; url: string }> {
  port ??= await freePort();
  // ui/vite.config.ts reads this when the config is loaded, i.e. inside preview().
  if (configPath) process.env.NONDOMINIUM_AGENT_CONFIG = configPath;
  else delete process.env.NONDOMINIUM_AGENT_CONFIG;
  const server = await preview({
    root: UI_DIR,
    configFile: path.join(UI_DIR, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: distDir },
    preview: { port, strictPort: true, host: "localhost" },
  });
  return { server, url: `http://localhost:${port}/` };
}

/** Starts headless chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

/** Opens `url` in a fresh browser context (1280×900), recording page errors and console errors in `errors`. */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

/**
 * Stops what a browser scenario started, each step on its own so that one
 * failure does not keep the others from running: the browser, the preview
 * servers, the conductors (their sandboxes deleted; not `cleanUp()`, whose
 * `hc sandbox clean` would also delete other test files' sandboxes), and
 * the temporary directory. Failures are logged, never thrown.
 */
export async function closeAll(browser: Browser | undefined, servers: PreviewServer[], scenario: Scenario | undefined, tmp: string | undefined): Promise<void> {
  await browser?.close().catch((e) => console.error("closing chromium:", e));
  for (const s of servers) await s.close().catch((e) => console.error("closing vite:", e));
  if (scenario) {
    const dirs = scenario.conductors.map((c) => c.getTmpDirectory());
    await scenario.shutDown().catch((e) => console.error("stopping conductors:", e));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
