/**
 * The wait that keeps an agent's interactions, made back to back, from
 * colliding with the receipt exchange of the one before (README,
 * *Participation receipts*; REQ-PPR-02).
 *
 * After an interaction that yields participation receipts commits (a Claim,
 * or an approving resource, process or end-of-life validation), the
 * governance zome's `post_commit` runs the exchange in the background: it
 * asks the counterparty to sign, then writes the issuer's receipt and the
 * public attestation on the issuer's chain, 150-300 ms later on this
 * machine. An interaction the same agent starts in that time is refused at
 * its commit ("source chain head has moved") after all its work, and the
 * client runs it again: measured on 2026-12-07, every claim made right after
 * another lost exactly one attempt to the previous claim's receipts, about
 * as long again as the claim itself.
 *
 * The gate lets the next interaction start after the exchange instead: an
 * interaction that starts one marks it pending (`started`); the issuer's
 * attestation, which the exchange writes last, reaches this connection as a
 * live-update signal (`ParticipationAttestation` created, authored by this
 * agent) and ends the oldest pending one; the next interaction first waits
 * (`settled`) until none is pending, or until `maxWaitMs` after the last
 * one started — an exchange whose counterparty is offline writes nothing
 * and is retried later (`issue_pending_participation_receipts`), so the
 * wait gives up rather than stall the agent. Nothing is decided here: the
 * exchange runs as before, and a write that still collides is run again by
 * `retryOnHeadMoved`.
 */
import type { AppClient } from "@holochain/client";
import { sameBytes } from "./holo.js";
import { onNondominiumSignal, type NondominiumSignal, type Unsubscribe } from "./signals.js";

/** How long an interaction waits at most for the previous one's exchange, in ms (its usual length is 150-300 ms). */
export const EXCHANGE_WAIT_MS = 1500;

/** Whether `signal` reports an attestation this agent (`me`) wrote: the last write of one of its exchanges. */
export function endsAnExchange(signal: NondominiumSignal, me: Uint8Array): boolean {
  return signal.entry_type === "ParticipationAttestation" && signal.change === "created" && sameBytes(signal.author, me);
}

/** See the module documentation: one per app connection (one agent). */
export class ReceiptExchangeGate {
  private pending = 0;
  /** When the wait for the pending exchanges gives up (ms, `now()`'s clock). */
  private giveUpAt = 0;
  private waiters: (() => void)[] = [];
  private unsubscribe: Unsubscribe | null = null;

  /**
   * `client` is the connection whose signals report the exchanges' ends;
   * `maxWaitMs` bounds a wait (ms after the last `started`); `now` is the
   * clock (ms) and `setTimer` the timer, for tests.
   */
  constructor(
    private readonly client: Pick<AppClient, "on" | "myPubKey">,
    private readonly maxWaitMs: number = EXCHANGE_WAIT_MS,
    private readonly now: () => number = () => Date.now(),
    private readonly setTimer: (f: () => void, ms: number) => () => void = (f, ms) => {
      const t = setTimeout(f, ms);
      return () => clearTimeout(t);
    },
  ) {}

  /** How many exchanges are pending (started and not seen to end). */
  get pendingExchanges(): number {
    return this.pending;
  }

  /**
   * Marks one exchange pending: call it when an interaction that yields
   * receipts has committed. Subscribes to the connection's signals the
   * first time.
   */
  started(): void {
    this.unsubscribe ??= onNondominiumSignal(this.client as AppClient, (signal) => {
      if (endsAnExchange(signal, this.client.myPubKey)) this.ended();
    });
    this.pending++;
    this.giveUpAt = this.now() + this.maxWaitMs;
  }

  /** One pending exchange ended (its attestation was written). */
  ended(): void {
    if (this.pending > 0) this.pending--;
    if (this.pending === 0) this.wake();
  }

  /**
   * Resolves at once when no exchange is pending; otherwise when the
   * pending ones have ended, or `maxWaitMs` after the last one started,
   * whichever comes first (after which they no longer count). Never rejects.
   */
  async settled(): Promise<void> {
    const left = this.giveUpAt - this.now();
    if (this.pending === 0) return;
    if (left <= 0) {
      this.pending = 0;
      return;
    }
    await new Promise<void>((resolve) => {
      const cancel = this.setTimer(() => {
        this.pending = 0;
        this.wake();
      }, left);
      this.waiters.push(() => {
        cancel();
        resolve();
      });
    });
  }

  /** Stops listening to the connection's signals. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
