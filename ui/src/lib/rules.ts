/**
 * Governance rules as the UI edits and shows them. A specification
 * stores each rule as `rule_type` + `rule_data` (JSON text); the zomes parse
 * `rule_data` against the rule type's schema and refuse unknown fields. Here:
 * - `RuleDraft`: one flat, form-friendly record per rule; `draftToRule` turns
 *   it into the typed `rule_data` JSON with only the fields of its type, and
 *   `draftProblems` finds what the zome would refuse, before submitting;
 * - `parseRule` / `describeRule`: a stored rule back into typed data and into
 *   words (validators by name);
 * - `schemeOf` / `schemeEligibility`: who may validate resources of a
 *   specification, as `nondominium_types::validation_scheme_of` decides it.
 * The shapes are the client's `RULE_DATA_SCHEMAS` (checked against the
 * zomes' `RULE_FIELDS`); `draftToRule` parses what it builds with them.
 * Every field the builder offers is enforced by the zomes:
 * `usage_limit.max_duration_hours` and `max_concurrent_users` on Use
 * processes (README "Economic processes"), `transfer_conditions.same_location`
 * on custody transfers (README "Governance rules").
 * `access_requirement.min_reputation` is enforced (README "Participation
 * receipts"); the builder does not offer it yet.
 */
import {
  ROLE_NAMES,
  RULE_DATA,
  RULE_DATA_SCHEMAS,
  parseRuleData,
  type AccessRequirement,
  type EndOfLifeRule,
  type GovernanceRule,
  type ResourceSpecification,
  type RoleName,
  type RuleType,
  type SchemeKind,
  type TransferConditions,
  type TypedRule,
  type UsageLimit,
  type ValidationScheme,
} from "@nondominium/client";
import { ROLE_LABELS } from "./agents.svelte";

export type { RuleType, SchemeKind };

/** Readable names of the rule types, for the select. */
export const RULE_TYPE_LABELS: Record<RuleType, string> = {
  access_requirement: "Access requirement",
  usage_limit: "Usage limit",
  transfer_conditions: "Transfer conditions",
  validation_scheme: "Validation scheme",
  end_of_life: "End of life",
};

/** What each rule type is for, shown under the select. */
export const RULE_TYPE_HINTS: Record<RuleType, string> = {
  access_requirement: "Who may receive access to (custody or use of) a resource of this kind.",
  usage_limit: "The most quantity a single use (Use, Access for use, Consume) may take, in the resource's unit.",
  transfer_conditions: "Who may receive custody.",
  validation_scheme: "Who approves a new resource of this kind, and how many approvals it needs. Validators are Accountable Agents.",
  end_of_life:
    "How an end of life is decided: how long others may challenge the custodian's declaration, then how many Accountable Agents (at least 2) must confirm it.",
};

/** The units the challenge period is typed in; `rule_data` stores seconds. */
export const PERIOD_UNITS = { seconds: 1, hours: 3600, days: 86_400 } as const;
export type PeriodUnit = keyof typeof PERIOD_UNITS;

/** The zomes' defaults when an end_of_life rule (or the field) is absent: 2 confirmations, 7 days (from the zomes' `vocabulary.json`). */
export const DEFAULT_END_OF_LIFE = RULE_DATA.defaultEndOfLife;

/**
 * Bounds the zomes put on rules (`nondominium_types::governance_rules`, read
 * through the client): an end of life needs 2 to 64 confirmations (REQ-GOV-12:
 * several validators), a scheme at most 64 validators.
 */
export const MIN_CONFIRMATIONS = RULE_DATA.minEndOfLifeConfirmations;
export const MAX_VALIDATORS = RULE_DATA.maxValidators;

/**
 * The roles a `validation_scheme` may name as `validator_role`: roles held
 * only by Accountable Agents (validators are Accountable, REQ-GOV-02), so not `User`.
 */
export const VALIDATOR_ROLES: readonly RoleName[] = ROLE_NAMES.filter((r) => r !== "User");

