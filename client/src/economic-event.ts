/**
 * The ValueFlows actions and `EconomicEvent` (spec §4.3.1), shared by the
 * resource client (`recordEvent`) and the governance client (the operator).
 */
import { z } from "zod";
import { VfActionSchema } from "./vocabulary.js";
import { ActionHashSchema, AgentPubKeySchema, EntryHashSchema, ResourceIdSchema, RevisionHashSchema, TimestampSchema } from "./holo.js";

export { VF_ACTIONS, VfActionSchema, type VfAction } from "./vocabulary.js";

/** `EconomicEvent` (spec §4.3.1): a consummated action on a resource revision. */
export const EconomicEventSchema = z.object({
  action: VfActionSchema,
  provider: AgentPubKeySchema,
  receiver: AgentPubKeySchema,
  resource_inventoried_as: RevisionHashSchema,
  resource_quantity: z.number(),
  /** Unit of resource_quantity: the resource's unit, or "hour" for Work (effort); checked in integrity. */
  unit: z.string(),
  /** VF toLocation: the resource's location after the event (actions with a location effect). */
  to_location: z.string().nullable().default(null),
  /** VF state after the event (actions with a state effect). */
  state: z.string().nullable().default(null),
  /** Stage reached (actions with a stage effect). */
  stage: z.string().nullable().default(null),
  /** For Combine: the container resource. */
  contained_in: ResourceIdSchema.nullable().default(null),
  /** When it happened as the author states it; integrity keeps it within 300 s of the action's timestamp. */
  event_time: TimestampSchema,
  note: z.string().nullable(),
  /** The receiver's Role credentials that meet the specification's receiver rules (checked in integrity). */
  receiver_credentials: z.array(ActionHashSchema).default([]),
  /** VF inputOf: the process (its first revision) this event starts (the type's start action). */
  input_of: ActionHashSchema.nullable().default(null),
  /** VF outputOf: the process this event completes (the type's completion action). */
  output_of: ActionHashSchema.nullable().default(null),
  /** For a process completion the network requires validators for: their approving receipts. */
  process_approvals: z.array(ActionHashSchema).default([]),
  /** Attestations of the receiver's receipts meeting an `access_requirement.min_reputation` (empty otherwise). */
  receiver_reputation: z.array(EntryHashSchema).default([]),
});
export type EconomicEvent = z.infer<typeof EconomicEventSchema>;
