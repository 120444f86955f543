/**
 * The DNA's closed vocabularies, one list each, spelled as the Rust enums
 * serialise them (`nondominium_types::vocabulary`). At load this module
 * compares every list with `vocabulary.json`, which a Rust unit test
 * generates from the enums: a word added or renamed on one side only makes
 * the client refuse to load, so no test run can pass with a drifted
 * vocabulary. The zod schemas here are the only ones for these words.
 */
import { z } from "zod";
import vocabulary from "../../dnas/nondominium/crates/nondominium_types/vocabulary.json";

/** The ValueFlows 1.0 actions plus the specification's extensions (`InitialTransfer`, `AccessForUse`). */
export const VF_ACTIONS = [
  "Produce",
  "Use",
  "Consume",
  "Cite",
  "Work",
  "DeliverService",
  "Accept",
  "Modify",
  "Pickup",
  "Dropoff",
  "Combine",
  "Separate",
  "TransferAllRights",
  "TransferCustody",
  "Transfer",
  "Move",
  "Copy",
  "Raise",
  "Lower",
  "InitialTransfer",
  "AccessForUse",
] as const;
export const VfActionSchema = z.enum(VF_ACTIONS);
export type VfAction = z.infer<typeof VfActionSchema>;

/** What a ValidationReceipt attests (spec §4.3.4, plus `end_of_life`: REQ-GOV-12/13). */
export const VALIDATION_TYPES = [
  "resource_approval",
  "process_validation",
  "identity_verification",
  "role_assignment",
  "agent_promotion",
  "end_of_life",
] as const;
export const ValidationTypeSchema = z.enum(VALIDATION_TYPES);
export type ValidationType = z.infer<typeof ValidationTypeSchema>;

/** The governance rule types a specification may embed (spec §4.2.2; the README's rule table). */
export const RULE_TYPES = ["access_requirement", "usage_limit", "transfer_conditions", "validation_scheme", "end_of_life"] as const;

/** The roles an agent may hold (spec §4.1.3; REQ-GOV-04/05). */
export const ROLE_NAMES = ["User", "AccountableAgent", "PrimaryAccountableAgent", "Transport", "Repair", "Storage"] as const;
export const RoleNameSchema = z.enum(ROLE_NAMES);
export type RoleName = z.infer<typeof RoleNameSchema>;

/**
 * Peer-validation status stored on a resource (REQ-GOV-02): every resource
 * starts `PendingValidation`; only a `Validated` one accepts events.
 */
export const RESOURCE_STATUSES = ["PendingValidation", "Validated", "EndOfLife"] as const;
export const ResourceStatusSchema = z.enum(RESOURCE_STATUSES);
export type ResourceStatus = z.infer<typeof ResourceStatusSchema>;

/** Where peer validation stands, computed from the receipts (spec §4.3.5). */
export const VALIDATION_STATES = ["pending", "approved", "rejected"] as const;
export const ValidationStateSchema = z.enum(VALIDATION_STATES);
export type ValidationState = z.infer<typeof ValidationStateSchema>;

/** Where a commitment stands, computed from its decisions and claim (a claim wins over everything). */
export const COMMITMENT_STATUSES = ["proposed", "accepted", "declined", "cancelled", "claimed"] as const;
export const CommitmentStatusSchema = z.enum(COMMITMENT_STATUSES);
export type CommitmentStatus = z.infer<typeof CommitmentStatusSchema>;

/** What a party decides about a commitment. */
export const DECISIONS = ["Accepted", "Declined", "Cancelled"] as const;
export const DecisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof DecisionSchema>;

/** The kinds of economic process (spec §4.2.4; REQ-PROC-01..04). */
export const PROCESS_TYPES = ["Use", "Transport", "Storage", "Repair"] as const;
export const ProcessTypeSchema = z.enum(PROCESS_TYPES);
export type ProcessType = z.infer<typeof ProcessTypeSchema>;

/** Where a process stands (spec §4.2.5). */
export const PROCESS_STATUSES = ["Planned", "InProgress", "Completed", "Suspended", "Cancelled", "Failed"] as const;
export const ProcessStatusSchema = z.enum(PROCESS_STATUSES);
export type ProcessStatus = z.infer<typeof ProcessStatusSchema>;

/**
 * The kinds of participation a receipt records (spec §4.3.7). Which
 * interaction yields which: README "Participation receipts".
 */
export const PARTICIPATION_CLAIM_TYPES = [
  "ResourceContribution",
  "NetworkValidation",
  "ResponsibleTransfer",
  "CustodyAcceptance",
  "ServiceCommitmentAccepted",
  "GoodFaithTransfer",
  "ServiceFulfillmentCompleted",
  "MaintenanceFulfillment",
  "StorageFulfillment",
  "TransportFulfillment",
  "EndOfLifeDeclaration",
  "EndOfLifeValidation",
  "DisputeResolutionParticipation",
  "GovernanceCompliance",
] as const;
export const ParticipationClaimTypeSchema = z.enum(PARTICIPATION_CLAIM_TYPES);
export type ParticipationClaimType = z.infer<typeof ParticipationClaimTypeSchema>;

/**
 * Every app entry type of the DNA, as a live-update signal names it
 * (`nondominium_types::EntryKind`; person's, resource's, then governance's,
 * each in entry-index order, as the zomes' `types.json` list them).
 */