/**
 * What the rule builder says of the challenge period's lower bound: the
 * network sets it (DNA property `min_challenge_period_seconds`, one day when
 * absent), which the UI does not read; a shorter period is refused by the zome.
 */
export const CHALLENGE_MINIMUM_HINT =
  "The network sets a shortest challenge period (one day unless the network says otherwise); a shorter one is refused when the specification is saved.";

/**
 * One rule as the form edits it: every field of every type, so that switching
 * the type keeps what was typed. Numbers are `null` when the input is empty
 * (what Svelte binds for an empty `<input type="number">`).
 */
export interface RuleDraft {
  rule_type: RuleType | "";
  // access_requirement
  min_role: RoleName | "";
  accountable_only: boolean;
  // usage_limit
  max_quantity: number | null;
  /** Longest Use process in hours; a longer one completes as overdue. */
  max_duration_hours: number | null;
  /** Most Use processes open on one resource at once. */
  max_concurrent_users: number | null;
  // transfer_conditions (accountable_only is shared with access_requirement)
  receiver_role: RoleName | "";
  /** Custody passes only where the resource is (its resources need a location). */
  same_location: boolean;
  // validation_scheme
  scheme: SchemeKind;
  n: number | null;
  m: number | null;
  validator_role: RoleName | "";
  /** Named validators: base64 agent keys (`uhCAk…`), as the zome parses them. */
  validators: string[];
  // end_of_life
  confirmations: number | null;
  /** The challenge period in `challenge_period_unit`. */
  challenge_period: number | null;
  challenge_period_unit: PeriodUnit;
}

/** A new rule: no type chosen yet, the end-of-life defaults filled in. */
export function emptyDraft(): RuleDraft {
  return {
    rule_type: "",
    min_role: "",
    accountable_only: false,
    max_quantity: null,
    max_duration_hours: null,
    max_concurrent_users: null,
    receiver_role: "",
    same_location: false,
    scheme: "simple_majority",
    n: 2,
    m: 3,
    validator_role: "",
    validators: [],
    confirmations: DEFAULT_END_OF_LIFE.confirmations,
    challenge_period: DEFAULT_END_OF_LIFE.challenge_period_seconds / PERIOD_UNITS.days,
    challenge_period_unit: "days",
  };
}

/** The challenge period of `d` in seconds (what rule_data stores), or null when none is typed. */
export function periodSeconds(d: Pick<RuleDraft, "challenge_period" | "challenge_period_unit">): number | null {
  if (!present(d.challenge_period)) return null;
  // Rounded to the microsecond's worth of float noise, e.g. 0.1 h = 360 s.
  return Math.round(d.challenge_period * PERIOD_UNITS[d.challenge_period_unit] * 1e6) / 1e6;
}

/** A field of a draft the form shows an error next to; `rule` is the rule as a whole. */
export type DraftField = keyof RuleDraft | "rule";

/**
 * Something the zome would refuse. `missing` problems (a required value not
 * given yet) are shown once the person tries to submit; the others (a value
 * out of range) as soon as they are typed.
 */
export interface DraftProblem {
  field: DraftField;
  message: string;
  missing: boolean;
}

const present = (x: number | null | undefined): x is number => typeof x === "number" && !Number.isNaN(x);

/** The `rule_data` object of `d`: only its type's fields, and only those set. */
export function draftData(d: RuleDraft): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  switch (d.rule_type) {
    case "access_requirement":
      if (d.min_role) data.min_role = d.min_role;
      if (d.accountable_only) data.accountable_only = true;
      break;
    case "usage_limit":
      if (present(d.max_duration_hours)) data.max_duration_hours = d.max_duration_hours;
      if (present(d.max_concurrent_users)) data.max_concurrent_users = d.max_concurrent_users;
      if (present(d.max_quantity)) data.max_quantity = d.max_quantity;
      break;
    case "transfer_conditions":
      if (d.receiver_role) data.receiver_role = d.receiver_role;
      if (d.accountable_only) data.accountable_only = true;
      if (d.same_location) data.same_location = true;
      break;
    case "validation_scheme":
      data.scheme = d.scheme;
      if (d.scheme === "n_of_m") {
        data.n = d.n;
        data.m = d.m;
        if (d.validator_role) data.validator_role = d.validator_role;
      } else {
        data.validators = [...d.validators];
      }
      break;
    case "end_of_life": {
      if (present(d.confirmations)) data.confirmations = d.confirmations;
      const seconds = periodSeconds(d);
      if (seconds !== null) data.challenge_period_seconds = seconds;
      break;
    }
  }
  return data;
}

