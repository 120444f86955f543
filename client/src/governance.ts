/**
 * Client of the `governance` zome, the operator that decides every resource
 * state transition and records its EconomicEvent (spec §3, §4.3, §5, §6.3).
 */
import { z } from "zod";
import { EXCHANGE_WAIT_MS, ReceiptExchangeGate } from "./exchange-gate.js";
import { ValidationReceiptRecord, ValidationReceiptSchema, type ValidationReceipt } from "./validation-receipt.js";
import { CommitmentStatusSchema, DecisionSchema, ValidationTypeSchema } from "./vocabulary.js";
import {
  ActionHashSchema,
  AgentPubKeySchema,
  decodeRecord,
  EntryRecord,
  ResourceIdSchema,
  sameBytes,
  TimestampSchema,
  Unit,
  ZomeClient,
} from "./holo.js";
import { EconomicResourceSchema, RecordedEventSchema, ValidationStateSchema, type RecordedEvent } from "./resource.js";

import { EconomicEventSchema, VfActionSchema, type EconomicEvent } from "./economic-event.js";
import {
  ProcessTypeSchema,
  ProcessValidationStatusSchema,
  ValidateProcessInputSchema,
  type ProcessValidationStatus,
  type ValidateProcessInput,
} from "./process.js";
import {
  IssuedReceiptsSchema,
  ParticipationClaimTypeSchema,
  ParticipationReceiptSchema,
  ReputationShareSchema,
  ReputationSummarySchema,
  SignedReputationSummarySchema,
  VerifiedReputationSummarySchema,
  type IssuedReceipts,
  type ParticipationClaimType,
  type ParticipationReceipt,
  type ReputationShare,
  type ReputationSummary,
  type SignedReputationSummary,
  type VerifiedReputationSummary,
} from "./participation.js";
export { VF_ACTIONS, VfActionSchema, EconomicEventSchema } from "./economic-event.js";
export type { VfAction, EconomicEvent } from "./economic-event.js";

export { ValidationReceiptSchema, ValidationReceiptRecord, type ValidationReceipt } from "./validation-receipt.js";

/** `TransitionContext` (spec §5.2). */
export const TransitionContextSchema = z.object({
  target_location: z.string().nullable().default(null),
  quantity_change: z.number().finite().nullable().default(null),
  target_custodian: AgentPubKeySchema.nullable().default(null),
  process_notes: z.string().nullable().default(null),
  process_context: ActionHashSchema.nullable().default(null),
  state: z.string().nullable().default(null),
  stage: z.string().nullable().default(null),
  contained_in: ActionHashSchema.nullable().default(null),
});

/**
 * `GovernanceTransitionRequest` (spec §5.1), plus `resource_hash`: the
 * revision the request starts from, which the event cites.
 */
export const GovernanceTransitionRequestSchema = z.object({
  action: VfActionSchema,
  resource: EconomicResourceSchema,
  resource_hash: ActionHashSchema,
  requesting_agent: AgentPubKeySchema,
  context: TransitionContextSchema,
});
export type GovernanceTransitionRequest = z.input<typeof GovernanceTransitionRequestSchema>;

/**
 * `GovernanceTransitionResult` (spec §5.3), plus `economic_event_hash`: the
 * action hash of the recorded event, which the new resource revision cites.
 */
export const GovernanceTransitionResultSchema = z.object({
  success: z.boolean(),
  new_resource_state: EconomicResourceSchema.nullable(),
  economic_event: EconomicEventSchema.nullable(),
  economic_event_hash: ActionHashSchema.nullable(),
  validation_receipts: z.array(ValidationReceiptSchema),
  rejection_reasons: z.array(z.string()).nullable(),
  next_steps: z.array(z.string()).nullable(),
});
export type GovernanceTransitionResult = z.infer<typeof GovernanceTransitionResultSchema>;

/** Input of `create_validation_receipt`: the caller is the validator. */
export const CreateValidationReceiptInputSchema = z.object({
  validated_item: ActionHashSchema,
  validation_type: ValidationTypeSchema,
  approved: z.boolean(),
  notes: z.string().nullable().default(null),
});
export type CreateValidationReceiptInput = z.input<typeof CreateValidationReceiptInputSchema>;

