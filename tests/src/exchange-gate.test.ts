/**
 * The client's wait between an agent's interactions and the receipt
 * exchange of the one before (client/src/exchange-gate.ts). These checks
 * need no conductor: the connection is a stand-in that delivers the signals
 * a conductor would, and the clock and timer are the test's.
 * `participation.test.ts` shows the wait against real conductors.
 */
import { describe, expect, it } from "vitest";
import { SignalType, type Signal } from "@holochain/client";
import { EXCHANGE_WAIT_MS, ReceiptExchangeGate, type NondominiumSignal } from "@nondominium/client";

const agentKey = (fill: number) => new Uint8Array([0x84, 0x20, 0x24, ...new Array(36).fill(fill)]);
const ME = agentKey(7);
const OTHER = agentKey(9);

/** A connection that delivers signals on demand, a clock and a timer the test moves. */
function standIn() {
  const handlers: ((signal: Signal) => void)[] = [];
  let now = 0;
  let timers: { at: number; f: () => void }[] = [];
  const connection = {
    myPubKey: ME,
    on: (_event: "signal", handler: (signal: Signal) => void) => {
      handlers.push(handler);
      return () => void handlers.splice(handlers.indexOf(handler), 1);
    },
  };
  const signal = (entry_type: NondominiumSignal["entry_type"], author: Uint8Array) => {
    const payload: NondominiumSignal = {
      entry_type,
      change: "created",
      action_hash: new Uint8Array([132, 41, 36, ...new Array(36).fill(1)]),
      author,
      timestamp: 0,
      concerns: [],
    };
    for (const h of [...handlers]) h({ type: SignalType.App, value: { cell_id: [ME, ME], zome_name: "governance", payload } } as unknown as Signal);
  };
  const gate = new ReceiptExchangeGate(
    connection as never,
    EXCHANGE_WAIT_MS,
    () => now,
    (f, ms) => {
      const timer = { at: now + ms, f };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
  );
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.f();
    }
  };
  return { gate, signal, advance, subscribers: () => handlers.length };
}

/** Whether `p` has settled after the pending callbacks ran. */
async function isDone(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

describe("the wait for the previous interaction's receipt exchange", () => {
  it("does not wait when no exchange is pending, and listens to signals only once one starts", async () => {
    const s = standIn();
    expect(await isDone(s.gate.settled())).toBe(true);
    expect(s.subscribers()).toBe(0);
    s.gate.started();
    expect(s.subscribers()).toBe(1);
  });

  it("waits until this agent's attestation is written, and not for anything else", async () => {
    const s = standIn();
    s.gate.started();
    const wait = s.gate.settled();
    s.signal("ParticipationAttestation", OTHER);
    s.signal("PrivateParticipationClaim", ME);
    s.signal("Claim", ME);
    expect(await isDone(wait)).toBe(false);
    s.signal("ParticipationAttestation", ME);
    expect(await isDone(wait)).toBe(true);
    expect(s.gate.pendingExchanges).toBe(0);
  });

  it("waits for as many attestations as exchanges started", async () => {
    const s = standIn();
    s.gate.started();
    s.gate.started();
    const wait = s.gate.settled();
    s.signal("ParticipationAttestation", ME);
    expect(await isDone(wait)).toBe(false);
    s.signal("ParticipationAttestation", ME);
    expect(await isDone(wait)).toBe(true);
  });

  it("gives up EXCHANGE_WAIT_MS after the last exchange started (a counterparty offline writes nothing)", async () => {
    const s = standIn();
    s.gate.started();
    s.advance(500);
    const wait = s.gate.settled();
    s.advance(EXCHANGE_WAIT_MS - 501);
    expect(await isDone(wait)).toBe(false);
    s.advance(1);
    expect(await isDone(wait)).toBe(true);
    expect(s.gate.pendingExchanges).toBe(0);
    // Past the deadline, a later wait does not wait either.
    s.gate.started();
    s.advance(EXCHANGE_WAIT_MS);
    expect(await isDone(s.gate.settled())).toBe(true);
  });
});
