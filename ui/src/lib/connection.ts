/**
 * How the UI reaches the conductor.
 *
 * Two paths, picked at start:
 * - Dev (no launcher): `GET /agent-config.json` (served by the Vite plugin in
 *   vite.config.ts from the file scripts/start.mjs wrote for this agent)
 *   returns the app port, an app authentication token and zome-call signing
 *   credentials. We register the credentials with `setSigningCredentials`
 *   and connect with `AppWebsocket.connect({ url, token })`.
 * - Inside a launcher (the route answers 404): `AppWebsocket.connect()` with
 *   no arguments, which takes the launcher's injected port, token and signer.
 */
import { AppWebsocket, setSigningCredentials, type CellId } from "@holochain/client";
import { NondominiumClient } from "@nondominium/client";

/**
 * The JSON file scripts/start.mjs writes per agent. Every byte string is a
 * plain number array (JSON has no bytes).
 */
export interface AgentConfig {
  /** Port of the app interface attached for this agent's UI origin. */
  appPort: number;
  /** App authentication token (`issueAppAuthenticationToken`, reusable, no expiry). */
  token: number[];
  /** `[dnaHash, agentPubKey]` of the agent's nondominium cell, 39 bytes each. */
  cellId: [number[], number[]];
  /** Secret of the cap grant assigned to `signingKey`. */
  capSecret: number[];
  /** Ed25519 key pair that signs zome calls (libsodium `KeyPair` shape). */
  keyPair: { keyType: string; publicKey: number[]; privateKey: number[] };
  /** The signing public key as an AgentPubKey (39 bytes), the grant's assignee. */
  signingKey: number[];
  /** Informational: installed app id, e.g. `nondominium-1`. */
  installedAppId?: string;
  /** Informational: the demo name given to this agent by the start script. */
  agentName?: string;
}

/** Where the UI got its connection from. */
export type ConnectionSource = "agent-config" | "launcher";

/** A live connection. */
export interface Connection {
  client: NondominiumClient;
  appWs: AppWebsocket;
  source: ConnectionSource;
  config: AgentConfig | null;
}

/**
 * Fetches `/agent-config.json`. Returns null when the server has none (404, or
 * an HTML fallback page), which means "we are inside a launcher".
 * Throws when the server has one but it cannot be read or is malformed.
 */
export async function loadAgentConfig(fetchFn: typeof fetch = fetch): Promise<AgentConfig | null> {
  let res: Response;
  try {
    res = await fetchFn("/agent-config.json", { cache: "no-store" });
  } catch {
    return null; // no HTTP server we control (e.g. a launcher's custom protocol)
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`agent config: HTTP ${res.status}: ${await res.text()}`);
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  return parseAgentConfig(await res.json());
}

/**
 * Checks the shape of an agent config read from JSON.
 * Throws an Error naming the first bad field.
 */
export function parseAgentConfig(raw: unknown): AgentConfig {
  const c = raw as Partial<AgentConfig> | null;
  const isBytes = (v: unknown, len?: number) =>
    Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0 && n < 256) && (len === undefined || v.length === len);
  if (!c || typeof c !== "object") throw new Error("agent config: not an object");
  if (!Number.isInteger(c.appPort)) throw new Error("agent config: appPort must be an integer");
  if (!isBytes(c.token)) throw new Error("agent config: token must be a byte array");
  if (!Array.isArray(c.cellId) || c.cellId.length !== 2 || !isBytes(c.cellId[0], 39) || !isBytes(c.cellId[1], 39)) {
    throw new Error("agent config: cellId must be [dnaHash, agentPubKey], 39 bytes each");
  }
  if (!isBytes(c.capSecret, 64)) throw new Error("agent config: capSecret must be 64 bytes");
  if (!c.keyPair || !isBytes(c.keyPair.publicKey, 32) || !isBytes(c.keyPair.privateKey, 64)) {
    throw new Error("agent config: keyPair must hold a 32-byte publicKey and a 64-byte privateKey");
  }
  if (!isBytes(c.signingKey, 39)) throw new Error("agent config: signingKey must be 39 bytes");
  return c as AgentConfig;
}

/**
 * Connects to the conductor: with the agent config when the dev server
 * provides one, else through the launcher environment.
 * Throws with the conductor's or the launcher's message when it cannot
 * (wrong origin, revoked token, no launcher, ...).
 */
export async function connect(): Promise<Connection> {
  const config = await loadAgentConfig();
  if (config) {
    const cellId: CellId = [new Uint8Array(config.cellId[0]), new Uint8Array(config.cellId[1])];
    setSigningCredentials(cellId, {
      capSecret: new Uint8Array(config.capSecret),
      keyPair: {
        keyType: config.keyPair.keyType as "ed25519",
        publicKey: new Uint8Array(config.keyPair.publicKey),
        privateKey: new Uint8Array(config.keyPair.privateKey),
      },
      signingKey: new Uint8Array(config.signingKey),
    });
    const url = new URL(`ws://${window.location.hostname || "localhost"}:${config.appPort}`);
    const appWs = await AppWebsocket.connect({ url, token: config.token });
    return { client: new NondominiumClient(appWs), appWs, source: "agent-config", config };
  }
  const appWs = await AppWebsocket.connect();
  return { client: new NondominiumClient(appWs), appWs, source: "launcher", config: null };
}