/** Input of `validate_new_resource`: any revision of the resource and the verdict. */
/** Input of `validate_agent_identity`: the candidate, the verdict, optional notes (≤ 1000 characters). */
export const ValidateAgentIdentityInputSchema = z.object({
  candidate: AgentPubKeySchema,
  approved: z.boolean(),
  notes: z.string().max(1000, "notes must be at most 1000 characters").nullable().default(null),
});
export type ValidateAgentIdentityInput = z.input<typeof ValidateAgentIdentityInputSchema>;

export const ValidateNewResourceInputSchema = z.object({
  resource_hash: ActionHashSchema,
  approved: z.boolean(),
  notes: z.string().max(1000, "notes must be at most 1000 characters").nullable().default(null),
});
export type ValidateNewResourceInput = z.input<typeof ValidateNewResourceInputSchema>;

/** Input of `confirm_end_of_life` / `challenge_end_of_life`: the declaration and notes (a challenge's reason). */
export const EndOfLifeAnswerInputSchema = z.object({
  declaration_hash: ActionHashSchema,
  notes: z.string().max(1000, "notes must be at most 1000 characters").nullable().default(null),
});
export type EndOfLifeAnswerInput = z.input<typeof EndOfLifeAnswerInputSchema>;

/** `ResourceValidation` (spec §4.3.5), computed from the distinct verdicts under the scheme. */
export const ResourceValidationSchema = z.object({
  resource: ActionHashSchema,
  validation_scheme: z.string(),
  required_validators: z.number().int(),
  current_validators: z.number().int(),
  approvals: z.number().int(),
  rejections: z.number().int(),
  status: ValidationStateSchema,
  /** The approving receipts, one per validator: what `confirmResourceValidation` cites. */
  approval_receipts: z.array(ActionHashSchema),
});
export type ResourceValidation = z.infer<typeof ResourceValidationSchema>;


const MaybeEventRecord = z.unknown().transform((r) => (r == null ? null : decodeRecord(EconomicEventSchema, r)));

export class GovernanceClient extends ZomeClient {
  /**
   * The wait that starts this agent's next interaction after the receipt
   * exchange of its previous one (exchange-gate.ts): the four interaction
   * methods below wait on it, then mark the exchange their write starts.
   */
  readonly exchanges: ReceiptExchangeGate;

  /** `exchangeWaitMs`: how long an interaction waits at most for the previous one's receipt exchange. */
  constructor(client: ConstructorParameters<typeof ZomeClient>[0], roleName?: string, exchangeWaitMs = EXCHANGE_WAIT_MS) {
    super(client, "governance", roleName);
    this.exchanges = new ReceiptExchangeGate(client, exchangeWaitMs);
  }

  /**
   * Runs the interaction `write` after the previous interaction's receipt
   * exchange (`exchanges.settled()`), and marks the exchange its record
   * starts when `yieldsReceipts` says it does (a Claim; an approving
   * resource, process or end-of-life validation: `participation_terms`).
   */
  private async interaction<T>(write: () => Promise<T>, yieldsReceipts: (result: T) => boolean): Promise<T> {
    await this.exchanges.settled();
    const result = await write();
    if (yieldsReceipts(result)) this.exchanges.started();
    return result;
  }

  /**
   * Asks the operator to decide a transition. On approval the EconomicEvent is
   * already recorded; the caller then writes `new_resource_state` as the new
   * revision (the resource zome's `record_event` asks `decide_state_transition`
   * instead and records the event itself). On refusal `success` is false and
   * `rejection_reasons` says why.
   */
  evaluateStateTransition(request: GovernanceTransitionRequest): Promise<GovernanceTransitionResult> {
    return this.call(
      "evaluate_state_transition",
      GovernanceTransitionRequestSchema,
      request,
      GovernanceTransitionResultSchema,
    );
  }

  /** Records the caller's verdict on an item (spec §4.3.4). */
  createValidationReceipt(input: CreateValidationReceiptInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("create_validation_receipt", CreateValidationReceiptInputSchema, input, ValidationReceiptRecord);
  }

  /**
   * An Accountable Agent reviews the identity data `candidate` shared with
   * them (it must still be readable) and records an identity_verification
   * receipt about the candidate's IdentityDisclosure to them (REQ-GOV-03,
   * REQ-USER-A-09); returns it, or the same verdict recorded before.
   * Refused with "validate_agent_identity: …" when nothing readable was
   * shared, no disclosure exists, or the caller is not Accountable.
   */
  validateAgentIdentity(input: ValidateAgentIdentityInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("validate_agent_identity", ValidateAgentIdentityInputSchema, input, ValidationReceiptRecord);
  }

