/**
 * `ValidationReceipt` (spec §4.3.4): a validator's verdict on an item — the
 * one schema for every receipt the client reads (validation history,
 * end-of-life confirmations and challenges, the operator's result), as the
 * one Rust struct `nondominium_types::ValidationReceipt`.
 */
import { z } from "zod";
import { ActionHashSchema, AgentPubKeySchema, decodeRecord } from "./holo.js";
import { ValidationTypeSchema } from "./vocabulary.js";
import { PerformanceMetricsSchema } from "./participation.js";

export const ValidationReceiptSchema = z.object({
  validator: AgentPubKeySchema,
  validated_item: ActionHashSchema,
  validation_type: ValidationTypeSchema,
  approved: z.boolean(),
  notes: z.string().nullable(),
  /** For resource_approval and identity_verification: the validator's credential; null for a progenitor or when none is needed. */
  validator_credential: ActionHashSchema.nullable().default(null),
  /** For process_validation: the validator's assessment of the work (spec §4.3.14); null otherwise. */
  performance: PerformanceMetricsSchema.nullable().default(null),
});
export type ValidationReceipt = z.infer<typeof ValidationReceiptSchema>;

/** A ValidationReceipt record, decoded and checked. */
export const ValidationReceiptRecord = z.unknown().transform((r) => decodeRecord(ValidationReceiptSchema, r));
