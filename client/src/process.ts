/**
 * Economic processes (spec §4.2.4-4.2.5, §6.2; REQ-PROC-01..09): Use,
 * Transport, Storage and Repair on resources the caller holds. Starting one
 * records the type's start event on each input (VF `inputOf`: use, pickup,
 * accept; none for Storage), completing it the completion event (`outputOf`:
 * dropoff, modify, transferCustody; none for Use), both through the
 * governance operator. The `resource` zome serves these calls; the methods
 * are on `ResourceClient`.
 */
import { z } from "zod";
import { ActionHashSchema, AgentPubKeySchema, decodeRecord, ResourceIdSchema, RevisionHashSchema, TimestampSchema } from "./holo.js";
import { ProcessStatusSchema, ProcessTypeSchema, RoleNameSchema, VfActionSchema } from "./vocabulary.js";
import { EconomicEventSchema } from "./economic-event.js";
import { ValidationReceiptRecord } from "./validation-receipt.js";
import { PerformanceMetricsSchema } from "./participation.js";

export { PROCESS_TYPES, PROCESS_STATUSES, PROCESS_STEPS, PROCESS_MOVES, ProcessTypeSchema, ProcessStatusSchema } from "./vocabulary.js";
export type { ProcessType, ProcessStatus, ProcessStep } from "./vocabulary.js";

/** One revision of an `EconomicProcess` (spec §4.2.4). Times in microseconds since the epoch. */
export const EconomicProcessSchema = z.object({
  process_type: ProcessTypeSchema,
  name: z.string(),
  description: z.string().nullable(),
  /** The role the type requires; null for Use (any Accountable Agent). */
  required_role: RoleNameSchema.nullable(),
  /** The starter's cited Role credential (null: a progenitor starting a Use). */
  role_credential: ActionHashSchema.nullable(),
  /** The exact revisions of the inputs when the process started. */
  inputs: z.array(RevisionHashSchema),
  /** The resources the completion handed on (empty until Completed, and for Use). */
  outputs: z.array(ResourceIdSchema),
  /** Every event of the process, cited by its completion. */
  events: z.array(ActionHashSchema),
  started_by: AgentPubKeySchema,
  started_at: TimestampSchema,
  completed_at: TimestampSchema.nullable(),
  location: z.string().nullable(),
  status: ProcessStatusSchema,
  /** A Use that ran past the inputs' `usage_limit.max_duration_hours`. */
  overdue: z.boolean(),
  /** The process this one follows in a chain of steps (REQ-PROC-08). */
  follows: ActionHashSchema.nullable(),
  /** The approving process_validation receipts its completion cites, when the network requires validators (REQ-GOV-07). */
  approvals: z.array(ActionHashSchema).default([]),
  /**
   * The accepted commitment the process serves and its counterparty's Accepted decision: a Use of a resource someone
   * else holds (REQ-USER-A-04), or a step of a chain in one commitment the starter provides (REQ-USER-A-07). Null
   * otherwise.
   */
  under_commitment: z.object({ commitment: ActionHashSchema, acceptance: ActionHashSchema }).nullable().default(null),
});
export type EconomicProcess = z.infer<typeof EconomicProcessSchema>;

/** A process: its identity (first revision, which its events name) and its latest revision. */
export const ProcessStateSchema = z.object({
  original_hash: ActionHashSchema,
  latest: z.unknown().transform((r) => decodeRecord(EconomicProcessSchema, r)),
});
export type ProcessState = z.infer<typeof ProcessStateSchema>;

/** Input of `initiate_economic_process`: 1-8 Validated resources (any revision) the caller holds, or one under `commitment_hash`. */
export const InitiateProcessInputSchema = z.object({
  process_type: ProcessTypeSchema,
  name: z.string().trim().min(1, "name must not be empty").max(200, "name must be at most 200 characters"),
  description: z.string().max(1000, "description must be at most 1000 characters").nullable().default(null),
  resource_hashes: z.array(ActionHashSchema).min(1, "resource_hashes must name at least one resource").max(8, "resource_hashes must name at most 8 resources"),
  location: z.string().max(200, "location must be at most 200 characters").nullable().default(null),
  /** The caller's Completed process this one follows (a chain of steps). */
  follows: ActionHashSchema.nullable().default(null),
  /**
   * The accepted commitment the process serves: for a Use of a resource someone else holds (REQ-USER-A-04), the
   * caller's `Use` request its custodian accepted (no event is recorded then); for a Transport, Storage or Repair, a
   * commitment the caller provides about the resource, so the steps of a chain serve one commitment (REQ-USER-A-07).
   * `resource_hashes` is then that one resource.
   */
  commitment_hash: ActionHashSchema.nullable().default(null),
});
export type InitiateProcessInput = z.input<typeof InitiateProcessInputSchema>;

/**
 * Input of `complete_economic_process`: Transport takes `to_location`,
 * Repair `state`, Storage `receiver` (required: who takes custody back).
 */
