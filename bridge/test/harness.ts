/**
 * What the bridge's tests and benchmark share: a Tryorama network (agents
 * from tests/src/common.ts on the production hApp), the connection file of
 * an agent for the bridge (its own app interface, token and signing key,
 * as scripts/start.mjs makes them), a bridge on a free port, and a webhook
 * receiver that verifies every delivery.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSigningKeyPair, type CellId } from "@holochain/client";
import type { Agent } from "../../tests/src/common.js";
import { buildBridge, type Bridge, type BridgeConfig } from "../src/app.js";
import type { ConductorConfig } from "../src/conductor.js";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from "../src/webhook.js";

export const REDIS_URL = process.env.REDIS_URL ?? "";
if (!REDIS_URL) throw new Error("REDIS_URL is not set: run through `npm run test:bridge` (bridge/scripts/with-redis.sh)");

const bytes = (u8: Uint8Array) => Array.from(u8);

/** The bridge's connection to `agent`'s conductor: a new app interface, a reusable token, a signing key granted all functions. */
export async function bridgeConnection(agent: Agent): Promise<ConductorConfig> {
  const admin = agent.player.conductor.adminWs();
  const installed_app_id = agent.player.appId;
  const { port } = await admin.attachAppInterface({ allowed_origins: "nondominium-bridge", installed_app_id });
  const { token } = await admin.issueAppAuthenticationToken({ installed_app_id, single_use: false, expiry_seconds: 0 });
  const cellId = agent.player.namedCells.get("nondominium")!.cell_id as CellId;
  const [keyPair, signingKey] = await generateSigningKeyPair();
  const capSecret = await admin.grantSigningKey(cellId, { type: "all" }, signingKey);
  return {
    appPort: port,
    token: bytes(token as unknown as Uint8Array),
    cellId: [bytes(cellId[0]), bytes(cellId[1])],
    capSecret: bytes(capSecret),
    keyPair: { publicKey: bytes(keyPair.publicKey), privateKey: bytes(keyPair.privateKey) },
    signingKey: bytes(signingKey),
    origin: "nondominium-bridge",
  };
}

/** A listening bridge and its base URL. */
export interface RunningBridge extends Bridge {
  url: string;
}

export async function startBridge(config: BridgeConfig): Promise<RunningBridge> {
  const bridge = await buildBridge(config);
  const address = await bridge.app.listen({ port: 0, host: "127.0.0.1" });
  return { ...bridge, url: address };
}

/** One delivery as the receiver got it, with its verdict. */
export interface Delivery {
  body: string;
  headers: Record<string, string>;
  verdict: ReturnType<typeof verifyWebhook>;
}

/** A webhook receiver on a free port: answers 200 to a delivery that verifies, 401 otherwise; `failNext` answers 500 that many times first. */
export async function webhookReceiver(secret: string) {
  const deliveries: Delivery[] = [];
  const state = { failNext: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(500).end();
        return;
      }
      const headers = {
        [TIMESTAMP_HEADER]: String(req.headers[TIMESTAMP_HEADER] ?? ""),
        [SIGNATURE_HEADER]: String(req.headers[SIGNATURE_HEADER] ?? ""),
        [DELIVERY_HEADER]: String(req.headers[DELIVERY_HEADER] ?? ""),
      };
      const verdict = verifyWebhook({ secret, body, timestamp: headers[TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER] });
      deliveries.push({ body, headers, verdict });
      res.writeHead(verdict.ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, deliveries, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** fetch + JSON: status, parsed body, headers. */
export async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** Polls a queued write until it settles (deadline `timeoutMs`); returns the job view. */
export async function settled(base: string, jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await http(base, "GET", `/api/jobs/${jobId}`);
    if (r.status === 200 && (r.body.state === "completed" || r.body.state === "failed")) return r.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