  /** Records the caller's verdict on a new resource (peer validation, REQ-GOV-02). */
  validateNewResource(input: ValidateNewResourceInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.interaction(
      () => this.call("validate_new_resource", ValidateNewResourceInputSchema, input, ValidationReceiptRecord),
      (receipt) => receipt.entry.approved,
    );
  }

  /**
   * Records the caller's verdict on the completion of someone else's process
   * (REQ-GOV-07), citing the credential the network's requirements ask for;
   * a rejection's notes say why. Refused to the starter and on a second verdict.
   */
  validateProcessCompletion(input: ValidateProcessInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.interaction(
      () => this.call("validate_process_completion", ValidateProcessInputSchema, input, ValidationReceiptRecord),
      (receipt) => receipt.entry.approved,
    );
  }

  /** How many approving validators a process's completion waits for, and the verdicts so far. */
  getProcessValidation(processHash: Uint8Array): Promise<ProcessValidationStatus> {
    return this.call("get_process_validation", ActionHashSchema, processHash, ProcessValidationStatusSchema);
  }

  /**
   * Issues the two receipts of an interaction the caller wrote (a Claim or
   * an approving validation): normally automatic after it commits; call it
   * again when the counterparty was offline. Null when the interaction
   * yields none; the existing pair when already issued.
   */
  issueParticipationReceipts(about: Uint8Array): Promise<IssuedReceipts> {
    return this.call("issue_participation_receipts", ActionHashSchema, about, IssuedReceiptsSchema);
  }

  /** Retries every interaction of mine whose receipts are still pending; returns how many pairs it issued. */
  issuePendingParticipationReceipts(): Promise<number> {
    return this.call("issue_pending_participation_receipts", Unit, null, z.number().int());
  }

  /** My private receipts, oldest first (REQ-USER-A-12); no one else can read them. */
  getMyParticipationClaims(): Promise<ParticipationReceipt[]> {
    return this.call("get_my_participation_claims", Unit, null, z.array(ParticipationReceiptSchema));
  }

  /** My receipts of one claim type, oldest first. */
  getParticipationClaimsByType(claimType: ParticipationClaimType): Promise<ParticipationReceipt[]> {
    return this.call("get_participation_claims_by_type", ParticipationClaimTypeSchema, claimType, z.array(ParticipationReceiptSchema));
  }

  /** My reputation now, computed from all my receipts. */
  getReputationSummary(): Promise<ReputationSummary> {
    return this.call("get_reputation_summary", Unit, null, ReputationSummarySchema);
  }

  /** Whether both signatures of my receipt at `claimHash` verify. */
  validateParticipationClaimSignature(claimHash: Uint8Array): Promise<boolean> {
    return this.call("validate_participation_claim_signature", ActionHashSchema, claimHash, z.boolean());
  }

  /** Lets `agent` read my signed reputation summary (a capability they hold until revoked); returns the grant's hash. */
  shareReputationSummary(agent: Uint8Array): Promise<Uint8Array> {
    return this.call("share_reputation_summary", AgentPubKeySchema, agent, ActionHashSchema);
  }

  /** My live reputation shares (not revoked): each grant and the agent it names. */
  getMyReputationShares(): Promise<ReputationShare[]> {
    return this.call("get_my_reputation_shares", Unit, null, z.array(ReputationShareSchema));
  }

  /** Revokes a share: reads after this are refused. */
  revokeReputationShare(grantHash: Uint8Array): Promise<Uint8Array> {
    return this.call("revoke_reputation_share", ActionHashSchema, grantHash, ActionHashSchema);
  }

  /** My own summary, signed as a reader would receive it. */
  getSignedReputationSummary(): Promise<SignedReputationSummary> {
    return this.call("get_signed_reputation_summary", Unit, null, SignedReputationSummarySchema);
  }

  /** Reads and verifies the summary `owner` shared with me. */
  getSharedReputationSummary(owner: Uint8Array): Promise<VerifiedReputationSummary> {
    return this.call("get_shared_reputation_summary", AgentPubKeySchema, owner, VerifiedReputationSummarySchema);
  }

  /** The agents who shared a reputation summary with me. */
  getReputationSharedWithMe(): Promise<Uint8Array[]> {
    return this.call("get_reputation_shared_with_me", Unit, null, z.array(AgentPubKeySchema));
  }

