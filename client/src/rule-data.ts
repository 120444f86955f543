/**
 * The typed `rule_data` of each governance rule type (spec §4.2.2,
 * REQ-GOV-06/08/10), as zod schemas. The zomes' `RULE_FIELDS`
 * (`nondominium_types::governance_rules`, carried by `vocabulary.json` as
 * `ruleData.fields`) is the source: this module refuses to load when a
 * schema's fields differ from it or a field does not take a value of its
 * kind, so the client, the UI (which builds and reads rules through these
 * schemas) and the README's rule table (rendered from the same list by
 * `scripts/rule-data-doc.mjs`) cannot drift from the zomes.
 *
 * The schemas hold only the fields the zomes evaluate: the others
 * (`ruleData.notEvaluated`) are refused by the zomes ("rule_data <field> is
 * not evaluated yet: …"), so a rule carrying one does not parse here either.
 * Bounds the zomes check across fields (n ≤ m, a scheme's validators) stay
 * with the zomes; the schemas check each field's own bounds.
 */
import { z } from "zod";
import { RULE_DATA, RULE_TYPES, RoleNameSchema } from "./vocabulary.js";

/** A rule type (`access_requirement`, …). */
export type RuleType = (typeof RULE_TYPES)[number];

/** How new resources of a specification are approved. */
export const SchemeKindSchema = z.enum(["n_of_m", "simple_majority"]);
export type SchemeKind = z.infer<typeof SchemeKindSchema>;

const count = z.number().int().min(0).max(2 ** 32 - 1);
const positive = z.number().finite().gt(0);

/** `access_requirement`: who may receive access to (custody or use of) a resource. */
export const AccessRequirementSchema = z.strictObject({
  min_role: RoleNameSchema.optional(),
  accountable_only: z.boolean().optional(),
  /** The receiver's reputation_score (0-1] must reach it: they share their reputation with the provider, whose event cites it. */
  min_reputation: positive.max(1, "min_reputation must be at most 1").optional(),
});
export type AccessRequirement = z.infer<typeof AccessRequirementSchema>;

/**
 * `usage_limit`: the longest Use process in hours (one that runs longer
 * completes as overdue), the most Use processes open on one resource at
 * once, and the most quantity one Use, AccessForUse or Consume may take, in
 * the resource's unit.
 */
export const UsageLimitSchema = z.strictObject({
  max_duration_hours: positive.optional(),
  max_concurrent_users: count.min(1).optional(),
  max_quantity: positive.optional(),
});
export type UsageLimit = z.infer<typeof UsageLimitSchema>;

/**
 * `transfer_conditions`: who may receive custody, and where.
 * `same_location`: custody passes only where the resource is — its resources
 * need a `current_location`, and a custody transfer's `to_location` is empty
 * or that place (REQ-GOV-09; `nondominium_types::check_transfer_location`).
 */
export const TransferConditionsSchema = z.strictObject({
  receiver_role: RoleNameSchema.optional(),
  accountable_only: z.boolean().optional(),
  same_location: z.boolean().optional(),
});
export type TransferConditions = z.infer<typeof TransferConditionsSchema>;

/**
 * `validation_scheme`: `n_of_m` (n approvals out of m, by holders of
 * `validator_role`, by any Accountable Agent, or by the m named `validators`)
 * or `simple_majority` (more than half of the named `validators`). Keys are
 * base64 agent keys (`uhCAk…`).
 */
export const ValidationSchemeSchema = z.strictObject({
  scheme: SchemeKindSchema,
  n: count.min(1).optional(),
  m: count.min(1).max(RULE_DATA.maxValidators).optional(),
  validator_role: RoleNameSchema.optional(),
  validators: z.array(z.string()).max(RULE_DATA.maxValidators).optional(),
});
export type ValidationScheme = z.infer<typeof ValidationSchemeSchema>;

/**
 * `end_of_life`: confirmations an end of life needs and how long (seconds)
 * it may be challenged; defaults `RULE_DATA.defaultEndOfLife`. The shortest
 * period is the network's (DNA property `min_challenge_period_seconds`),
 * which only the zomes know.
 */
