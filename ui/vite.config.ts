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
 * NONDOMINIUM_VITE_CACHE_DIR (optional) moves Vite's dependency cache, so that
 * several dev servers (one per agent) never rewrite the same cache at once.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { IncomingMessage, ServerResponse } from "node:http";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig, type Plugin } from "vite";

/** The route the UI fetches at start (see src/lib/connection.ts). */
const CONFIG_ROUTE = "/agent-config.json";

/**
 * Vite plugin answering {@link CONFIG_ROUTE} with the file at `configPath`
 * (re-read on every request, `Cache-Control: no-store`), or 404 when no path
 * is given. A missing or unreadable file answers 500 with the reason.
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
    try {
      const body = await readFile(configPath, "utf8");
      res.setHeader("Content-Type", "application/json");
      res.end(body);
    } catch (e) {
      res.statusCode = 500;
      res.end(`cannot read agent config ${configPath}: ${(e as Error).message}`);
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