/** The rule the zome stores for `d` (whose type must be chosen), enforced by no particular role. */
export function draftToRule(d: RuleDraft): GovernanceRule {
  if (d.rule_type === "") throw new Error("choose a rule type first");
  const data = RULE_DATA_SCHEMAS[d.rule_type].parse(draftData(d));
  return { rule_type: d.rule_type, rule_data: JSON.stringify(data), enforced_by: null };
}

/**
 * What is wrong with `d`, field by field, by the rules `parse_rule` applies
 * in the zomes (plus: a rule must say something). `others` are the other
 * drafts of the same form (only one validation scheme per specification counts).
 */
export function draftProblems(d: RuleDraft, others: RuleDraft[] = []): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const missing = (field: DraftField, message: string) => problems.push({ field, message, missing: true });
  const invalid = (field: DraftField, message: string) => problems.push({ field, message, missing: false });
  const positive = (field: DraftField, x: number | null) => {
    if (present(x) && !(Number.isFinite(x) && x > 0)) invalid(field, "Must be greater than 0.");
  };
  switch (d.rule_type) {
    case "":
      missing("rule_type", "Choose a rule type, or remove this rule.");
      break;
    case "access_requirement":
    case "transfer_conditions":
      break;
    case "usage_limit":
      positive("max_quantity", d.max_quantity);
      positive("max_duration_hours", d.max_duration_hours);
      if (present(d.max_concurrent_users) && !(Number.isInteger(d.max_concurrent_users) && d.max_concurrent_users >= 1)) {
        invalid("max_concurrent_users", "Must be a whole number, at least 1.");
      }
      break;
    case "validation_scheme":
      if (d.scheme === "n_of_m") {
        const whole = (x: number | null) => present(x) && Number.isInteger(x) && x >= 1;
        if (!present(d.n)) missing("n", "Say how many approvals are needed.");
        else if (!whole(d.n)) invalid("n", "Must be a whole number, at least 1.");
        if (!present(d.m)) missing("m", "Say how many validators are in the pool.");
        else if (!whole(d.m)) invalid("m", "Must be a whole number, at least 1.");
        else if ((d.m as number) > MAX_VALIDATORS) invalid("m", `Must be at most ${MAX_VALIDATORS}.`);
        if (whole(d.n) && whole(d.m) && (d.n as number) > (d.m as number)) {
          invalid("n", "Cannot need more approvals than there are validators (n ≤ m).");
        }
        if (d.validator_role !== "" && !VALIDATOR_ROLES.includes(d.validator_role)) {
          invalid("validator_role", "Validators are Accountable: choose a role only Accountable Agents hold.");
        }
      } else if (d.validators.length === 0) {
        missing("validators", "Choose at least one validator.");
      } else if (d.validators.length > MAX_VALIDATORS) {
        invalid("validators", `Choose at most ${MAX_VALIDATORS} validators.`);
      }
      if (others.some((o) => o.rule_type === "validation_scheme")) {
        invalid("rule_type", "A specification has one validation scheme: only the first would count. Remove this one.");
      }
      break;
    case "end_of_life": {
      if (present(d.confirmations)) {
        if (!(Number.isInteger(d.confirmations) && d.confirmations >= MIN_CONFIRMATIONS)) {
          invalid("confirmations", `Must be a whole number, at least ${MIN_CONFIRMATIONS}.`);
        } else if (d.confirmations > MAX_VALIDATORS) {
          invalid("confirmations", `Must be at most ${MAX_VALIDATORS}.`);
        }
      }
      const seconds = periodSeconds(d);
      if (seconds !== null && !(Number.isInteger(seconds) && seconds >= 0)) {
        invalid("challenge_period", "Must be 0 or more, a whole number of seconds.");
      }
      if (others.some((o) => o.rule_type === "end_of_life")) {
        invalid("rule_type", "A specification has one end-of-life rule: only the first would count. Remove this one.");
      }
      break;
    }
  }
  if (d.rule_type !== "" && d.rule_type !== "validation_scheme" && Object.keys(draftData(d)).length === 0) {
    missing("rule", "Set at least one condition, or remove this rule.");
  }
  return problems;
}