  /**
   * Verifies a signed summary: the agent's signature, each covered
   * attestation on the DHT and naming the agent, and every figure
   * recomputed from the covered interactions. Problems are listed, never thrown.
   */
  verifyReputationSummary(signed: SignedReputationSummary): Promise<VerifiedReputationSummary> {
    return this.call("verify_reputation_summary", SignedReputationSummarySchema, signed, VerifiedReputationSummarySchema);
  }

  /** Where the resource's peer validation stands under its specification's scheme. */
  checkValidationStatus(resourceHash: Uint8Array): Promise<ResourceValidation> {
    return this.call("check_validation_status", ActionHashSchema, resourceHash, ResourceValidationSchema);
  }

  /**
   * `checkValidationStatus` of each resource (any revision of each), in the
   * same order, in one zome call. Throws "resource not found" when one
   * cannot be read.
   */
  checkValidationStatuses(resourceHashes: Uint8Array[]): Promise<ResourceValidation[]> {
    return this.call("check_validation_statuses", z.array(ActionHashSchema), resourceHashes, z.array(ResourceValidationSchema));
  }

  /**
   * Confirms an end-of-life declaration once its challenge period is over
   * (REQ-GOV-12); also resolves the caller's own earlier challenge. Only
   * Accountable Agents other than the declarer.
   */
  confirmEndOfLife(input: EndOfLifeAnswerInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.interaction(
      () => this.call("confirm_end_of_life", EndOfLifeAnswerInputSchema, input, ValidationReceiptRecord),
      (receipt) => receipt.entry.approved,
    );
  }

  /** Challenges an end-of-life declaration during its challenge period (REQ-GOV-13): it cannot be finalised while open. */
  challengeEndOfLife(input: EndOfLifeAnswerInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("challenge_end_of_life", EndOfLifeAnswerInputSchema, input, ValidationReceiptRecord);
  }

  /** Every receipt about `item`, oldest first (spec §6.3). */
  getValidationHistory(item: Uint8Array): Promise<EntryRecord<ValidationReceipt>[]> {
    return this.call("get_validation_history", ActionHashSchema, item, z.array(ValidationReceiptRecord));
  }

  /** The EconomicEvent recorded at `hash`, or null (also when the record there is of another type). */
  getEconomicEvent(hash: Uint8Array): Promise<EntryRecord<EconomicEvent> | null> {
    return this.call("get_economic_event", ActionHashSchema, hash, MaybeEventRecord);
  }

  // ── Commitments and claims (spec §4.3.2, §4.3.3, §6.3; REQ-GOV-01) ──
  // Schemas and the rules each method meets are at the end of this file.

  /**
   * Proposes a commitment: `provider` will perform `action` for `receiver` on
   * one resource (`resource_inventoried_as`, any revision) or on some resource
   * of a specification (`resource_conforms_to`), at most `resource_quantity`,
   * by `due_date` (µs since the epoch). The caller must be one of the two
   * parties; the other party accepts or declines. Returns the Commitment record.
   * Errors: invalid input (named field); REQ-GOV-01 "Commitment receiver must
   * have created an EconomicResource before proposing to access someone
   * else's (REQ-GOV-01)"; the integrity rule's message for anything else.
   */
  proposeCommitment(input: ProposeCommitmentInput): Promise<EntryRecord<Commitment>> {
    return this.call("propose_commitment", ProposeCommitmentInputSchema, input, CommitmentRecord);
  }

  /**
   * The counterparty (the party who did not propose) accepts a proposed
   * commitment; the provider may then claim it. Returns the decision record.
   * Errors: "accept_commitment: CommitmentDecision author must be the
   * commitment's counterparty to accept or decline it"; "accept_commitment:
   * the commitment is already <status>"; "… you already decided on this commitment".
   */
  acceptCommitment(input: DecideCommitmentInput): Promise<EntryRecord<CommitmentDecision>> {
    return this.call("accept_commitment", DecideCommitmentInputSchema, input, DecisionRecord);
  }

  /** The counterparty declines a proposed commitment. Errors as for `acceptCommitment` ("decline_commitment: …"). */
  declineCommitment(input: DecideCommitmentInput): Promise<EntryRecord<CommitmentDecision>> {
    return this.call("decline_commitment", DecideCommitmentInputSchema, input, DecisionRecord);
  }

