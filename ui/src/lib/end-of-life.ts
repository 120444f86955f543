/**
 * Where a resource's end of life stands for me, from
 * `resource.get_end_of_life_status` and the clock (REQ-GOV-11/12/13):
 * during the challenge period Accountable Agents other than the declarer may
 * challenge; after it they confirm (a challenger resolves their challenge by
 * confirming); the custodian finalises once the period is over, no challenge
 * is open and enough confirmations exist. Only hints for the buttons: the
 * zomes decide, and their refusals are shown as they word them.
 */
import type { EndOfLifeStatus, ResourceSpecification } from "@nondominium/client";
import { sameHash } from "./hashes";
import { DEFAULT_END_OF_LIFE, parseRule, type EndOfLifeRule } from "./rules";

export interface EndOfLifeView {
  /** When the challenge period ends, in ms since the epoch. */
  endsAt: number;
  /** Milliseconds left in the challenge period (0 once over). */
  leftMs: number;
  periodOver: boolean;
  iDeclared: boolean;
  iConfirmed: boolean;
  iChallenged: boolean;
  /** My challenge is open (I have not confirmed since). */
  myChallengeOpen: boolean;
  canChallenge: boolean;
  canConfirm: boolean;
  /** The custodian may finalise now; otherwise `finaliseWaitsFor` says why not. */
  finaliseReady: boolean;
  finaliseWaitsFor: string | null;
}

/** `status` for the agent `me` at time `now` (ms since the epoch). */
export function endOfLifeView(status: EndOfLifeStatus, me: Uint8Array, now: number): EndOfLifeView {
  const endsAt = Math.floor(status.challenge_period_ends / 1000);
  const leftMs = Math.max(0, endsAt - now);
  const periodOver = leftMs === 0;
  const iDeclared = sameHash(status.declaration.author, me);
  const iConfirmed = status.confirmations.some((c) => sameHash(c.entry.validator, me));
  const iChallenged = status.challenges.some((c) => sameHash(c.entry.validator, me));
  const myChallengeOpen = status.open_challenges.some((a) => sameHash(a, me));
  const open = !status.is_final && !iDeclared;
  const waits: string[] = [];
  if (!periodOver) waits.push("the end of the challenge period");
  if (status.open_challenges.length > 0) {
    const n = status.open_challenges.length;
    waits.push(`${n} open ${n === 1 ? "challenge" : "challenges"} to be resolved`);
  }
  const missing = status.required_confirmations - status.confirmations.length;
  if (missing > 0) waits.push(`${missing} more ${missing === 1 ? "confirmation" : "confirmations"}`);
  return {
    endsAt,
    leftMs,
    periodOver,
    iDeclared,
    iConfirmed,
    iChallenged,
    myChallengeOpen,
    canChallenge: open && !periodOver && !iChallenged && !iConfirmed,
    canConfirm: open && periodOver && !iConfirmed,
    finaliseReady: !status.is_final && waits.length === 0,
    finaliseWaitsFor: status.is_final || waits.length === 0 ? null : `Finalising waits for ${waits.join(", ")}.`,
  };
}

/** A countdown with live seconds: "19 s", "4 min 05 s", "3 h 04 min 05 s", "6 d 23 h 59 min 58 s". */
export function formatCountdown(ms: number): string {
  let s = Math.ceil(Math.max(0, ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (x: number) => String(x).padStart(2, "0");
  if (d > 0) return `${d} d ${h} h ${two(m)} min ${two(s)} s`;
  if (h > 0) return `${h} h ${two(m)} min ${two(s)} s`;
  if (m > 0) return `${m} min ${two(s)} s`;
  return `${s} s`;
}

/** The specification's end_of_life rule with the zomes' defaults filled in. */
export function endOfLifeRuleOf(spec: ResourceSpecification | undefined): Required<EndOfLifeRule> {
  for (const r of spec?.governance_rules ?? []) {
    const typed = r.rule_type === "end_of_life" ? parseRule(r) : null;
    if (typed?.rule_type === "end_of_life") return { ...DEFAULT_END_OF_LIFE, ...typed.data };
  }
  return { ...DEFAULT_END_OF_LIFE };
}
