/**
 * Private Participation Receipts and reputation in the UI (spec
 * §4.3.6-4.3.12; README "Participation receipts and reputation"): my
 * receipts with whether both their signatures verify, my reputation
 * summary, sharing it with one agent, and reading and verifying the
 * summaries others shared with me. The zomes issue receipts by themselves
 * after every completed interaction and compute every figure; this module
 * only loads them through `@nondominium/client` and puts them in words.
 */
import type {
  NondominiumClient,
  ParticipationReceipt,
  ReputationShare,
  ReputationSummary,
  RolePerformance,
  VerifiedReputationSummary,
} from "@nondominium/client";
import { describeError, type UiError } from "./errors";
import { asInput, hashKey } from "./hashes";

/** One of my receipts with the outcome of its signature check. */
export interface ReceiptView {
  receipt: ParticipationReceipt;
  /**
   * zome validate_participation_claim_signature: true when both parties'
   * signatures verify against the terms, false when one does not, null when
   * the check itself failed (see `checkError`).
   */
  signaturesValid: boolean | null;
  /** Why the signature check could not run, if it could not. */
  checkError: UiError | null;
}

/** A shared summary as the page shows it: the zome's verification (which includes that it is about the agent who shared it). */
export interface SharedSummaryView {
  result: VerifiedReputationSummary;
  /** True when the zome verified it. */
  verified: boolean;
  /** The zome's problems (empty when verified). */
  problems: string[];
}

/** Loads and acts on receipts and reputation for one agent's session. */
export class Participation {
  /** base64 claim hash → signature check result: a receipt never changes, so it is checked once. */
  private readonly checked = new Map<string, boolean>();

  constructor(private readonly client: NondominiumClient) {}

  /**
   * My receipts, newest first (zome get_my_participation_claims), each with
   * whether both signatures verify (zome validate_participation_claim_signature,
   * remembered per receipt). A failing check is reported on its receipt, not thrown.
   */
  async loadReceipts(): Promise<ReceiptView[]> {
    const { governance } = this.client;
    const receipts = await governance.getMyParticipationClaims();
    const views = await Promise.all(
      receipts.map(async (receipt): Promise<ReceiptView> => {
        const key = hashKey(receipt.claim_hash);
        const known = this.checked.get(key);
        if (known !== undefined) return { receipt, signaturesValid: known, checkError: null };
        try {
          const valid = await governance.validateParticipationClaimSignature(asInput(receipt.claim_hash));
          this.checked.set(key, valid);
          return { receipt, signaturesValid: valid, checkError: null };
        } catch (e) {
          return { receipt, signaturesValid: null, checkError: describeError(e) };
        }
      }),
    );
    return views.reverse();
  }

  /** My reputation now, computed by the zome from all my receipts (zome get_reputation_summary). */
  loadReputation(): Promise<ReputationSummary> {
    return this.client.governance.getReputationSummary();
  }

  /** Lets `agent` read my signed summary (zome share_reputation_summary, which tells them). Throws the zome's error. */
  async share(agent: Uint8Array): Promise<void> {
    await this.client.governance.shareReputationSummary(asInput(agent));
  }

  /** The agents who shared a reputation summary with me (zome get_reputation_shared_with_me). */
  loadSharedWithMe(): Promise<Uint8Array[]> {
    return this.client.governance.getReputationSharedWithMe();
  }

  /** My live shares, each grant with the agent it names (zome get_my_reputation_shares). */
  loadShares(): Promise<ReputationShare[]> {
    return this.client.governance.getMyReputationShares();
  }

  /** Revokes a share (zome revoke_reputation_share): the agent's later reads are refused. Throws the zome's error. */
  async revoke(grantHash: Uint8Array): Promise<void> {
    await this.client.governance.revokeReputationShare(asInput(grantHash));
  }

  /**
   * Reads the summary `owner` shared with me and verifies it (zome
   * get_shared_reputation_summary: their signature, that it is about them,
   * each covered attestation, every figure recomputed). Throws the zome's
   * error (not shared, revoked, owner unreachable).
   */
  async readShared(owner: Uint8Array): Promise<SharedSummaryView> {
    const result = await this.client.governance.getSharedReputationSummary(asInput(owner));
    return { result, verified: result.verified, problems: result.problems };
  }
}

/** A score in 0-1 as a whole percentage, e.g. "88%". */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** A claim type's name in words, e.g. "ServiceFulfillmentCompleted" → "Service fulfillment completed". */
export function claimTypeLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An interaction context in words, e.g. "resource_validation" → "resource validation". */
export function contextLabel(context: string): string {
  return context.replaceAll("_", " ");
}

/** The groups of a summary (`claim_types` or `role_performance`), most interactions first, then by name. */
export function sortedGroups(groups: Record<string, RolePerformance>): [string, RolePerformance][] {
  return Object.entries(groups).sort(([a, x], [b, y]) => y.interaction_count - x.interaction_count || a.localeCompare(b));
}

/** "1 interaction", "4 interactions". */
export function interactions(n: number): string {
  return `${n} ${n === 1 ? "interaction" : "interactions"}`;
}