  /**
   * Either party withdraws a proposed or accepted commitment before it is
   * claimed (one decision per party: a counterparty who accepted cannot
   * cancel). Errors: "cancel_commitment: the commitment is already
   * <claimed|cancelled|declined>"; "cancel_commitment: CommitmentDecision
   * author must be a party of the commitment to cancel it".
   */
  cancelCommitment(input: DecideCommitmentInput): Promise<EntryRecord<CommitmentDecision>> {
    return this.call("cancel_commitment", DecideCommitmentInputSchema, input, DecisionRecord);
  }

  /** The commitment at `hash` with its status, decisions and claim; null when not found. */
  getCommitment(hash: Uint8Array): Promise<CommitmentView | null> {
    return this.call("get_commitment", ActionHashSchema, hash, CommitmentViewSchema.nullable());
  }

  /**
   * The counterparty's Accepted decision of the commitment at `hash` (what a
   * claim, or a Use of someone else's resource, cites beside it); null when
   * the commitment is not found or not accepted. A later cancellation or
   * claim is not checked here.
   */
  getCommitmentAcceptance(hash: Uint8Array): Promise<Uint8Array | null> {
    return this.call("get_commitment_acceptance", ActionHashSchema, hash, ActionHashSchema.nullable());
  }

  /** The caller's commitments, oldest first: those they proposed and those proposed to them. */
  getMyCommitments(): Promise<MyCommitments> {
    return this.call("get_my_commitments", Unit, null, MyCommitmentsSchema);
  }

  /**
   * The provider fulfils an accepted commitment in one atomic call: the
   * resource zome records the EconomicEvent through the governance operator
   * and writes the resource's new revision, then the Claim links commitment
   * and event. `resource_hash` is required for a commitment on a
   * specification; `resource_quantity` defaults to the committed quantity.
   * Returns the Claim, the event's hash and the new revision.
   * Errors: "claim_commitment: only the commitment's provider claims it …";
   * "claim_commitment: the commitment is <status>; only an accepted
   * commitment can be claimed"; the operator's refusal; integrity messages.
   */
  claimCommitment(input: ClaimCommitmentInput): Promise<ClaimCommitmentResult> {
    return this.interaction(
      () => this.call("claim_commitment", ClaimCommitmentInputSchema, input, ClaimCommitmentResultSchema),
      () => true,
    );
  }

  /**
   * The audit trail of a resource (any revision hash): every event, oldest
   * first, with the revision it produced, the resource state after it, and
   * the claim and commitment it fulfilled, if any, and the process it is a
   * step of (`process`: type, name, starter, start or completion side), so a
   * resource's processes read in order with their events (REQ-PROC-09).
   * Errors: "resource not found".
   */
  getResourceHistory(resourceHash: Uint8Array): Promise<HistoryEntry[]> {
    return this.call("get_resource_history", ActionHashSchema, resourceHash, z.array(HistoryEntrySchema));
  }

  /**
   * One page of the audit trail, newest first (`getResourceHistory`'s lines,
   * latest events first): its cost is the page's, whatever the length of the
   * history. Pass the page's `earlier` as the next call's `before` for older
   * events; `earlier` is null on the page that holds the oldest event. Errors:
   * "limit must be between 1 and 100" (before any call), "resource not
   * found", "get_resource_history_page: before must be a revision_hash of an
   * EconomicResource".
   */
  getResourceHistoryPage(input: HistoryPageInput): Promise<HistoryPage> {
    return this.call("get_resource_history_page", HistoryPageInputSchema, input, HistoryPageSchema);
  }

  /**
   * A Simple Agent's first transfer (REQ-USER-S-07): custody of a resource
   * they created, Validated, to an Accountable Agent, as an InitialTransfer
   * event through the operator. `quantity` defaults to the whole on-hand
   * quantity. Errors: "initial_transfer refused by governance: …"; the
   * integrity rule's message (receiver not Accountable, not their resource,
   * a second InitialTransfer).
   */
  logInitialTransfer(input: LogInitialTransferInput): Promise<RecordedEvent> {
    return this.call("log_initial_transfer", LogInitialTransferInputSchema, input, RecordedEventSchema);
  }

  /** The claims an EconomicEvent fulfils, each with its commitment (the audit trail; at most one). */
  getClaimsForEvent(eventHash: Uint8Array): Promise<ClaimWithCommitment[]> {
    return this.call("get_claims_for_event", ActionHashSchema, eventHash, z.array(ClaimWithCommitmentSchema));
  }
}

