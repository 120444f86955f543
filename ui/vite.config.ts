/**
 * Vite config of the nondominium UI (Svelte 5, TypeScript).
 *
 * The `agentConfig` plugin serves `GET /agent-config.json` from the JSON file
 * named by the env var NONDOMINIUM_AGENT_CONFIG (scripts/start.mjs writes one
 * per agent under `.running/`). That file carries the agent's app port,
 * authentication token and zome-call signing credentials, so it is served by
 * the dev/preview server only and never copied into `dist/`. Without the env
 * var the route answers 404 and the UI connects as it would inside a launcher.
 *
 * When the file names the conductor's admin port (`adminPort`), every answer
 * carries a fresh app token and the app interface's current port, asked of
 * the admin API at that moment: Holochain keeps app tokens in memory only and
 * re-binds an interface attached on port 0 to a new port when it restarts, so
 * the page can reconnect after a restart by asking again. The admin port
 * itself never reaches the page.
 *
 * NONDOMINIUM_VITE_CACHE_DIR (optional) moves Vite's dependency cache, so that
 * several dev servers (one per agent) never rewrite the same cache at once.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AdminWebsocket } from "@holochain/client";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig, type Plugin } from "vite";

/** The route the UI fetches at start (see src/lib/connection.ts). */
const CONFIG_ROUTE = "/agent-config.json";

/** How long a token the plugin issues may wait before the page authenticates with it. */
const TOKEN_EXPIRY_SECONDS = 60;

/**
 * The page's connection as of now, when `file` names the admin port: the
 * port of the app interface of `file.installedAppId` that accepts `origin`
 * (listed by the admin API, since a restart may have moved it) and a fresh
 * single-use token for it. Returns `file` without `adminPort` otherwise.
 * Throws when the conductor cannot be reached or has no such interface.
 */
async function liveConfig(file: Record<string, unknown>, origin: string): Promise<Record<string, unknown>> {
  const { adminPort, ...config } = file;
  if (adminPort === undefined) return config;
  const installed_app_id = String(config.installedAppId);
  const admin = await AdminWebsocket.connect({
    url: new URL(`ws://localhost:${Number(adminPort)}`),
    wsClientOptions: { origin: "nondominium-agent-config" },
    defaultTimeout: 10_000,
  });
  try {
    const interfaces = await admin.listAppInterfaces();
    const mine = interfaces.find(
      (i) => i.installed_app_id === installed_app_id && (i.allowed_origins === "*" || i.allowed_origins.split(",").includes(origin)),
    );
    if (!mine) throw new Error(`no app interface of ${installed_app_id} accepts ${origin}`);
    const { token } = await admin.issueAppAuthenticationToken({ installed_app_id, single_use: true, expiry_seconds: TOKEN_EXPIRY_SECONDS });
    return { ...config, appPort: mine.port, token: Array.from(token) };
  } finally {
    await admin.client.close().catch(() => {});
  }
}

/**
 * Vite plugin answering {@link CONFIG_ROUTE} with the file at `configPath`
 * (re-read on every request, `Cache-Control: no-store`; see
 * {@link liveConfig} for a file naming the admin port), or 404 when no path
 * is given. A missing or unreadable file answers 500 with the reason, a
 * conductor that cannot be reached 503 (the page tries again later).
 */
function agentConfig(configPath: string | undefined): Plugin {
  const handler = async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== CONFIG_ROUTE) return next();
    res.setHeader("Cache-Control", "no-store");
    if (!configPath) {
      res.statusCode = 404;
      res.end("no agent config: NONDOMINIUM_AGENT_CONFIG is not set");
      return;
    }
    let file: Record<string, unknown>;
    try {
      file = JSON.parse(await readFile(configPath, "utf8"));
    } catch (e) {
      res.statusCode = 500;
      res.end(`cannot read agent config ${configPath}: ${(e as Error).message}`);
      return;
    }
    try {
      const body = JSON.stringify(await liveConfig(file, `http://${req.headers.host ?? "localhost"}`));
      res.setHeader("Content-Type", "application/json");
      res.end(body);
    } catch (e) {
      res.statusCode = 503;
      res.end(`the conductor cannot be reached: ${(e as Error).message}`);
    }
  };
  return {
    name: "nondominium-agent-config",
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}

export default defineConfig({
  plugins: [svelte(), agentConfig(process.env.NONDOMINIUM_AGENT_CONFIG)],
  cacheDir: process.env.NONDOMINIUM_VITE_CACHE_DIR || undefined,
  // The conductor only accepts the exact origin it was told about: never drift to another port.
  server: { strictPort: true },
  preview: { strictPort: true },
  // @holochain/client signs zome calls with libsodium (~230 KB gzipped); the browser gets the same
  // Ed25519 signatures from @noble/ed25519 through a small adapter (see src/lib/sodium-shim.ts).
  resolve: { alias: { "libsodium-wrappers": fileURLToPath(new URL("./src/lib/sodium-shim.ts", import.meta.url)) } },
  build: { target: "es2022" },
});