// Reading stored rules: the client's typed rule_data (`RULE_DATA_SCHEMAS`).

export type { AccessRequirement, UsageLimit, TransferConditions, EndOfLifeRule, ValidationScheme, TypedRule };

const isRole = (x: unknown): x is RoleName => typeof x === "string" && (ROLE_NAMES as readonly string[]).includes(x);

/** A stored rule as typed data, or null when its type or data is not one the zomes accept (shown raw then). */
export function parseRule(rule: GovernanceRule): TypedRule | null {
  return parseRuleData(rule);
}

/**
 * Whether resources of `spec` need a `current_location`: a
 * `transfer_conditions` rule sets `same_location` (custody passes only where
 * the resource is; the zome refuses such a resource without a location).
 */
export function needsLocation(spec: ResourceSpecification): boolean {
  return spec.governance_rules.some((rule) => {
    const typed = parseRule(rule);
    return typed?.rule_type === "transfer_conditions" && typed.data.same_location === true;
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const roleLabel = (r: unknown) => (isRole(r) ? ROLE_LABELS[r] : String(r));

/**
 * A rule in words, e.g. "at most 2 per use" or "a simple majority of
 * Bilal, Chen"; `nameOf` names a base64 agent key. Unknown rules: their data as stored.
 */
export function describeRule(rule: GovernanceRule, nameOf: (agentB64: string) => string): string {
  const typed = parseRule(rule);
  if (!typed) return rule.rule_data;
  const parts: string[] = [];
  switch (typed.rule_type) {
    case "access_requirement": {
      const d = typed.data;
      if (d.min_role) parts.push(`holders of the ${roleLabel(d.min_role)} role only`);
      if (d.accountable_only) parts.push("Accountable Agents only");
      if (d.min_reputation !== undefined) parts.push(`a reputation of at least ${d.min_reputation} (shared with the provider)`);
      break;
    }
    case "usage_limit": {
      const d = typed.data;
      if (d.max_quantity !== undefined) parts.push(`at most ${d.max_quantity} per use`);
      if (d.max_concurrent_users !== undefined) parts.push(`at most ${d.max_concurrent_users} open Use at a time`);
      if (d.max_duration_hours !== undefined) parts.push(`a Use longer than ${d.max_duration_hours} h completes as overdue`);
      break;
    }
    case "transfer_conditions": {
      const d = typed.data;
      if (d.receiver_role) parts.push(`the receiver must hold the ${roleLabel(d.receiver_role)} role`);
      if (d.accountable_only) parts.push("the receiver must be an Accountable Agent");
      if (d.same_location) parts.push("custody passes only where the resource is");
      break;
    }
    case "validation_scheme":
      return `approved by ${describeScheme(typed.data, nameOf)}`;
    case "end_of_life":
      return describeEndOfLife(typed.data);
  }
  return parts.length > 0 ? parts.join("; ") : "no conditions";
}

/** A number of seconds in the largest unit that divides it: "20 seconds", "1 hour", "7 days". */
export function describePeriod(seconds: number): string {
  if (seconds === 0) return "no time";
  if (seconds % PERIOD_UNITS.days === 0) return plural(seconds / PERIOD_UNITS.days, "day", "days");
  if (seconds % PERIOD_UNITS.hours === 0) return plural(seconds / PERIOD_UNITS.hours, "hour", "hours");
  return plural(seconds, "second", "seconds");
}

/**
 * An end_of_life rule in words, defaults filled in: "a declared end of life
 * can be challenged for 20 seconds, then needs 1 confirmation".
 */
export function describeEndOfLife(d: EndOfLifeRule): string {
  const n = d.confirmations ?? DEFAULT_END_OF_LIFE.confirmations;
  const seconds = d.challenge_period_seconds ?? DEFAULT_END_OF_LIFE.challenge_period_seconds;
  const confirmations = `${plural(n, "confirmation", "confirmations")} by Accountable Agents other than the custodian`;
  return seconds === 0
    ? `a declared end of life can be confirmed at once and needs ${confirmations}`
    : `a declared end of life can be challenged for ${describePeriod(seconds)}, then needs ${confirmations}`;
}

/**
 * Who approves under a validation scheme, in words: "a simple majority of
 * Bilal, Chen", "2 of 3 holders of the Transport role", "one Accountable Agent".
 */
export function describeScheme(s: ValidationScheme, nameOf: (agentB64: string) => string): string {
  if (s.scheme === "simple_majority") {
    const names = (s.validators ?? []).map(nameOf);
    return `a simple majority of ${names.length > 0 ? names.join(", ") : "(no validators)"}`;
  }
  const n = s.n ?? 1;
  const m = s.m ?? n;
  const role = s.validator_role ? roleLabel(s.validator_role) : null;
  if (n === 1 && m === 1) return role ? `one holder of the ${role} role` : "one Accountable Agent";
  return `${n} of ${m} ${role ? `holders of the ${role} role` : "Accountable Agents"}`;
}

/** The default scheme of a specification without a validation_scheme rule: one approval by an Accountable Agent. */
export const DEFAULT_SCHEME: ValidationScheme = { scheme: "n_of_m", n: 1, m: 1 };

/** The specification's validation scheme: its first valid validation_scheme rule, or the default. */
export function schemeOf(spec: ResourceSpecification): ValidationScheme {
  for (const r of spec.governance_rules) {
    if (r.rule_type !== "validation_scheme") continue;
    const typed = parseRule(r);
    if (typed?.rule_type === "validation_scheme") return typed.data;
  }
  return DEFAULT_SCHEME;
}

/** What this agent knows of itself, to tell whether a scheme admits it. */
export interface Me {
  key: string;
  founder: boolean;
  accountable: boolean;
  roles: RoleName[];
}

/**
 * Whether `scheme` admits `me` as a validator, as the zomes decide it: a
 * named validator who is Accountable (simple majority); a holder of
 * validator_role, or an Accountable Agent by default, and a founder always
 * (n of m). Only a hint: the zome decides, and its refusal is shown as it words it.
 */
export function schemeAdmits(scheme: ValidationScheme, me: Me): boolean {
  if (scheme.scheme === "simple_majority") return (scheme.validators ?? []).includes(me.key) && (me.founder || me.accountable);
  if (me.founder) return true;
  if (scheme.validator_role) return me.roles.includes(scheme.validator_role);
  return me.accountable;
}

/** "a of n approvals" (and the rejections, if any) of a validation status. */
export function describeApprovals(s: { approvals: number; required_validators: number; rejections: number }): string {
  const text = `${s.approvals} of ${s.required_validators} ${s.required_validators === 1 ? "approval" : "approvals"}`;
  return s.rejections > 0 ? `${text}, ${s.rejections} ${s.rejections === 1 ? "rejection" : "rejections"}` : text;
}

/** The longest image_url the resource integrity zome accepts (characters). */
export const MAX_PICTURE_URL = 2048;

/**
 * What is wrong with a specification's picture address, or null when it is
 * fine: empty (no picture), an http(s) address, or a `data:image/` address,
 * at most {@link MAX_PICTURE_URL} characters (the zome's bound).
 */
export function pictureUrlProblem(url: string): string | null {
  const u = url.trim();
  if (u === "") return null;
  if ([...u].length > MAX_PICTURE_URL) return `Must be at most ${MAX_PICTURE_URL} characters.`;
  if (/^data:image\//i.test(u)) return null;
  try {
    const parsed = new URL(u);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return null;
  } catch {
    /* not an address */
  }
  return "Must be an http(s) address or a data:image/ address.";
}
