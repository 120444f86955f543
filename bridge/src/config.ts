/**
 * The bridge's configuration from the environment (spec §8.9):
 *
 * - `BRIDGE_AGENT_CONFIG`: path of the agent's connection file (the JSON
 *   `scripts/start.mjs` writes to `.running/agent-<i>.json`: app port, app
 *   token, cell id, signing credentials; `ConductorConfig`). Required.
 * - `REDIS_URL` (default `redis://127.0.0.1:6379`), `BRIDGE_PREFIX` (default "nd").
 * - `BRIDGE_PORT` (default 8787), `BRIDGE_HOST` (default 127.0.0.1).
 * - `CACHE_TTL`: seconds a cached read lives without a signal (default 60).
 * - `BRIDGE_WORKER=0`: an API-only instance (queues writes, runs none).
 * - `WEBHOOK_URL`, `WEBHOOK_SECRET` (both or neither), `WEBHOOK_EVENTS`
 *   (comma-separated signal entry types, e.g. `Commitment,Claim,EconomicResource,ValidationReceipt`; empty: all).
 */
import { readFileSync } from "node:fs";
import type { BridgeConfig } from "./app.js";
import type { ConductorConfig } from "./conductor.js";

/** The bridge's config and where to listen; throws naming the variable that is missing or wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): { bridge: BridgeConfig; port: number; host: string } {
  const file = env.BRIDGE_AGENT_CONFIG;
  if (!file) throw new Error("BRIDGE_AGENT_CONFIG must name the agent's connection file (see bridge/scripts/run.mjs)");
  const conductor = JSON.parse(readFileSync(file, "utf8")) as ConductorConfig;
  const port = Number(env.BRIDGE_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BRIDGE_PORT must be a port number, got ${env.BRIDGE_PORT}`);
  const cacheTTL = Number(env.CACHE_TTL ?? 60);
  if (!(cacheTTL > 0)) throw new Error(`CACHE_TTL must be a positive number of seconds, got ${env.CACHE_TTL}`);
  if (Boolean(env.WEBHOOK_URL) !== Boolean(env.WEBHOOK_SECRET)) throw new Error("set both WEBHOOK_URL and WEBHOOK_SECRET, or neither");
  return {
    port,
    host: env.BRIDGE_HOST ?? "127.0.0.1",
    bridge: {
      conductor,
      redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
      prefix: env.BRIDGE_PREFIX ?? "nd",
      cacheTTL,
      worker: env.BRIDGE_WORKER !== "0",
      webhook: env.WEBHOOK_URL
        ? { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET!, entryTypes: (env.WEBHOOK_EVENTS ?? "").split(",").map((s) => s.trim()).filter(Boolean) }
        : null,
      logger: env.BRIDGE_LOG === "1",
    },
  };
}
