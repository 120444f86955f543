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
 *
 * The connection recovers by itself ({@link ReconnectingAppClient}): when its
 * socket closes (the conductor stopped) or a whole load fails, it opens a new
 * one the same way, re-reading `/agent-config.json` (whose server issues a
 * fresh token: Holochain keeps app tokens in memory only, so a restarted
 * conductor knows none of the old ones), with a growing pause between tries.
 */
import {
  AppWebsocket,
  setSigningCredentials,
  type AppClient,
  type AppEvents,
  type CallZomeRequest,
  type CellId,
  type CreateCloneCellRequest,
  type DisableCloneCellRequest,
  type DumpNetworkMetricsRequest,
  type EnableCloneCellRequest,
  type RoleNameCallZomeRequest,
  type SignalCb,
} from "@holochain/client";
import { NondominiumClient } from "@nondominium/client";

/** What `on` returns: stops the listener (emittery's type, which @holochain/client does not re-export). */
type UnsubscribeFunction = () => void;

/**
 * The JSON file scripts/start.mjs writes per agent. Every byte string is a
 * plain number array (JSON has no bytes).
 */
export interface AgentConfig {
  /** Port of the app interface attached for this agent's UI origin. */
  appPort: number;
  /**
   * App authentication token (`issueAppAuthenticationToken`): in the file,
   * reusable with no expiry; as served, a fresh single-use one when the file
   * names the admin port (ui/vite.config.ts).
   */
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
  /** The app connection under `client`; it replaces its socket by itself when the conductor goes away and comes back. */
  appWs: ReconnectingAppClient;
  /** Where the first connection came from. */
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

/** One fresh app socket, opened the way {@link connect} describes. */
interface Opened {
  ws: AppWebsocket;
  source: ConnectionSource;
  config: AgentConfig | null;
}

/**
 * Opens an app socket: with the agent config when the dev server provides
 * one, else through the launcher environment. Throws with the conductor's or
 * the launcher's message when it cannot (wrong origin, revoked token, no
 * launcher, conductor down: the config server answers 503, ...).
 */
async function open(): Promise<Opened> {
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
    return { ws: await AppWebsocket.connect({ url, token: config.token }), source: "agent-config", config };
  }
  return { ws: await AppWebsocket.connect(), source: "launcher", config: null };
}

/**
 * Connects to the conductor (see {@link open}) and wraps the socket in a
 * {@link ReconnectingAppClient}. Throws when the first connection fails (the
 * page then offers "Try again").
 */
export async function connect(): Promise<Connection> {
  const first = await open();
  const appWs = new ReconnectingAppClient(first.ws, async () => (await open()).ws);
  return { client: new NondominiumClient(appWs), appWs, source: first.source, config: first.config };
}

/**
 * The pause before reconnection attempt `n` (0-based, counted since the link
 * was last stable for {@link STABLE_MS}): 0.5 s, doubling, at most
 * {@link RECONNECT_MAX_MS}.
 */
export function reconnectDelay(n: number): number {
  return Math.min(500 * 2 ** n, RECONNECT_MAX_MS);
}
/** The longest pause between two reconnection attempts. */
export const RECONNECT_MAX_MS = 3_000;
/** A socket open this long without a reconnection counts as stable: the next loss starts again at 0.5 s. */
export const STABLE_MS = 30_000;

/** `open`: the socket works; `lost`: it closed or a whole load failed, and a new one is being opened. */
export type LinkState = "open" | "lost";

/**
 * An `AppClient` over a socket it replaces when needed: the zome clients,
 * the signal subscriptions and the page's state survive a conductor's
 * restart. When the socket closes, or `reconnect()` is called (a load that
 * reached nothing), it opens a new one with `reopen`, retrying after
 * {@link reconnectDelay} until it succeeds or `close()` is called; one
 * attempt runs at a time, and the pause keeps growing across reconnections
 * until a socket stays up for {@link STABLE_MS}, so a conductor that
 * accepts sockets but answers no read is not asked again more than every
 * 3 s. A zome call made while it is lost fails as it would on the dead
 * socket (nothing is replayed: a write may or may not have run). Signal listeners move to
 * the new socket. `onState` tells the page when it is lost and open again.
 */