// ─────────────────────────────────────────────────────────────────────────────
// Commitments and claims (spec §4.3.2, §4.3.3, §6.3; REQ-GOV-01)
//
// A commitment promises a future action; the counterparty accepts or declines
// it; either party may cancel it before it is claimed; the provider claims it
// once, with the EconomicEvent that fulfils it. Integrity enforces who may do
// what, that a claim matches its commitment, and that it is claimed at most
// once (see the README, "Commitments and claims").
// ─────────────────────────────────────────────────────────────────────────────

export {
  CommitmentStatusSchema,
  DecisionSchema,
  VALIDATION_TYPES,
  ValidationTypeSchema,
  type CommitmentStatus,
  type Decision,
  type ValidationType,
} from "./vocabulary.js";

/**
 * `Commitment` (spec §4.3.2): exactly one of `resource_inventoried_as` (the
 * resource's first revision) and `resource_conforms_to` (a specification);
 * quantity in the resource's unit; `due_date` and `committed_at` in µs since the epoch.
 */
export const CommitmentSchema = z.object({
  action: VfActionSchema,
  provider: AgentPubKeySchema,
  receiver: AgentPubKeySchema,
  resource_inventoried_as: ResourceIdSchema.nullable(),
  resource_conforms_to: ActionHashSchema.nullable(),
  resource_quantity: z.number(),
  due_date: TimestampSchema,
  note: z.string().nullable(),
  committed_at: TimestampSchema,
});
export type Commitment = z.infer<typeof CommitmentSchema>;

/** `CommitmentDecision`: a party's decision about the commitment at `commitment`. */
export const CommitmentDecisionSchema = z.object({
  commitment: ActionHashSchema,
  decision: DecisionSchema,
  note: z.string().nullable(),
});
export type CommitmentDecision = z.infer<typeof CommitmentDecisionSchema>;

/** `Claim` (spec §4.3.3): the event `fulfilled_by` fulfils the commitment `fulfills`, accepted by `acceptance`. */
export const ClaimSchema = z.object({
  fulfills: ActionHashSchema,
  fulfilled_by: ActionHashSchema,
  acceptance: ActionHashSchema,
  claimed_at: TimestampSchema,
  note: z.string().nullable(),
});
export type Claim = z.infer<typeof ClaimSchema>;


const CommitmentRecord = z.unknown().transform((r) => decodeRecord(CommitmentSchema, r));
const DecisionRecord = z.unknown().transform((r) => decodeRecord(CommitmentDecisionSchema, r));
const ClaimRecord = z.unknown().transform((r) => decodeRecord(ClaimSchema, r));
const MaybeClaimRecord = z.unknown().transform((r) => (r == null ? null : decodeRecord(ClaimSchema, r)));

/** A commitment with its status, its decisions (oldest first) and its claim, if any. */
export const CommitmentViewSchema = z.object({
  record: CommitmentRecord,
  status: CommitmentStatusSchema,
  decisions: z.array(DecisionRecord),
  claim: MaybeClaimRecord,
});
export type CommitmentView = z.infer<typeof CommitmentViewSchema>;

/** The caller's commitments, split by who proposed them. */
export const MyCommitmentsSchema = z.object({
  proposed_by_me: z.array(CommitmentViewSchema),
  proposed_to_me: z.array(CommitmentViewSchema),
});
export type MyCommitments = z.infer<typeof MyCommitmentsSchema>;

/**
 * Input of `propose_commitment`: the caller is `provider` or `receiver`
 * (distinct); exactly one of `resource_inventoried_as` (any revision) and
 * `resource_conforms_to`; quantity finite and >= 0; `due_date` in µs since
 * the epoch; note at most 1000 characters.
 */
export const ProposeCommitmentInputSchema = z
  .object({
    action: VfActionSchema,
    provider: AgentPubKeySchema,
    receiver: AgentPubKeySchema,
    resource_inventoried_as: ActionHashSchema.nullable().default(null),
    resource_conforms_to: ActionHashSchema.nullable().default(null),
    resource_quantity: z.number().finite("resource_quantity must be a finite number").nonnegative("resource_quantity must not be negative"),
    due_date: TimestampSchema,
    note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
  })
  .refine((c) => (c.resource_inventoried_as === null) !== (c.resource_conforms_to === null), {
    message: "name exactly one of resource_inventoried_as and resource_conforms_to",
    path: ["resource_inventoried_as"],
  })
  .refine((c) => !sameBytes(c.provider, c.receiver), { message: "receiver must differ from provider", path: ["receiver"] });
