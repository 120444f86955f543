/**
 * The ValueFlows 1.0 action-effects table (spec §4.3.1): for every action, what
 * an EconomicEvent with it does to the resource it affects. The data is
 * `vf-actions.json`, generated from the Rust table `ACTION_EFFECTS`
 * (`nondominium_types::vf_actions`), so the zomes, this client and
 * `docs/vf-actions.md` read the same rows. Values are VF 1.0's camelCase names
 * (`"decrementIncrement"`, `"notApplicable"`, `"updateTo"`, …).
 */
import { z } from "zod";
import table from "../../dnas/nondominium/crates/nondominium_types/vf-actions.json";
import { VF_ACTIONS, VfActionSchema, type VfAction } from "./economic-event.js";

/** `vf:AccountingEffect` / `vf:OnhandEffect`, on a quantity in the resource's unit. */
export const QuantityEffectSchema = z.enum([
  "notApplicable",
  "increment",
  "decrement",
  "decrementIncrement",
  "incrementTo",
]);
/** `vf:LocationEffect`. */
export const LocationEffectSchema = z.enum(["notApplicable", "update", "updateTo", "new"]);
/** `vf:ContainedEffect`. */
export const ContainedEffectSchema = z.enum(["notApplicable", "update", "updateTo", "remove"]);
/** `vf:AccountableEffect` (rights: the primary accountable agent). */
export const AccountableEffectSchema = z.enum(["notApplicable", "updateTo", "new"]);
/** `vf:StageEffect`. */
export const StageEffectSchema = z.enum(["notApplicable", "update"]);
/** `vf:StateEffect`. */
export const StateEffectSchema = z.enum(["notApplicable", "update", "updateTo"]);
/** `vf:InputOutput`. */
export const InputOutputSchema = z.enum(["notApplicable", "input", "output", "outputInput"]);
/** `vf:CreateResource`. */
export const CreateResourceSchema = z.enum(["notApplicable", "optional", "optionalTo"]);
/** `vf:EventQuantity`. */
export const EventQuantitySchema = z.enum(["resource", "effort", "both"]);

/** nondominium extension: who provides (records) an event with the action. */
export const RecordedBySchema = z.enum(["custodian", "rightsHolder"]);
/** nondominium extension: who receives it — someone else, the provider (Move), or anyone. */
export const ReceiverOfSchema = z.enum(["another", "provider", "any"]);
/** nondominium extension: its quantity — the whole quantity held, an amount added or taken, or optional. */
export const QuantityRuleSchema = z.enum(["whole", "amount", "optional"]);
/** nondominium extension: which receiver rules of the specification bind it (REQ-GOV-09). */
export const ReceiverRulesSchema = z.enum(["transfer", "use", "none"]);

/**
 * The nondominium columns of a row (not VF's): who records and receives an
 * event with the action, its quantity, and which specification rules bind it.
 * The zomes read the same columns (`ActionRules` in `nondominium_types`).
 */
export const ActionRulesSchema = z
  .object({
    recordedBy: RecordedBySchema,
    receiver: ReceiverOfSchema,
    quantity: QuantityRuleSchema,
    receiverRules: ReceiverRulesSchema,
    /** `usage_limit.max_quantity` bounds its quantity. */
    usageLimited: z.boolean(),
    /** Its receiver must be an Accountable Agent whatever the specification says. */
    accountableReceiver: z.boolean(),
    /** Only the resource's creator records it, once (InitialTransfer). */
    creatorOnce: z.boolean(),
    /** It is the first transaction a promotion cites (REQ-GOV-03). */
    promotionEvidence: z.boolean(),
  })
  .strict();
export type ActionRules = z.infer<typeof ActionRulesSchema>;

/** One row of the table, keys as the Rust `ActionEffects` serialises them. */
export const ActionEffectsSchema = z
  .object({
    /** The action as `EconomicEvent.action` carries it (`"TransferCustody"`). */
    action: VfActionSchema,
    /** VF's camelCase identifier (`"transferCustody"`; extensions `"initialTransfer"`, `"accessForUse"`). */
    label: z.string().min(1),
    eventQuantity: EventQuantitySchema,
    inputOutput: InputOutputSchema,
    /** The paired action's `label`, or `"notApplicable"`. */
    pairsWith: z.string().min(1),
    createResource: CreateResourceSchema,
    accountingEffect: QuantityEffectSchema,
    onhandEffect: QuantityEffectSchema,
    locationEffect: LocationEffectSchema,
    containedEffect: ContainedEffectSchema,
    accountableEffect: AccountableEffectSchema,
    stageEffect: StageEffectSchema,
    stateEffect: StateEffectSchema,
    /** null for a VF 1.0 action; for an extension, how it departs from VF. */
    departsFromVf: z.string().nullable(),
    /** nondominium's own columns. */
    nondominium: ActionRulesSchema,
  })
  .strict();
export type ActionEffects = z.infer<typeof ActionEffectsSchema>;

/** The whole table: every action exactly once, unique labels, pairs that exist. */
export const ActionEffectsTableSchema = z.array(ActionEffectsSchema).superRefine((rows, ctx) => {
  for (const action of VF_ACTIONS) {
    const n = rows.filter((r) => r.action === action).length;
    if (n !== 1) ctx.addIssue({ code: "custom", message: `action ${action} has ${n} rows, expected 1` });
  }
  const labels = new Set(rows.map((r) => r.label));
  if (labels.size !== rows.length) ctx.addIssue({ code: "custom", message: "labels are not unique" });
  for (const r of rows) {
    if (r.pairsWith !== "notApplicable" && !labels.has(r.pairsWith)) {
      ctx.addIssue({ code: "custom", message: `${r.label} pairs with unknown action ${r.pairsWith}` });
    }
  }
});

/** The parsed table, in `VfAction` declaration order. */
export const VF_ACTION_EFFECTS: readonly ActionEffects[] = Object.freeze(ActionEffectsTableSchema.parse(table));

const BY_ACTION = new Map<VfAction, ActionEffects>(VF_ACTION_EFFECTS.map((r) => [r.action, r]));

/** The row of `action`: its effects on the resource an event affects. */
export function effectsOf(action: VfAction): ActionEffects {
  const row = BY_ACTION.get(action);
  if (!row) throw new Error(`no VF action effects for ${action}`);
  return row;
}
