/**
 * Client of the `resource` zome: resource specifications with embedded
 * governance rules, economic resources and custody transfer
 * (spec §4.2.1-4.2.3, §6.2).
 */
import { z } from "zod";
import { ValidationReceiptRecord } from "./validation-receipt.js";
import { RULE_TYPES, ResourceStatusSchema, ValidationStateSchema } from "./vocabulary.js";
import {
  ActionHashSchema,
  AgentPubKeySchema,
  decodeRecord,
  EntryRecord,
  ResourceIdSchema,
  type ResourceId,
  RevisionHashSchema,
  FiniteNumber,
  Unit,
  ZomeClient,
} from "./holo.js";
import { EconomicEventSchema, VfActionSchema, type EconomicEvent } from "./economic-event.js";
import {
  CompleteProcessInputSchema,
  InitiateProcessInputSchema,
  ProcessEventRecord,
  ProcessRequirementsSchema,
  ProcessStateSchema,
  ProcessTypeSchema,
  UpdateProcessStatusInputSchema,
  type CompleteProcessInput,
  type InitiateProcessInput,
  type ProcessRequirements,
  type ProcessState,
  type ProcessType,
  type UpdateProcessStatusInput,
} from "./process.js";

/**
 * The closed set of rule types. Each has a typed `rule_data` (JSON text),
 * parsed — unknown fields refused — by the zomes; its shape is the type's
 * schema in `rule-data.ts` (`RULE_DATA_SCHEMAS`, checked against the zomes'
 * field list at load), and `parseRuleData` reads a stored rule. A rule's
 * `enforced_by` is null (no role) or a role name (`ROLE_NAMES`; an empty
 * string is refused).
 */
export { RULE_TYPES, ResourceStatusSchema, ValidationStateSchema, type ResourceStatus, type ValidationState } from "./vocabulary.js";

/** `GovernanceRule` (spec §4.2.2): a rule embedded in a specification. */
export const GovernanceRuleSchema = z.object({
  rule_type: z.enum(RULE_TYPES, { message: `rule_type must be one of ${RULE_TYPES.join(", ")}` }),
  rule_data: z.string(),
  enforced_by: z.string().nullable().default(null),
});
export type GovernanceRule = z.infer<typeof GovernanceRuleSchema>;

/** `ResourceSpecification` (spec §4.2.1): a class of resources and its rules. */
export const ResourceSpecificationSchema = z.object({
  name: z.string(),
  description: z.string(),
  image_url: z.string().nullable(),
  governance_rules: z.array(GovernanceRuleSchema),
  /** The author's Accountable credential; null when the author is a progenitor. */
  accountable_credential: ActionHashSchema.nullable(),
});
export type ResourceSpecification = z.infer<typeof ResourceSpecificationSchema>;


/**
 * `EconomicResource` (spec §4.2.3) with the ValueFlows 1.0 properties events
 * change: one revision of a concrete resource. Quantities are in `unit`:
 * `accounting_quantity` is held with rights (by `primary_accountable`),
 * `onhand_quantity` in custody (by `custodian`). `last_event` is the
 * EconomicEvent that produced this revision (null until the first event);
 * `approvals` are the receipts the validation flip cited.
 */
export const EconomicResourceSchema = z.object({
  conforms_to: ActionHashSchema,
  accounting_quantity: z.number(),
  onhand_quantity: z.number(),
  unit: z.string(),
  primary_accountable: AgentPubKeySchema,
  custodian: AgentPubKeySchema,
  current_location: z.string().nullable(),
  contained_in: ResourceIdSchema.nullable(),
  stage: z.string().nullable(),
  state: z.string().nullable(),
  last_event: ActionHashSchema.nullable(),
  status: ResourceStatusSchema,
  approvals: z.array(ActionHashSchema),
  /** Set by the end-of-life revision: the declaration and the confirmations it cites. */
  decommission: z
    .object({ declaration: ActionHashSchema, confirmations: z.array(ActionHashSchema) })
    .nullable()
    .default(null),
  /**
   * The first revision of the custodian's current, unbroken custody that an
   * event or a process can cite, when it is an earlier one than this
   * revision; null when this revision is that one (set by the governance
   * operator with each event; it bounds a custody move's check of open
   * processes).
   */
  custody_since: ActionHashSchema.nullable().default(null),
});
export type EconomicResource = z.infer<typeof EconomicResourceSchema>;