export type ProposeCommitmentInput = z.input<typeof ProposeCommitmentInputSchema>;

/** Input of `accept_commitment`, `decline_commitment`, `cancel_commitment`. */
export const DecideCommitmentInputSchema = z.object({
  commitment_hash: ActionHashSchema,
  note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
});
export type DecideCommitmentInput = z.input<typeof DecideCommitmentInputSchema>;

/**
 * Input of `claim_commitment`: `resource_hash` (any revision) is required
 * for a commitment on a specification; `resource_quantity` (default: the
 * committed quantity) may not exceed what was committed.
 */
export const ClaimCommitmentInputSchema = z.object({
  commitment_hash: ActionHashSchema,
  resource_hash: ActionHashSchema.nullable().default(null),
  resource_quantity: z
    .number()
    .finite("resource_quantity must be a finite number")
    .nonnegative("resource_quantity must not be negative")
    .nullable()
    .default(null),
  note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
});
export type ClaimCommitmentInput = z.input<typeof ClaimCommitmentInputSchema>;

/** What `claim_commitment` wrote: the Claim, the EconomicEvent's hash and the resource's new revision. */
export const ClaimCommitmentResultSchema = z.object({
  claim: ClaimRecord,
  event_hash: ActionHashSchema,
  revision: z.unknown().transform((r) => decodeRecord(EconomicResourceSchema, r)),
});
export type ClaimCommitmentResult = z.infer<typeof ClaimCommitmentResultSchema>;

/** A claim with the commitment it fulfils. */
export const ClaimWithCommitmentSchema = z.object({
  claim: ClaimRecord,
  commitment: CommitmentRecord,
});
export type ClaimWithCommitment = z.infer<typeof ClaimWithCommitmentSchema>;

/**
 * The process an event of a resource's history is a step of (spec §4.2.4,
 * REQ-PROC-09): its first revision's hash (what the event's `input_of` /
 * `output_of` names), type, name, starter, and which side the event is
 * (`input_of`: the start step; `output_of`: the completion step).
 */
export const HistoryProcessSchema = z.object({
  process_hash: ActionHashSchema,
  process_type: ProcessTypeSchema,
  name: z.string(),
  started_by: AgentPubKeySchema,
  side: z.enum(["input_of", "output_of"]),
});
export type HistoryProcess = z.infer<typeof HistoryProcessSchema>;

/**
 * One line of `getResourceHistory`: an event, the revision it produced and
 * the state after it, its claims, and the process it is a step of (null
 * outside processes).
 */
export const HistoryEntrySchema = z.object({
  event_hash: ActionHashSchema,
  event: EconomicEventSchema,
  revision_hash: ActionHashSchema,
  resource_after: EconomicResourceSchema,
  claims: z.array(ClaimWithCommitmentSchema),
  process: HistoryProcessSchema.nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/**
 * Input of `getResourceHistoryPage`: the resource (its `original_hash` costs
 * one read), at most `limit` entries (1-100, default 20), and `before`: the
 * `earlier` of the previous page (null: from the latest revision).
 */
export const HistoryPageInputSchema = z.object({
  resource_hash: ActionHashSchema,
  limit: z.number().int().min(1, "limit must be between 1 and 100").max(100, "limit must be between 1 and 100").default(20),
  before: ActionHashSchema.nullable().default(null),
});
export type HistoryPageInput = z.input<typeof HistoryPageInputSchema>;

/** A page of a resource's history, newest first; `earlier` is the next page's `before`, set only when an older event exists (null on the page that holds the oldest event). */
export const HistoryPageSchema = z.object({
  entries: z.array(HistoryEntrySchema),
  earlier: ActionHashSchema.nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

/** Input of `log_initial_transfer`: the caller's resource (any revision), the Accountable receiver, quantity and note. */
export const LogInitialTransferInputSchema = z.object({
  resource_hash: ActionHashSchema,
  receiver: AgentPubKeySchema,
  quantity: z.number().finite().nonnegative("quantity must not be negative").nullable().default(null),
  note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
});
export type LogInitialTransferInput = z.input<typeof LogInitialTransferInputSchema>;
