/**
 * Client of the `governance` zome, the operator that decides every resource
 * state transition and records its EconomicEvent (spec §3, §4.3, §5, §6.3).
 */
import { z } from "zod";
import {
  ActionHashSchema,
  AgentPubKeySchema,
  decodeRecord,
  EntryRecord,
  TimestampSchema,
  ZomeClient,
} from "./holo.js";
import { EconomicResourceSchema, ValidationStateSchema } from "./resource.js";

import { EconomicEventSchema, VfActionSchema, type EconomicEvent } from "./economic-event.js";
export { VF_ACTIONS, VfActionSchema, EconomicEventSchema } from "./economic-event.js";
export type { VfAction, EconomicEvent } from "./economic-event.js";

/** `ValidationReceipt` (spec §4.3.4). */
export const ValidationReceiptSchema = z.object({
  validator: AgentPubKeySchema,
  validated_item: ActionHashSchema,
  validation_type: z.string(),
  approved: z.boolean(),
  notes: z.string().nullable(),
  /** For resource_approval: the credential the scheme requires; null otherwise. */
  validator_credential: ActionHashSchema.nullable().default(null),
});
export type ValidationReceipt = z.infer<typeof ValidationReceiptSchema>;

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
  validation_type: z.enum(["resource_approval", "process_validation", "identity_verification", "role_assignment", "agent_promotion"]),
  approved: z.boolean(),
  notes: z.string().nullable().default(null),
});
export type CreateValidationReceiptInput = z.input<typeof CreateValidationReceiptInputSchema>;

/** Input of `validate_new_resource`: any revision of the resource and the verdict. */
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

const ReceiptRecord = z.unknown().transform((r) => decodeRecord(ValidationReceiptSchema, r));

const MaybeEventRecord = z.unknown().transform((r) => (r == null ? null : decodeRecord(EconomicEventSchema, r)));

export class GovernanceClient extends ZomeClient {
  constructor(client: ConstructorParameters<typeof ZomeClient>[0], roleName?: string) {
    super(client, "governance", roleName);
  }

  /**
   * Asks the operator to decide a transition. On approval the EconomicEvent is
   * already recorded; the caller (normally the resource zome) then writes the
   * new revision. On refusal `success` is false and `rejection_reasons` says why.
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
    return this.call("create_validation_receipt", CreateValidationReceiptInputSchema, input, ReceiptRecord);
  }

  /** Records the caller's verdict on a new resource (peer validation, REQ-GOV-02). */
  validateNewResource(input: ValidateNewResourceInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("validate_new_resource", ValidateNewResourceInputSchema, input, ReceiptRecord);
  }

  /** Where the resource's peer validation stands under its specification's scheme. */
  checkValidationStatus(resourceHash: Uint8Array): Promise<ResourceValidation> {
    return this.call("check_validation_status", ActionHashSchema, resourceHash, ResourceValidationSchema);
  }

  /**
   * Confirms an end-of-life declaration once its challenge period is over
   * (REQ-GOV-12); also resolves the caller's own earlier challenge. Only
   * Accountable Agents other than the declarer.
   */
  confirmEndOfLife(input: EndOfLifeAnswerInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("confirm_end_of_life", EndOfLifeAnswerInputSchema, input, ReceiptRecord);
  }

  /** Challenges an end-of-life declaration during its challenge period (REQ-GOV-13): it cannot be finalised while open. */
  challengeEndOfLife(input: EndOfLifeAnswerInput): Promise<EntryRecord<ValidationReceipt>> {
    return this.call("challenge_end_of_life", EndOfLifeAnswerInputSchema, input, ReceiptRecord);
  }

  /** Every receipt about `item`, oldest first (spec §6.3). */
  getValidationHistory(item: Uint8Array): Promise<EntryRecord<ValidationReceipt>[]> {
    return this.call("get_validation_history", ActionHashSchema, item, z.array(ReceiptRecord));
  }

  /** The EconomicEvent recorded at `hash`, or null. */
  getEconomicEvent(hash: Uint8Array): Promise<EntryRecord<EconomicEvent> | null> {
    return this.call("get_economic_event", ActionHashSchema, hash, MaybeEventRecord);
  }
}