/** Input of `create_resource_spec`. */
export const CreateResourceSpecInputSchema = z.object({
  name: z.string().trim().min(1, "name must not be empty"),
  description: z.string().default(""),
  image_url: z.string().nullable().default(null),
  governance_rules: z.array(GovernanceRuleSchema).default([]),
});
export type CreateResourceSpecInput = z.input<typeof CreateResourceSpecInputSchema>;

/**
 * Input of `create_economic_resource`: quantity finite and >= 0 (becomes both
 * the accounting and the on-hand quantity), unit non-empty, optional location.
 */
export const CreateEconomicResourceInputSchema = z.object({
  spec_hash: ActionHashSchema,
  quantity: FiniteNumber.nonnegative("quantity must not be negative"),
  unit: z.string().trim().min(1, "unit must not be empty"),
  current_location: z.string().max(200, "current_location must be at most 200 characters").nullable().default(null),
});
export type CreateEconomicResourceInput = z.input<typeof CreateEconomicResourceInputSchema>;

/** Input of `transfer_custody`: any revision hash of the resource, and the new custodian. */
export const TransferCustodyInputSchema = z.object({
  resource_hash: ActionHashSchema,
  new_custodian: AgentPubKeySchema,
  note: z.string().nullable().default(null),
});
export type TransferCustodyInput = z.input<typeof TransferCustodyInputSchema>;

/**
 * Input of `record_event`: one ValueFlows action on a resource (any revision
 * hash). `receiver` defaults to the caller; `resource_quantity` (in the
 * resource's unit) defaults to the whole quantity for transfers and 0 for
 * actions without a quantity effect, and is required for produce, consume,
 * raise, lower, accept, modify, pickup, dropoff, combine, separate.
 * `to_location`, `state`, `stage`, `contained_in` only for the actions whose
 * effects set them (see `VF_ACTION_EFFECTS`).
 */
export const RecordEventInputSchema = z.object({
  resource_hash: ActionHashSchema,
  action: VfActionSchema,
  receiver: AgentPubKeySchema.nullable().default(null),
  resource_quantity: FiniteNumber.nonnegative("resource_quantity must not be negative").nullable().default(null),
  to_location: z.string().max(200, "to_location must be at most 200 characters").nullable().default(null),
  state: z.string().max(100, "state must be at most 100 characters").nullable().default(null),
  stage: z.string().max(100, "stage must be at most 100 characters").nullable().default(null),
  contained_in: ActionHashSchema.nullable().default(null),
  note: z.string().max(1000, "note must be at most 1000 characters").nullable().default(null),
  /**
   * The process (its first revision) the event is a step of; processes record
   * their own steps (`initiateEconomicProcess`, `completeEconomicProcess`).
   */
  process: ActionHashSchema.nullable().default(null),
  /** For a process completion that waits for validators: their approving receipts (completeEconomicProcess passes them). */
  process_approvals: z.array(ActionHashSchema).default([]),
});
/**
 * Input of `record_event` (`RecordEventInputSchema`). `contained_in` is the
 * container's identity — its first revision, a `ResourceId` such as
 * `ResourceState.original_hash` — so passing a revision hash there does not
 * compile; `resource_hash` takes any revision.
 */
export type RecordEventInput = Omit<z.input<typeof RecordEventInputSchema>, "contained_in"> & {
  contained_in?: ResourceId | null;
};

/** A resource as discovery returns it: its first revision's hash (its identity) and its latest revision. */
export const ResourceStateSchema = z.object({
  original_hash: ResourceIdSchema,
  latest: z.unknown().transform((r) => decodeRecord(EconomicResourceSchema, r)),
});
export type ResourceState = z.infer<typeof ResourceStateSchema>;

