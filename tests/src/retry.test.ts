/**
 * The typed client runs a zome call again only when the conductor says the
 * commit did not happen and may be retried (client/src/holo.ts
 * `retryOnHeadMoved`): the chain head moved under it, or Holochain's
 * `IncompleteCommit` (a cited record not held yet, `DepMissingFromDht`).
 * These checks need no conductor: the call is a stand-in that fails as the
 * conductor's errors read, and the pauses are recorded instead of slept.
 */
import { describe, expect, it } from "vitest";
import { HEAD_MOVED_ATTEMPTS, retryOnHeadMoved, retryPauseMs } from "@nondominium/client";

const HEAD_MOVED = "Source chain error: The source chain head has moved since this call began";
const INCOMPLETE =
  "Source chain error: The commit could not be completed but may be retried: DepMissingFromDht(uhCkk…)";

/** A call that throws `errors` in turn, then answers "ok"; and the pauses asked for. */
function scripted(errors: string[]) {
  const pauses: number[] = [];
  let calls = 0;
  const call = async () => {
    calls++;
    const e = errors.shift();
    if (e !== undefined) throw new Error(e);
    return "ok";
  };
  const sleep = async (ms: number) => void pauses.push(ms);
  return { call, sleep, pauses, calls: () => calls };
}

describe("the client's retry of commits that may be retried", () => {
  it("runs a call again after a moved chain head or an incomplete commit, with growing pauses", async () => {
    const s = scripted([HEAD_MOVED, INCOMPLETE, INCOMPLETE]);
    expect(await retryOnHeadMoved(s.call, s.sleep)).toBe("ok");
    expect(s.calls()).toBe(4);
    expect(s.pauses).toHaveLength(3);
    expect(s.pauses[0]).toBeGreaterThanOrEqual(75);
    expect(s.pauses[2]).toBeGreaterThan(s.pauses[0]);
  });

  it("tells onRetry of each attempt it runs again, with its number and error, and of nothing else", async () => {
    const s = scripted([HEAD_MOVED, INCOMPLETE]);
    const heard: [number, string][] = [];
    expect(await retryOnHeadMoved(s.call, s.sleep, (attempt, e) => heard.push([attempt, String(e)]))).toBe("ok");
    expect(heard.map(([n]) => n)).toEqual([1, 2]);
    expect(heard[0][1]).toContain("head has moved");
    expect(heard[1][1]).toContain("may be retried");
    const refused = scripted(["InvalidCommit error: EconomicEvent provider must be the author"]);
    const none: number[] = [];
    await expect(retryOnHeadMoved(refused.call, refused.sleep, (n) => none.push(n))).rejects.toThrow(/provider/);
    expect(none).toEqual([]);
  });

  it("throws any other error at once: a rule's refusal is not retried", async () => {
    const s = scripted(["InvalidCommit error: EconomicEvent provider must be the author"]);
    await expect(retryOnHeadMoved(s.call, s.sleep)).rejects.toThrow(/provider must be the author/);
    expect([s.calls(), s.pauses.length]).toEqual([1, 0]);
  });

  it("gives up after HEAD_MOVED_ATTEMPTS runs with the last error, having paused about 3 s", async () => {
    const s = scripted(Array(HEAD_MOVED_ATTEMPTS + 2).fill(INCOMPLETE));
    await expect(retryOnHeadMoved(s.call, s.sleep)).rejects.toThrow(/may be retried/);
    expect(s.calls()).toBe(HEAD_MOVED_ATTEMPTS);
    const total = s.pauses.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.75 * 3100);
    expect(total).toBeLessThan(1.25 * 3100);
  });

  it("jitters each pause within ±25 % of 100 ms × 2^(n-1)", () => {
    expect(retryPauseMs(1, () => 0)).toBe(75);
    expect(retryPauseMs(1, () => 1)).toBe(125);
    expect(retryPauseMs(5, () => 0.5)).toBe(1600);
  });
});
