/**
 * Private Participation Receipts and reputation (spec §4.3.6-4.3.12, §6.1,
 * §6.3; REQ-PPR-01..12): the shapes the `governance` zome returns. Every
 * completed interaction (a Claim, an approving resource, process or
 * end-of-life validation) gives each party one private receipt signed by
 * both, and the network one public attestation; the methods are on
 * `GovernanceClient`. Times are microseconds since the epoch; every score
 * is in 0.0-1.0.
 */
import { z } from "zod";
import { ActionHashSchema, AgentPubKeySchema, EntryHashSchema, TimestampSchema } from "./holo.js";
import { ParticipationClaimTypeSchema } from "./vocabulary.js";

export { PARTICIPATION_CLAIM_TYPES, ParticipationClaimTypeSchema, type ParticipationClaimType } from "./vocabulary.js";

/** An Ed25519 signature: 64 bytes. */
export const SignatureSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.length === 64, "a 64-byte Ed25519 signature");

const Score = z.number().min(0).max(1);

/**
 * `PerformanceMetrics` (spec §4.3.8), computed from public records:
 * timeliness 1 when recorded by the commitment's due date (else 0; 1 for a
 * validation), completion the delivered share of the committed quantity,
 * reliability their mean, quality and communication 1 (the counterparty's
 * signature is its acceptance; there is no rating yet).
 */
export const PerformanceMetricsSchema = z.object({
  timeliness_score: Score,
  quality_score: Score,
  reliability_score: Score,
  communication_score: Score,
  completion_rate: Score,
  resource_condition_maintained: z.boolean().nullable(),
  additional_metrics: z.string().nullable(),
});
export type PerformanceMetrics = z.infer<typeof PerformanceMetricsSchema>;

/** What both parties signed: derived from the interaction's public records only. */
export const ParticipationTermsSchema = z.object({
  /** The interaction: a Claim or an approving ValidationReceipt. */
  about: ActionHashSchema,
  /** The Commitment a Claim fulfils (null for a validation). */
  fulfills: ActionHashSchema.nullable(),
  /** The Claim's EconomicEvent, or the item a validation is about. */
  fulfilled_by: ActionHashSchema,
  issuer: AgentPubKeySchema,
  counterparty: AgentPubKeySchema,
  issuer_claim_type: ParticipationClaimTypeSchema,
  counterparty_claim_type: ParticipationClaimTypeSchema,
  interaction_context: z.string(),
  role_context: z.string().nullable(),
  resource_reference: ActionHashSchema.nullable(),
  performance_metrics: PerformanceMetricsSchema,
  interaction_time: TimestampSchema,
});
export type ParticipationTerms = z.infer<typeof ParticipationTermsSchema>;

/** Both parties' Ed25519 signatures of the terms, and the terms' entry hash. */
export const BilateralSignatureSchema = z.object({
  signed_data_hash: EntryHashSchema,
  issuer_signature: SignatureSchema,
  counterparty_signature: SignatureSchema,
});
export type BilateralSignature = z.infer<typeof BilateralSignatureSchema>;

/** `PrivateParticipationClaim` (spec §4.3.6): the owner's claim type and counterparty, the terms, both signatures. */
export const PrivateParticipationClaimSchema = z.object({
  claim_type: ParticipationClaimTypeSchema,
  counterparty: AgentPubKeySchema,
  terms: ParticipationTermsSchema,
  bilateral_signature: BilateralSignatureSchema,
});
export type PrivateParticipationClaim = z.infer<typeof PrivateParticipationClaimSchema>;

/** One of my receipts: its action hash, when written, the receipt, and its pair's public attestation (entry hash). */
export const ParticipationReceiptSchema = z.object({
  claim_hash: ActionHashSchema,
  claimed_at: TimestampSchema,
  claim: PrivateParticipationClaimSchema,
  attestation_entry_hash: EntryHashSchema,
});
export type ParticipationReceipt = z.infer<typeof ParticipationReceiptSchema>;

/** What `issueParticipationReceipts` wrote (null: the interaction yields no receipts). */
export const IssuedReceiptsSchema = z
  .object({ claim_hash: ActionHashSchema, attestation_hash: ActionHashSchema, attestation_entry_hash: EntryHashSchema })
  .nullable();
export type IssuedReceipts = z.infer<typeof IssuedReceiptsSchema>;

/** Figures of one claim type or one role (spec §4.3.11). */
export const RolePerformanceSchema = z.object({
  role_name: z.string(),
  interaction_count: z.number().int(),
  average_performance: Score,
  specialization_score: Score,
  last_activity: TimestampSchema,
});
export type RolePerformance = z.infer<typeof RolePerformanceSchema>;

/** One interaction of the last 30 days (spec §4.3.12). */
export const RecentInteractionSchema = z.object({
  interaction_type: z.string(),
  counterparty: AgentPubKeySchema,
  performance_score: Score,
  interaction_date: TimestampSchema,
  resource_involved: ActionHashSchema.nullable(),
});
export type RecentInteraction = z.infer<typeof RecentInteractionSchema>;

/**
 * `ReputationSummary` (spec §4.3.10): means over the receipts in
 * (interaction_time, about) order; `reputation_score` is
 * min(1, Σ performance / 10), so covering fewer receipts never raises it.
 */
export const ReputationSummarySchema = z.object({
  agent: AgentPubKeySchema,
  total_interactions: z.number().int(),
  average_timeliness: Score,
  average_quality: Score,
  average_reliability: Score,
  average_communication: Score,
  completion_rate: Score,
  on_time_rate: Score,
  average_performance: Score,
  reputation_score: Score,
  claim_types: z.record(z.string(), RolePerformanceSchema),
  role_performance: z.record(z.string(), RolePerformanceSchema),
  recent_activity: z.array(RecentInteractionSchema),
  calculated_at: TimestampSchema,
});
export type ReputationSummary = z.infer<typeof ReputationSummarySchema>;

/** A summary its agent signed, with the entry hashes of the attestations it covers. */
export const SignedReputationSummarySchema = z.object({
  summary: ReputationSummarySchema,
  covers: z.array(EntryHashSchema),
  signature: SignatureSchema,
});
export type SignedReputationSummary = z.infer<typeof SignedReputationSummarySchema>;

/** One share of my reputation: the grant (to revoke) and the agent it names. */
export const ReputationShareSchema = z.object({ grant_hash: ActionHashSchema, agent: AgentPubKeySchema });
export type ReputationShare = z.infer<typeof ReputationShareSchema>;

/** A summary as its reader verified it: `verified` when `problems` is empty. */
export const VerifiedReputationSummarySchema = z.object({
  signed: SignedReputationSummarySchema,
  verified: z.boolean(),
  problems: z.array(z.string()),
});
export type VerifiedReputationSummary = z.infer<typeof VerifiedReputationSummarySchema>;