export const EndOfLifeRuleSchema = z.strictObject({
  confirmations: count.min(RULE_DATA.minEndOfLifeConfirmations).max(RULE_DATA.maxValidators).optional(),
  challenge_period_seconds: z.number().int().min(0).optional(),
});
export type EndOfLifeRule = z.infer<typeof EndOfLifeRuleSchema>;

/** Each rule type's `rule_data` schema. */
export const RULE_DATA_SCHEMAS = {
  access_requirement: AccessRequirementSchema,
  usage_limit: UsageLimitSchema,
  transfer_conditions: TransferConditionsSchema,
  validation_scheme: ValidationSchemeSchema,
  end_of_life: EndOfLifeRuleSchema,
} as const satisfies Record<RuleType, z.ZodObject>;

/** A rule's `rule_data` parsed against its type. */
export type TypedRule = {
  [T in RuleType]: { rule_type: T; data: z.infer<(typeof RULE_DATA_SCHEMAS)[T]> };
}[RuleType];

/**
 * `rule` (a stored `GovernanceRule`, or its two fields) as typed data, or
 * null when its type is unknown or its `rule_data` is not JSON of the
 * type's schema.
 */
export function parseRuleData(rule: { rule_type: string; rule_data: string }): TypedRule | null {
  if (!(RULE_TYPES as readonly string[]).includes(rule.rule_type)) return null;
  const type = rule.rule_type as RuleType;
  let json: unknown;
  try {
    json = JSON.parse(rule.rule_data);
  } catch {
    return null;
  }
  const parsed = RULE_DATA_SCHEMAS[type].safeParse(json);
  return parsed.success ? ({ rule_type: type, data: parsed.data } as TypedRule) : null;
}

/** The field kinds of `RULE_FIELDS`, each with a value the zomes' serde type takes. */
const KIND_SAMPLES: Record<string, unknown> = {
  roleName: "Transport",
  boolean: true,
  positiveNumber: 1.5,
  fraction: 0.5,
  count: 3,
  seconds: 2 ** 33,
  scheme: "simple_majority",
  agentKeys: ["uhCAkAAAA"],
};

/** One entry of `vocabulary.json`'s `ruleData.fields`. */
interface RustRuleField {
  ruleType: string;
  field: string;
  kind: string;
  required: boolean;
  note: string;
}

/**
 * Where the schemas and the zomes' `RULE_FIELDS` disagree, as lines; empty
 * when they agree. Each schema must hold exactly its type's evaluated
 * fields, in order, each taking a value of its kind, optional unless the
 * zomes require it.
 */
export function ruleDataDrift(): string[] {
  const out: string[] = [];
  const fields = RULE_DATA.fields as readonly RustRuleField[];
  for (const type of RULE_TYPES) {
    const shape = RULE_DATA_SCHEMAS[type].shape as Record<string, z.ZodType>;
    const evaluated = fields.filter(
      (f) => f.ruleType === type && !RULE_DATA.notEvaluated.includes(`${type}.${f.field}`),
    );
    const client = Object.keys(shape);
    const rust = evaluated.map((f) => f.field);
    if (client.join() !== rust.join()) {
      out.push(`${type}: client fields [${client.join(", ")}] ≠ zomes [${rust.join(", ")}]`);
      continue;
    }
    for (const f of evaluated) {
      const schema = shape[f.field];
      if (!(f.kind in KIND_SAMPLES)) out.push(`${type}.${f.field}: unknown kind ${f.kind}`);
      else if (!schema.safeParse(KIND_SAMPLES[f.kind]).success) out.push(`${type}.${f.field}: does not take a ${f.kind}`);
      if (schema.safeParse(undefined).success === f.required) {
        out.push(`${type}.${f.field}: ${f.required ? "required" : "optional"} in the zomes`);
      }
    }
  }
  return out;
}

const drift = ruleDataDrift();
if (drift.length > 0) {
  throw new Error(`@nondominium/client rule_data schemas differ from the zomes' (vocabulary.json):\n${drift.join("\n")}`);
}