export const CompleteProcessInputSchema = z.object({
  process_hash: ActionHashSchema,
  to_location: z.string().max(200, "to_location must be at most 200 characters").nullable().default(null),
  state: z.string().max(100, "state must be at most 100 characters").nullable().default(null),
  receiver: AgentPubKeySchema.nullable().default(null),
  note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
});
export type CompleteProcessInput = z.input<typeof CompleteProcessInputSchema>;

/** Input of `update_process_status`: suspend, resume, cancel or fail (completion has its own call). */
export const UpdateProcessStatusInputSchema = z.object({
  process_hash: ActionHashSchema,
  status: z.enum(["InProgress", "Suspended", "Cancelled", "Failed"], {
    message: "status must be InProgress, Suspended, Cancelled or Failed (a process completes through completeEconomicProcess)",
  }),
});
export type UpdateProcessStatusInput = z.input<typeof UpdateProcessStatusInputSchema>;

/** What a process type requires, and whether the caller may start it (`reason` when not). */
export const ProcessRequirementsSchema = z.object({
  process_type: ProcessTypeSchema,
  required_role: RoleNameSchema.nullable(),
  start_action: VfActionSchema.nullable(),
  completion_action: VfActionSchema.nullable(),
  changes_state: z.boolean(),
  /** Approving validators a completion waits for (0: none), and their role (null: any Accountable Agent). */
  minimum_validators: z.number().int().nonnegative(),
  validator_role: RoleNameSchema.nullable(),
  can_start: z.boolean(),
  reason: z.string().nullable(),
});
export type ProcessRequirements = z.infer<typeof ProcessRequirementsSchema>;

/** An event record of a process. */
export const ProcessEventRecord = z.unknown().transform((r) => decodeRecord(EconomicEventSchema, r));

/**
 * `PerformanceThresholds` (spec §4.3.14), per network and process type (DNA
 * property `process_validation[].performance_thresholds`): the least score,
 * 0-1, an approving validator's assessment may state for each measure
 * (0: no minimum).
 */
export const PerformanceThresholdsSchema = z.object({
  minimum_timeliness: z.number().min(0).max(1),
  minimum_quality: z.number().min(0).max(1),
  minimum_reliability: z.number().min(0).max(1),
  minimum_communication: z.number().min(0).max(1),
  minimum_completion_rate: z.number().min(0).max(1),
});
export type PerformanceThresholds = z.infer<typeof PerformanceThresholdsSchema>;

/**
 * The minimums of `thresholds` that `performance` does not reach, each as
 * "quality_score 0.5 < minimum_quality 0.8" (the zomes' wording); empty when
 * it meets them all.
 */
export function unmetThresholds(thresholds: PerformanceThresholds, performance: z.infer<typeof PerformanceMetricsSchema>): string[] {
  const pairs: [keyof PerformanceThresholds, keyof z.infer<typeof PerformanceMetricsSchema>][] = [
    ["minimum_timeliness", "timeliness_score"],
    ["minimum_quality", "quality_score"],
    ["minimum_reliability", "reliability_score"],
    ["minimum_communication", "communication_score"],
    ["minimum_completion_rate", "completion_rate"],
  ];
  return pairs
    .filter(([min, score]) => (performance[score] as number) < thresholds[min])
    .map(([min, score]) => `${score} ${performance[score]} < ${min} ${thresholds[min]}`);
}

/**
 * Where the validation of a process completion stands (REQ-GOV-07):
 * `required` approving validators (0: none), of `validator_role` (null: any
 * Accountable Agent); the receipts so far — a rejection's notes say why.
 */
export const ProcessValidationStatusSchema = z.object({
  required: z.number().int().nonnegative(),
  validator_role: RoleNameSchema.nullable(),
  approvals: z.array(ValidationReceiptRecord),
  rejections: z.array(ValidationReceiptRecord),
  /** The minimums an approval's `performance` must meet (spec §4.3.14); null: none. */
  performance_thresholds: PerformanceThresholdsSchema.nullable(),
});
export type ProcessValidationStatus = z.infer<typeof ProcessValidationStatusSchema>;

/**
 * Input of `validate_process_completion`: any revision of someone else's
 * process, the verdict and why, and the validator's assessment of the work
 * (each score 0-1; required to approve where the network sets
 * `performance_thresholds` for the type, and at or above each of them).
 */
export const ValidateProcessInputSchema = z.object({
  process_hash: ActionHashSchema,
  approved: z.boolean(),
  notes: z.string().max(1000, "notes must be at most 1000 characters").nullable().default(null),
  performance: PerformanceMetricsSchema.extend({
    resource_condition_maintained: z.boolean().nullable().default(null),
    additional_metrics: z.string().max(1000, "additional_metrics must be at most 1000 characters").nullable().default(null),
  })
    .nullable()
    .default(null),
});
export type ValidateProcessInput = z.input<typeof ValidateProcessInputSchema>;
