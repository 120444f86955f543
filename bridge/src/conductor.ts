/**
 * The bridge's one connection to the conductor: an `AppWebsocket` with an app
 * token and zome-call signing credentials (as `scripts/start.mjs` gives the
 * UI), wrapped in `NondominiumClient` — the bridge reaches the hApp only
 * through `@nondominium/client` and acts as the agent whose key the
 * conductor holds (spec §8.4: the bridge adds no authority of its own).
 */
import { AppWebsocket, setSigningCredentials, type CellId } from "@holochain/client";
import { NondominiumClient, type NondominiumSignal } from "@nondominium/client";
import { ConductorUnavailable } from "./errors.js";

/**
 * Where and as whom to connect; the JSON of `.running/agent-<i>.json`
 * (scripts/start.mjs), byte arrays as number arrays, plus `origin`.
 */
export interface ConductorConfig {
  /** The app interface port on localhost (or `url`). */
  appPort?: number;
  url?: string;
  /** A reusable app authentication token. */
  token: number[];
  /** [dna hash, agent key] of the nondominium cell. */
  cellId: [number[], number[]];
  capSecret: number[];
  keyPair: { keyType?: string; publicKey: number[]; privateKey: number[] };
  signingKey: number[];
  /** The origin the app interface allows (default "nondominium-bridge"). */
  origin?: string;
}

const u8 = (a: number[]) => Uint8Array.from(a);

/** A lazily (re)connected client; `status` says whether the last attempt worked and why not. */
export class Conductor {
  private ws: AppWebsocket | null = null;
  private connecting: Promise<NondominiumClient> | null = null;
  private client: NondominiumClient | null = null;
  private readonly signalHandlers: ((s: NondominiumSignal) => void)[] = [];
  /** The last connection problem, or null when connected. */
  lastError: string | null = null;

  constructor(private readonly config: ConductorConfig, private readonly connectTimeoutMs = 3000) {
    const cellId: CellId = [u8(config.cellId[0]), u8(config.cellId[1])];
    setSigningCredentials(cellId, {
      capSecret: u8(config.capSecret),
      keyPair: { publicKey: u8(config.keyPair.publicKey), privateKey: u8(config.keyPair.privateKey) } as never,
      signingKey: u8(config.signingKey),
    });
  }

  /** The agent key the bridge acts as. */
  get agentKey(): Uint8Array {
    return u8(this.config.cellId[1]);
  }

  /** Hears every `NondominiumSignal` of this connection, across reconnections. */
  onSignal(handler: (s: NondominiumSignal) => void): void {
    this.signalHandlers.push(handler);
  }

  /** The client, connecting first when needed. Throws `ConductorUnavailable` when the conductor cannot be reached within the timeout. */
  async get(): Promise<NondominiumClient> {
    if (this.client && this.isOpen()) return this.client;
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private isOpen(): boolean {
    const socket = (this.ws?.client as unknown as { socket?: { readyState: number } } | undefined)?.socket;
    return socket?.readyState === 1;
  }

  private async connect(): Promise<NondominiumClient> {
    const url = new URL(this.config.url ?? `ws://127.0.0.1:${this.config.appPort}`);
    try {
      await this.close();
      const ws = await withTimeout(
        AppWebsocket.connect({
          url,
          token: this.config.token,
          wsClientOptions: { origin: this.config.origin ?? "nondominium-bridge" },
          defaultTimeout: 60_000,
        }),
        this.connectTimeoutMs,
      );
      this.ws = ws;
      this.client = new NondominiumClient(ws);
      this.client.onSignal((s) => this.signalHandlers.forEach((h) => h(s)));
      this.lastError = null;
      return this.client;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      this.client = null;
      throw new ConductorUnavailable(`cannot reach the conductor at ${url.href}: ${this.lastError}`);
    }
  }

  /**
   * Round trip of a cheap call (the app's info) in milliseconds, or throws
   * `ConductorUnavailable`; `/health` reports it as `holochain.latency`.
   */
  async ping(): Promise<number> {
    const client = await this.get();
    const t0 = performance.now();
    try {
      await withTimeout((client.client as AppWebsocket).appInfo(), this.connectTimeoutMs);
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      throw new ConductorUnavailable(this.lastError);
    }
    return performance.now() - t0;
  }

  /** Closes the connection (a later `get` reconnects). */
  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    this.client = null;
    if (ws) await withTimeout(ws.client.close(), 1000).catch(() => undefined);
  }
}

/** `promise`, or a rejection "timed out after N ms". */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`could not connect: timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