/** Input of `find_resources`: filters combine; `text` matches the specification's name or description. */
export const ResourceQuerySchema = z.object({
  spec_hash: ActionHashSchema.nullable().default(null),
  custodian: AgentPubKeySchema.nullable().default(null),
  validation: ValidationStateSchema.nullable().default(null),
  text: z.string().max(100, "text must be at most 100 characters").nullable().default(null),
  offset: z.number().int().nonnegative("offset must not be negative").default(0),
  limit: z.number().int().min(1, "limit must be between 1 and 100").max(100, "limit must be between 1 and 100").default(20),
});
export type ResourceQuery = z.input<typeof ResourceQuerySchema>;

/** One resource of a `find_resources` page. */
export const ResourceListingSchema = ResourceStateSchema.extend({
  spec_name: z.string(),
  validation: ValidationStateSchema,
});
export type ResourceListing = z.infer<typeof ResourceListingSchema>;

/** A page of `find_resources`: `total` match, `items` from `offset`. */
export const ResourcePageSchema = z.object({
  items: z.array(ResourceListingSchema),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type ResourcePage = z.infer<typeof ResourcePageSchema>;

/** `EndOfLifeDeclaration` (REQ-GOV-11): the custodian's declaration on a revision. */
export const EndOfLifeDeclarationSchema = z.object({ resource: RevisionHashSchema, reason: z.string() });
export type EndOfLifeDeclaration = z.infer<typeof EndOfLifeDeclarationSchema>;

/** Input of `declare_end_of_life`: any revision of a resource the caller holds, and why. */
export const DeclareEndOfLifeInputSchema = z.object({
  resource_hash: ActionHashSchema,
  reason: z.string().trim().min(1, "reason must not be empty").max(1000, "reason must be at most 1000 characters"),
});
export type DeclareEndOfLifeInput = z.input<typeof DeclareEndOfLifeInputSchema>;

/**
 * Where a resource's end of life stands: times in microseconds since the
 * epoch; `open_challenges` are challengers who have not confirmed since;
 * `confirmations` and `challenges` are its `end_of_life` receipts
 * (approved = confirmation, else challenge).
 */
export const EndOfLifeStatusSchema = z.object({
  declaration: z.unknown().transform((r) => decodeRecord(EndOfLifeDeclarationSchema, r)),
  challenge_period_ends: z.number().int(),
  required_confirmations: z.number().int(),
  confirmations: z.array(ValidationReceiptRecord),
  challenges: z.array(ValidationReceiptRecord),
  open_challenges: z.array(AgentPubKeySchema),
  is_final: z.boolean(),
});
export type EndOfLifeStatus = z.infer<typeof EndOfLifeStatusSchema>;

/**
 * What `record_event` returns: the event, its hash and the revision citing
 * it — or, with `applied: false` (a TransferAllRights by a rights holder who
 * is not the custodian), the current revision, until the custodian applies it.
 */
export const RecordedEventSchema = z.object({
  event_hash: ActionHashSchema,
  event: EconomicEventSchema,
  revision: z.unknown().transform((r) => decodeRecord(EconomicResourceSchema, r)),
  applied: z.boolean(),
});
export type RecordedEvent = z.infer<typeof RecordedEventSchema>;

const SpecRecord = z.unknown().transform((r) => decodeRecord(ResourceSpecificationSchema, r));
const MaybeSpecRecord = z.unknown().transform((r) => (r == null ? null : decodeRecord(ResourceSpecificationSchema, r)));
const SpecRecords = z.array(SpecRecord);
const ResourceRecord = z.unknown().transform((r) => decodeRecord(EconomicResourceSchema, r));
const MaybeResourceState = ResourceStateSchema.nullable();
const ResourceStates = z.array(ResourceStateSchema);

export class ResourceClient extends ZomeClient {
  constructor(client: ConstructorParameters<typeof ZomeClient>[0], roleName?: string) {
    super(client, "resource", roleName);
  }

  /** Creates a specification (caller must be Accountable), linked from the `AllResourceSpecifications` anchor. */
  createResourceSpec(input: CreateResourceSpecInput): Promise<EntryRecord<ResourceSpecification>> {
    return this.call("create_resource_spec", CreateResourceSpecInputSchema, input, SpecRecord);
  }

  /** The specification created at `hash`, or null. */
  getResourceSpec(hash: Uint8Array): Promise<EntryRecord<ResourceSpecification> | null> {
    return this.call("get_resource_spec", ActionHashSchema, hash, MaybeSpecRecord);
  }

  /** Every specification linked from the `AllResourceSpecifications` anchor. */
  getAllResourceSpecs(): Promise<EntryRecord<ResourceSpecification>[]> {
    return this.call("get_all_resource_specs", Unit, null, SpecRecords);
  }

  /** Specifications whose name or description contains `query` (case-insensitive). */
  searchResourceSpecs(query: string): Promise<EntryRecord<ResourceSpecification>[]> {
    return this.call("search_resource_specs", z.string().max(100, "query must be at most 100 characters"), query, SpecRecords);
  }

  /** Whether `agent` has created at least one resource (REQ-GOV-01). */
  checkFirstResourceRequirement(agent: Uint8Array): Promise<boolean> {
    return this.call("check_first_resource_requirement", AgentPubKeySchema, agent, z.boolean());
  }

  /** Creates a resource held by the caller, conforming to `spec_hash`. */
  createEconomicResource(input: CreateEconomicResourceInput): Promise<EntryRecord<EconomicResource>> {
    return this.call("create_economic_resource", CreateEconomicResourceInputSchema, input, ResourceRecord);
  }

  /** The latest revision of the resource that `hash` (any of its revisions) belongs to, or null. */
  getEconomicResource(hash: Uint8Array): Promise<ResourceState | null> {
    return this.call("get_economic_resource", ActionHashSchema, hash, MaybeResourceState);
  }

  /** Every resource conforming to the specification, latest revisions. */
  getResourcesBySpec(specHash: Uint8Array): Promise<ResourceState[]> {
    return this.call("get_resources_by_spec", ActionHashSchema, specHash, ResourceStates);
  }

  /** Resources whose latest revision names the caller as custodian. */
  getMyResources(): Promise<ResourceState[]> {
    return this.call("get_my_resources", Unit, null, ResourceStates);
  }

  /** Resources whose latest revision names `agent` as custodian. */
  getResourcesByCustodian(agent: Uint8Array): Promise<ResourceState[]> {
    return this.call("get_resources_by_custodian", AgentPubKeySchema, agent, ResourceStates);
  }

  /**
   * Finds resources by specification, custodian, validation state and text
   * (specification name or description), paginated (`limit` 1..100, default 20).
   */
  findResources(query: ResourceQuery): Promise<ResourcePage> {
    return this.call("find_resources", ResourceQuerySchema, query, ResourcePageSchema);
  }

  /**
   * The custodian records that a pending resource passed peer validation: the
   * new revision is `Validated` and cites the approving receipts. Returns it
   * (or the latest revision when already Validated). Refused while the scheme's
   * approvals are missing.
   */
  confirmResourceValidation(resourceHash: Uint8Array): Promise<EntryRecord<EconomicResource>> {
    return this.call("confirm_resource_validation", ActionHashSchema, resourceHash, ResourceRecord);
  }

  /**
   * Records one economic event through the governance operator, which checks
   * the action's ValueFlows effects and the specification's rules; returns
   * the event, its hash and the new resource revision. Refused with
   * "<action> refused by governance: <reasons>".
   */
  recordEvent(input: RecordEventInput): Promise<RecordedEvent> {
    return this.call("record_event", RecordEventInputSchema, input, RecordedEventSchema);
  }

  /**
   * The custodian applies the rights holder's pending TransferAllRights of
   * the resource (any revision hash): writes the revision that makes the
   * receiver primary accountable, custody unchanged. Returns the latest
   * revision (unchanged when nothing is pending). Refused to anyone but the
   * custodian ("apply_rights_transfers: only the custodian …").
   */
  applyRightsTransfers(resourceHash: Uint8Array): Promise<EntryRecord<EconomicResource>> {
    return this.call("apply_rights_transfers", ActionHashSchema, resourceHash, ResourceRecord);
  }

  /**
   * The custodian declares the end of life of a Validated resource
   * (REQ-GOV-11). Validators then confirm it after the challenge period or
   * challenge it during it (`governance.confirmEndOfLife` / `challengeEndOfLife`).
   */
  declareEndOfLife(input: DeclareEndOfLifeInput): Promise<EntryRecord<EndOfLifeDeclaration>> {
    return this.call(
      "declare_end_of_life",
      DeclareEndOfLifeInputSchema,
      input,
      z.unknown().transform((r) => decodeRecord(EndOfLifeDeclarationSchema, r)),
    );
  }

  /** The end-of-life status of a resource (any revision hash), or null when none was declared. */
  getEndOfLifeStatus(resourceHash: Uint8Array): Promise<EndOfLifeStatus | null> {
    return this.call("get_end_of_life_status", ActionHashSchema, resourceHash, EndOfLifeStatusSchema.nullable());
  }

  /**
   * The custodian finalises a declared end of life once the challenge period
   * is over, no challenge is open and enough validators confirmed; returns the
   * EndOfLife revision. After it the resource accepts no event (REQ-GOV-13).
   */
  finalizeEndOfLife(resourceHash: Uint8Array): Promise<EntryRecord<EconomicResource>> {
    return this.call("finalize_end_of_life", ActionHashSchema, resourceHash, ResourceRecord);
  }

  /**
   * Transfers custody of a resource the caller holds: the governance operator
   * records a TransferCustody EconomicEvent, then the new revision (returned)
   * cites it.
   */
  transferCustody(input: TransferCustodyInput): Promise<EntryRecord<EconomicResource>> {
    return this.call("transfer_custody", TransferCustodyInputSchema, input, ResourceRecord);
  }

  /**
   * Starts a Use, Transport, Storage or Repair process on resources the
   * caller holds (REQ-PROC-01..05): the caller's role is checked, the process
   * written InProgress, and the type's start event recorded on each input.
   * A Use of a resource someone else holds passes `commitment_hash`: the
   * caller's Use commitment asking its custodian for it, which the custodian
   * accepted (REQ-USER-A-04); no event is recorded then.
   * Refused with "initiate_economic_process: <reason>", the operator's
   * refusal, or the integrity rule (e.g. usage_limit.max_concurrent_users).
   */
  initiateEconomicProcess(input: InitiateProcessInput): Promise<ProcessState> {
    return this.call("initiate_economic_process", InitiateProcessInputSchema, input, ProcessStateSchema);
  }

  /**
   * Completes the caller's InProgress process: records the type's completion
   * event on each input, then the Completed revision citing every event
   * (`overdue` when a Use ran past its duration limit).
   */
  completeEconomicProcess(input: CompleteProcessInput): Promise<ProcessState> {
    return this.call("complete_economic_process", CompleteProcessInputSchema, input, ProcessStateSchema);
  }

  /** Suspends, resumes, cancels or fails the caller's process (spec §4.2.5); refused moves name the allowed ones. */
  updateProcessStatus(input: UpdateProcessStatusInput): Promise<ProcessState> {
    return this.call("update_process_status", UpdateProcessStatusInputSchema, input, ProcessStateSchema);
  }

  /** The process that `hash` (any revision) belongs to, at its latest revision, or null. */
  getEconomicProcess(hash: Uint8Array): Promise<ProcessState | null> {
    return this.call("get_economic_process", ActionHashSchema, hash, ProcessStateSchema.nullable());
  }

  /** The caller's open processes (Planned, InProgress, Suspended), oldest first. */
  getActiveProcesses(): Promise<ProcessState[]> {
    return this.call("get_active_processes", Unit, null, z.array(ProcessStateSchema));
  }

  /** Every process the resource (any revision) was an input of, oldest first (REQ-PROC-09). */
  getProcessByResource(resourceHash: Uint8Array): Promise<ProcessState[]> {
    return this.call("get_process_by_resource", ActionHashSchema, resourceHash, z.array(ProcessStateSchema));
  }

  /** The events of a process (any revision), in the order they were recorded. */
  getProcessEvents(processHash: Uint8Array): Promise<EntryRecord<EconomicEvent>[]> {
    return this.call("get_process_events", ActionHashSchema, processHash, z.array(ProcessEventRecord));
  }

  /** What a process type requires and whether the caller may start it now (`reason` when not). */
  getProcessRequirements(processType: ProcessType): Promise<ProcessRequirements> {
    return this.call("get_process_requirements", ProcessTypeSchema, processType, ProcessRequirementsSchema);
  }
}