export const SIGNAL_ENTRY_TYPES = [
  "AgentProfile",
  "PrivateProfile",
  "Role",
  "IdentityDisclosure",
  "ResourceSpecification",
  "EconomicResource",
  "EndOfLifeDeclaration",
  "EconomicProcess",
  "EconomicEvent",
  "ValidationReceipt",
  "Commitment",
  "CommitmentDecision",
  "Claim",
  "ParticipationAttestation",
  "PrivateParticipationClaim",
] as const;
export const SignalEntryTypeSchema = z.enum(SIGNAL_ENTRY_TYPES);
export type SignalEntryType = z.infer<typeof SignalEntryTypeSchema>;

/** Whether a signalled action created an entry or updated a revision (`nondominium_types::EntryChange`). */
export const SIGNAL_CHANGES = ["created", "updated"] as const;
export const SignalChangeSchema = z.enum(SIGNAL_CHANGES);
export type SignalChange = z.infer<typeof SignalChangeSchema>;

/**
 * What each process type requires and records (`ProcessType` in
 * `nondominium_types::process`): the role that starts it (null: any
 * Accountable Agent), the VF action recorded on each input at its start
 * (`inputOf`) and at its completion (`outputOf`), and whether it may change
 * the resource's state.
 */
export const PROCESS_STEPS = Object.freeze(
  z
    .array(
      z.strictObject({
        processType: ProcessTypeSchema,
        requiredRole: RoleNameSchema.nullable(),
        startAction: VfActionSchema.nullable(),
        completionAction: VfActionSchema.nullable(),
        changesState: z.boolean(),
      }),
    )
    .parse(vocabulary.processSteps),
);
export type ProcessStep = (typeof PROCESS_STEPS)[number];

/**
 * The process lifecycle the zomes enforce (`ProcessStatus::next`): for each
 * status, the statuses a process may move to from it.
 */
export const PROCESS_MOVES: Readonly<Record<ProcessStatus, readonly ProcessStatus[]>> = Object.freeze(
  Object.fromEntries(
    z
      .array(z.strictObject({ from: ProcessStatusSchema, to: z.array(ProcessStatusSchema) }))
      .parse(vocabulary.processMoves)
      .map(({ from, to }) => [from, Object.freeze(to)]),
  ) as Record<ProcessStatus, readonly ProcessStatus[]>,
);

/**
 * The bounds and defaults of `rule_data` as the zomes enforce them
 * (`nondominium_types::governance_rules`), read from `vocabulary.json`:
 * `notEvaluated` lists "<rule_type>.<field>" the zomes refuse (a builder must
 * not offer them); the numeric bounds and the `end_of_life` defaults
 * (2 confirmations, 7 days); and `fields`, the shape of each rule type's
 * `rule_data`, against which `rule-data.ts` checks its schemas.
 */
export const RULE_DATA: {
  readonly notEvaluated: readonly string[];
  readonly maxValidators: number;
  readonly minEndOfLifeConfirmations: number;
  readonly maxRules: number;
  readonly maxRuleDataChars: number;
  readonly defaultEndOfLife: { readonly confirmations: number; readonly challenge_period_seconds: number };
  /** Every field of every rule type: `{ ruleType, field, kind, required, note }` (the zomes' `RULE_FIELDS`). */
  readonly fields: readonly {
    readonly ruleType: string;
    readonly field: string;
    readonly kind: string;
    readonly required: boolean;
    readonly note: string;
  }[];
} = Object.freeze(vocabulary.ruleData);

type ListName = Exclude<keyof typeof vocabulary, "ruleData" | "processSteps" | "processMoves">;

/** Each client list next to its name in `vocabulary.json`. */
const LISTS: Record<ListName, readonly string[]> = {
  validationTypes: VALIDATION_TYPES,
  ruleTypes: RULE_TYPES,
  roleNames: ROLE_NAMES,
  resourceStatuses: RESOURCE_STATUSES,
  validationStates: VALIDATION_STATES,
  commitmentStatuses: COMMITMENT_STATUSES,
  decisions: DECISIONS,
  vfActions: VF_ACTIONS,
  processTypes: PROCESS_TYPES,
  processStatuses: PROCESS_STATUSES,
  participationClaimTypes: PARTICIPATION_CLAIM_TYPES,
  signalEntryTypes: SIGNAL_ENTRY_TYPES,
  signalChanges: SIGNAL_CHANGES,
};

/**
 * The vocabularies where the client and the Rust enums disagree, as
 * "<name>: client [...] ≠ zomes [...]" lines; empty when they agree.
 */
export function vocabularyDrift(): string[] {
  const out: string[] = [];
  for (const [name, rust] of Object.entries(vocabulary) as [string, unknown][]) {
    if (name === "ruleData" || name === "processSteps" || name === "processMoves") continue;
    const client = LISTS[name as ListName] as readonly string[] | undefined;
    if (!Array.isArray(rust)) {
      out.push(`${name}: not a list in vocabulary.json`);
      continue;
    }
    if (!client) {
      out.push(`${name}: no client list for this Rust vocabulary`);
    } else if (client.length !== rust.length || client.some((word, i) => word !== rust[i])) {
      out.push(`${name}: client [${client.join(", ")}] ≠ zomes [${rust.join(", ")}]`);
    }
  }
  return out;
}

const drift = vocabularyDrift();
if (drift.length > 0) {
  throw new Error(`@nondominium/client vocabulary differs from the zomes' (vocabulary.json):\n${drift.join("\n")}`);
}