export class ReconnectingAppClient implements AppClient {
  private listeners = new Set<{ eventName: keyof AppEvents | readonly (keyof AppEvents)[]; listener: SignalCb; off: UnsubscribeFunction }>();
  private stateListeners = new Set<(state: LinkState) => void>();
  private pending: Promise<void> | null = null;
  private closed = false;
  /** Attempts since the link was last stable. */
  private attempts = 0;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last reconnection attempt's error, while lost. */
  lastError: unknown = null;

  constructor(
    private ws: AppWebsocket,
    private readonly reopen: () => Promise<AppWebsocket>,
  ) {
    this.watch(ws);
  }

  /** The socket in use now. */
  get current(): AppWebsocket {
    return this.ws;
  }
  /** The agent of this app (the same after a reconnection). */
  get myPubKey() {
    return this.ws.myPubKey;
  }
  /** The installed app's id. */
  get installedAppId() {
    return this.ws.installedAppId;
  }

  /** `AppWebsocket.callZome` on the current socket. */
  callZome(args: CallZomeRequest | RoleNameCallZomeRequest, timeout?: number) {
    return this.ws.callZome(args, timeout);
  }
  /** Listens on the current socket and on every later one; returns the function that stops listening. */
  on<Name extends keyof AppEvents>(eventName: Name | readonly Name[], listener: SignalCb): UnsubscribeFunction {
    const entry = { eventName, listener, off: this.ws.on(eventName, listener) };
    this.listeners.add(entry);
    return () => {
      entry.off();
      this.listeners.delete(entry);
    };
  }
  appInfo() {
    return this.ws.appInfo();
  }
  dumpNetworkStats() {
    return this.ws.dumpNetworkStats();
  }
  dumpNetworkMetrics(args: DumpNetworkMetricsRequest) {
    return this.ws.dumpNetworkMetrics(args);
  }
  createCloneCell(args: CreateCloneCellRequest) {
    return this.ws.createCloneCell(args);
  }
  enableCloneCell(args: EnableCloneCellRequest) {
    return this.ws.enableCloneCell(args);
  }
  disableCloneCell(args: DisableCloneCellRequest) {
    return this.ws.disableCloneCell(args);
  }

  /** Calls `listener` each time the link is lost or open again; returns the function that stops it. */
  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Opens a new socket (retrying with a growing pause) unless an attempt
   * already runs; resolves once one is open, or when closed.
   */
  reconnect(): Promise<void> {
    this.pending ??= this.retry().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Closes the socket for good: no reconnection after this. */
  close(): void {
    this.closed = true;
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.ws.client.socket.close();
  }

  private emit(state: LinkState): void {
    for (const l of this.stateListeners) l(state);
  }

  /**
   * Reconnects when this socket closes while it is the one in use. The dead
   * client forgets its URL, so that a call made on it meanwhile fails at
   * once instead of opening a socket of its own with a token the conductor
   * no longer knows (@holochain/client's WsClient does that).
   */
  private watch(ws: AppWebsocket): void {
    ws.client.socket.addEventListener("close", () => {
      ws.client.url = undefined;
      if (this.ws === ws && !this.closed) void this.reconnect();
    });
  }

  private async retry(): Promise<void> {
    this.emit("lost");
    if (this.stableTimer) clearTimeout(this.stableTimer);
    while (!this.closed) {
      await new Promise((r) => setTimeout(r, reconnectDelay(this.attempts++)));
      if (this.closed) return;
      try {
        const ws = await this.reopen();
        if (this.closed) {
          ws.client.socket.close();
          return;
        }
        const old = this.ws;
        this.ws = ws;
        for (const e of this.listeners) {
          e.off();
          e.off = ws.on(e.eventName, e.listener);
        }
        this.watch(ws);
        old.client.url = undefined;
        if (old.client.socket.readyState !== old.client.socket.CLOSED) old.client.socket.close();
        this.lastError = null;
        this.stableTimer = setTimeout(() => (this.attempts = 0), STABLE_MS);
        this.emit("open");
        return;
      } catch (e) {
        this.lastError = e;
      }
    }
  }
}
