//! `GovernanceRule` (spec §4.2.2) and its closed set of typed rule types
//! (REQ-GOV-06/08/10): each `rule_type` has a documented
//! `rule_data` JSON schema, parsed — unknown fields refused — wherever a rule
//! is written or evaluated, so rules stay public, machine-readable and
//! evaluated. `ResourceSpecification` lives here because the governance
//! operator evaluates its rules and the resource zome validates it.
use hdi::prelude::*;

use crate::roles::RoleName;

/// A rule embedded in a specification. `rule_data` is JSON text whose shape
/// depends on `rule_type` (see [`TypedRule`]); `enforced_by` names the role
/// that enforces it, if any.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct GovernanceRule {
    pub rule_type: String,
    pub rule_data: String,
    pub enforced_by: Option<String>,
}

/// A class of resources and the rules that bind every resource of it (spec §4.2.1, REQ-RES-04/05).
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct ResourceSpecification {
    /// 1-100 characters, not blank.
    pub name: String,
    /// At most 5000 characters.
    pub description: String,
    /// At most 2048 characters.
    pub image_url: Option<String>,
    /// At most 32 rules, each valid against its rule type (`nondominium_types::parse_rule`).
    pub governance_rules: Vec<GovernanceRule>,
    /// The author's Accountable credential (a person `Role` record); `None`
    /// when the author is a progenitor (spec §6.2: only Accountable Agents
    /// define new resource types).
    pub accountable_credential: Option<ActionHash>,
}

/// `access_requirement`: what an agent needs to receive access to (custody
/// of, or use of) a resource of this specification.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct AccessRequirement {
    /// A role the agent must hold.
    #[serde(default)]
    pub min_role: Option<RoleName>,
    /// The agent must be Accountable.
    #[serde(default)]
    pub accountable_only: bool,
    /// Minimum `reputation_score` in (0, 1] (spec §4.3.10): the event cites
    /// attestations of the receiver's receipts (`receiver_reputation`) that
    /// reach it ([`crate::reputation_of`]).
    #[serde(default)]
    pub min_reputation: Option<f64>,
}

/// `usage_limit`: bounds on one use.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct UsageLimit {
    /// Longest single Use process, in hours (> 0): one that runs longer
    /// completes as `overdue` (REQ-PROC-06).
    #[serde(default)]
    pub max_duration_hours: Option<f64>,
    /// Most Use processes open on one resource at once (>= 1).
    #[serde(default)]
    pub max_concurrent_users: Option<u32>,
    /// Most quantity one use may take, in the resource's unit (> 0).
    #[serde(default)]
    pub max_quantity: Option<f64>,
}

/// `transfer_conditions`: who may receive custody.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct TransferConditions {
    /// A role the receiver must hold.
    #[serde(default)]
    pub receiver_role: Option<RoleName>,
    /// The receiver must be Accountable.
    #[serde(default)]
    pub accountable_only: bool,
    /// Custody passes only where the resource is: its resources must have a
    /// `current_location`, and an event that hands custody to another agent
    /// may not move it ([`crate::check_transfer_location`]); moving it is a
    /// Transport (or the custodian's own `move`).
    #[serde(default)]
    pub same_location: bool,
}

/// How new resources of a specification are approved.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SchemeKind {
    /// `n` distinct approvals by holders of `validator_role` (or Accountable Agents).
    NOfM,
    /// More than half of the named `validators`.
    SimpleMajority,
}

/// `validation_scheme`: e.g. `{"scheme":"n_of_m","n":2,"m":3}` (any
/// Accountable Agent, or holders of `validator_role`), `{"scheme":"n_of_m",
/// "n":2,"m":3,"validators":[three keys]}` (a named pool: a rejection by more
/// than m−n of them is final, since each gives one verdict), or
/// `{"scheme":"simple_majority","validators":["uhCAk…", …]}`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ValidationScheme {
    pub scheme: SchemeKind,
    #[serde(default)]
    pub n: Option<u32>,
    #[serde(default)]
    pub m: Option<u32>,
    #[serde(default)]
    pub validator_role: Option<RoleName>,
    /// Agent keys as base64 strings (`uhCAk…`), checked by [`parse_rule`].
    #[serde(default)]
    pub validators: Vec<String>,
}

impl ValidationScheme {
    /// The named validators as agent keys (entries that do not decode are skipped;
    /// [`parse_rule`] refuses them at write time).
    pub fn validator_keys(&self) -> Vec<AgentPubKey> {
        self.validators.iter().filter_map(|v| agent_key_from_b64(v).ok()).collect()
    }
}

/// Decodes a base64 agent key (`uhCAk…`) the way DNA properties are decoded
/// (through MessagePack, which `AgentPubKeyB64` reads from a string).
pub fn agent_key_from_b64(text: &str) -> Result<AgentPubKey, String> {
    let bytes = holochain_serialized_bytes::encode(&text.to_string()).map_err(|e| e.to_string())?;
    let key: AgentPubKeyB64 =
        holochain_serialized_bytes::decode(&bytes).map_err(|_| format!("`{text}` is not an agent key"))?;
    Ok(AgentPubKey::from(key))
}

/// `end_of_life`: how a resource of this specification is decommissioned
/// (REQ-GOV-11/12/13): `confirmations` distinct Accountable validators must
/// confirm the custodian's declaration, each after `challenge_period_seconds`
/// have passed since it. Without this rule: 2 confirmations, 7 days.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EndOfLifeRule {
    #[serde(default = "default_confirmations")]
    pub confirmations: u32,
    #[serde(default = "default_challenge_period")]
    pub challenge_period_seconds: u64,
}

fn default_confirmations() -> u32 {
    2
}
fn default_challenge_period() -> u64 {
    7 * 24 * 3600
}

impl EndOfLifeRule {
    /// When the challenge period of a declaration made at `declared_at` ends
    /// (µs since the epoch; saturating): the one computation integrity, the
    /// operator and the tally share (REQ-GOV-13).
    pub fn period_ends(&self, declared_at: Timestamp) -> Timestamp {
        let period = i64::try_from(self.challenge_period_seconds).unwrap_or(i64::MAX);
        Timestamp(declared_at.0.saturating_add(period.saturating_mul(1_000_000)))
    }
}

/// Whole seconds left from `now` until `ends`, rounded up (at least 1 while
/// `now < ends`), for "the challenge period ends in N s" refusals.
pub fn seconds_until(ends: Timestamp, now: Timestamp) -> i64 {
    (ends.0 - now.0) / 1_000_000 + 1
}

impl Default for EndOfLifeRule {
    fn default() -> Self {
        EndOfLifeRule { confirmations: default_confirmations(), challenge_period_seconds: default_challenge_period() }
    }
}

/// The `end_of_life` rule of `spec`, or the default (2 confirmations, 7 days).
pub fn end_of_life_rule_of(spec: &ResourceSpecification) -> EndOfLifeRule {
    spec.governance_rules
        .iter()
        .find_map(|r| match parse_rule(r) {
            Ok(TypedRule::EndOfLife(e)) => Some(e),
            _ => None,
        })
        .unwrap_or_default()
}

/// A rule parsed against its type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypedRule {
    AccessRequirement(AccessRequirement),
    UsageLimit(UsageLimit),
    TransferConditions(TransferConditions),
    ValidationScheme(ValidationScheme),
    EndOfLife(EndOfLifeRule),
}

/// The rule types, in documentation order.
pub const RULE_TYPES: [&str; 5] =
    ["access_requirement", "usage_limit", "transfer_conditions", "validation_scheme", "end_of_life"];

/// Most validators a scheme may require or name, and most confirmations an
/// end of life may require.
pub const MAX_VALIDATORS: u32 = 64;

/// Fewest confirmations an `end_of_life` rule may require (REQ-GOV-12:
/// "multiple validators"); the default is this minimum.
pub const MIN_END_OF_LIFE_CONFIRMATIONS: u32 = 2;

/// Most rules a specification may embed.
pub const MAX_RULES: usize = 32;

/// Longest `rule_data`, in characters.
pub const MAX_RULE_DATA_CHARS: usize = 4096;

/// The rule fields the zomes do not evaluate yet, as (rule type, field):
/// none today. A field listed here must be refused by [`parse_rule`]
/// (a rule that binds nothing must not look as if it does), and the UI's
/// rule builder does not offer it (`vocabulary.json` carries this list to
/// the client). `transfer_conditions.same_location` was the last one: it is
/// enforced on custody transfers since issue 13
/// ([`crate::check_transfer_location`]).
pub const NOT_EVALUATED_FIELDS: [(&str, &str); 0] = [];

/// The kind of value a `rule_data` field holds (its serde type, as the
/// client's zod schemas and the README's rule table describe it).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// A role name (`User`, `AccountableAgent`, …): [`RoleName`].
    RoleName,
    /// `true` or `false`.
    Boolean,
    /// A finite number > 0.
    PositiveNumber,
    /// A number > 0 and at most 1 (a share, a score).
    Fraction,
    /// A whole number >= 0 (`u32`).
    Count,
    /// A whole number of seconds >= 0 (`u64`).
    Seconds,
    /// `"n_of_m"` or `"simple_majority"`: [`SchemeKind`].
    Scheme,
    /// A list of base64 agent keys (`uhCAk…`).
    AgentKeys,
}

/// One field of a rule type's `rule_data`: the one description of its shape
/// that `vocabulary.json` carries to the client (whose zod schemas are
/// checked against it at load) and that `scripts/rule-data-doc.mjs` renders
/// into the README. `note` says what [`parse_rule`] requires of it beyond its
/// kind; `{name}` placeholders are the `ruleData` bounds of `vocabulary.json`.
/// A unit test checks that the fields of each rule type are exactly the
/// fields of its struct, in order, with these kinds.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RuleField {
    pub rule_type: &'static str,
    pub field: &'static str,
    pub kind: FieldKind,
    /// Whether `rule_data` must carry it.
    pub required: bool,
    pub note: &'static str,
}

const fn field(rule_type: &'static str, field: &'static str, kind: FieldKind, note: &'static str) -> RuleField {
    RuleField { rule_type, field, kind, required: false, note }
}

/// Every `rule_data` field of every rule type, in [`RULE_TYPES`] order and
/// each struct's field order (including the [`NOT_EVALUATED_FIELDS`], which
/// the structs parse in order to refuse them by name).
pub const RULE_FIELDS: [RuleField; 16] = [
    field("access_requirement", "min_role", FieldKind::RoleName, "the receiver must hold this role"),
    field("access_requirement", "accountable_only", FieldKind::Boolean, "the receiver must be an Accountable Agent"),
    field(
        "access_requirement",
        "min_reputation",
        FieldKind::Fraction,
        "the receiver's reputation_score, from the attestations the event cites",
    ),
    field(
        "usage_limit",
        "max_duration_hours",
        FieldKind::PositiveNumber,
        "a Use process that runs longer completes as overdue",
    ),
    field(
        "usage_limit",
        "max_concurrent_users",
        FieldKind::Count,
        "most uses of one resource at once: open Use processes and accepted Use commitments not yet due",
    ),
    field("usage_limit", "max_quantity", FieldKind::PositiveNumber, "most quantity one use may take"),
    field("transfer_conditions", "receiver_role", FieldKind::RoleName, "the receiver must hold this role"),
    field("transfer_conditions", "accountable_only", FieldKind::Boolean, "the receiver must be an Accountable Agent"),
    field(
        "transfer_conditions",
        "same_location",
        FieldKind::Boolean,
        "custody passes only where the resource is: it needs a current_location, and a transfer may not move it",
    ),
    RuleField { required: true, ..field("validation_scheme", "scheme", FieldKind::Scheme, "") },
    field("validation_scheme", "n", FieldKind::Count, "n_of_m: required, 1 <= n <= m"),
    field("validation_scheme", "m", FieldKind::Count, "n_of_m: required, m <= {maxValidators}"),
    field(
        "validation_scheme",
        "validator_role",
        FieldKind::RoleName,
        "n_of_m: a role only Accountable Agents hold (not User); not with validators",
    ),
    field(
        "validation_scheme",
        "validators",
        FieldKind::AgentKeys,
        "simple_majority: 1 to {maxValidators} keys; n_of_m: none, or exactly m",
    ),
    field(
        "end_of_life",
        "confirmations",
        FieldKind::Count,
        "{minEndOfLifeConfirmations} to {maxValidators}; default {defaultEndOfLife.confirmations}",
    ),
    field(
        "end_of_life",
        "challenge_period_seconds",
        FieldKind::Seconds,
        "at least the network's minimum; default {defaultEndOfLife.challenge_period_seconds}",
    ),
];

/// Parses `rule` against its type and checks its values. `Err` names the
/// rule's field: "governance_rules[i].rule_data: <what is wrong>" with `i`
/// filled in by the caller via [`check_rules`].
pub fn parse_rule(rule: &GovernanceRule) -> Result<TypedRule, String> {
    fn json<T: for<'de> Deserialize<'de>>(kind: &str, data: &str) -> Result<T, String> {
        serde_json::from_str(data).map_err(|e| format!("rule_data does not match {kind}: {e}"))
    }
    let positive = |name: &str, v: Option<f64>| match v {
        Some(x) if !x.is_finite() || x <= 0.0 => Err(format!("rule_data {name} must be a finite number > 0")),
        _ => Ok(()),
    };
    match rule.rule_type.as_str() {
        "access_requirement" => {
            let r: AccessRequirement = json("access_requirement", &rule.rule_data)?;
            positive("min_reputation", r.min_reputation)?;
            if r.min_reputation.is_some_and(|m| m > 1.0) {
                return Err("rule_data min_reputation must be at most 1 (reputation_score never exceeds 1)".into());
            }
            Ok(TypedRule::AccessRequirement(r))
        }
        "usage_limit" => {
            let r: UsageLimit = json("usage_limit", &rule.rule_data)?;
            positive("max_duration_hours", r.max_duration_hours)?;
            if r.max_concurrent_users == Some(0) {
                return Err("rule_data max_concurrent_users must be at least 1".into());
            }
            positive("max_quantity", r.max_quantity)?;
            Ok(TypedRule::UsageLimit(r))
        }
        "transfer_conditions" => {
            let r: TransferConditions = json("transfer_conditions", &rule.rule_data)?;
            Ok(TypedRule::TransferConditions(r))
        }
        "validation_scheme" => {
            let r: ValidationScheme = json("validation_scheme", &rule.rule_data)?;
            match r.scheme {
                SchemeKind::NOfM => match (r.n, r.m) {
                    (Some(n), Some(m)) if n >= 1 && n <= m && m <= MAX_VALIDATORS => {
                        if !r.validators.is_empty() && r.validators.len() != m as usize {
                            return Err("rule_data n_of_m validators, when named, must be exactly m agents".into());
                        }
                        if !r.validators.is_empty() && r.validator_role.is_some() {
                            return Err("rule_data n_of_m names either validators or a validator_role, not both".into());
                        }
                        for v in &r.validators {
                            agent_key_from_b64(v).map_err(|e| format!("rule_data validators: {e}"))?;
                        }
                    }
                    _ => return Err(format!("rule_data n_of_m needs n and m with 1 <= n <= m <= {MAX_VALIDATORS}")),
                },
                SchemeKind::SimpleMajority => {
                    if r.validators.is_empty() || r.validators.len() > MAX_VALIDATORS as usize {
                        return Err(format!("rule_data simple_majority needs 1 to {MAX_VALIDATORS} validators"));
                    }
                    for v in &r.validators {
                        agent_key_from_b64(v).map_err(|e| format!("rule_data validators: {e}"))?;
                    }
                }
            }
            if r.validator_role.is_some_and(|role| !(role.is_accountable() || role.is_specialised())) {
                return Err(
                    "rule_data validator_role must be a role held only by Accountable Agents (AccountableAgent, PrimaryAccountableAgent, Transport, Repair, Storage): validators are Accountable (REQ-GOV-02)".into(),
                );
            }
            Ok(TypedRule::ValidationScheme(r))
        }
        "end_of_life" => {
            let r: EndOfLifeRule = json("end_of_life", &rule.rule_data)?;
            if r.confirmations < MIN_END_OF_LIFE_CONFIRMATIONS || r.confirmations > MAX_VALIDATORS {
                return Err(format!(
                    "rule_data confirmations must be between {MIN_END_OF_LIFE_CONFIRMATIONS} and {MAX_VALIDATORS}: several validators confirm an end of life (REQ-GOV-12)"
                ));
            }
            Ok(TypedRule::EndOfLife(r))
        }
        other => Err(format!("rule_type `{other}` is not one of {}", RULE_TYPES.join(", "))),
    }
}

/// Parses every rule and checks its `enforced_by` (empty, or the name of a
/// role: `User`, `AccountableAgent`, …) and `rule_data` length; at most
/// [`MAX_RULES`] rules. `Err` is "ResourceSpecification
/// governance_rules[i].<what is wrong>".
pub fn check_rules(rules: &[GovernanceRule]) -> Result<Vec<TypedRule>, String> {
    if rules.len() > MAX_RULES {
        return Err(format!("ResourceSpecification governance_rules must hold at most {MAX_RULES} rules"));
    }
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            check_rule_text(rule)
                .and_then(|_| parse_rule(rule))
                .map_err(|e| format!("ResourceSpecification governance_rules[{i}].{e}"))
        })
        .collect()
}

/// `rule_data` at most [`MAX_RULE_DATA_CHARS`]; `enforced_by` empty or a role name.
fn check_rule_text(rule: &GovernanceRule) -> Result<(), String> {
    if rule.rule_data.chars().count() > MAX_RULE_DATA_CHARS {
        return Err(format!("rule_data must be at most {MAX_RULE_DATA_CHARS} characters"));
    }
    if let Some(role) = &rule.enforced_by {
        if serde_json::from_value::<RoleName>(serde_json::Value::String(role.clone())).is_err() {
            return Err("enforced_by must be empty or a role name (User, AccountableAgent, PrimaryAccountableAgent, Transport, Repair, Storage)".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value of each kind, as JSON.
    fn sample(kind: FieldKind) -> serde_json::Value {
        match kind {
            FieldKind::RoleName => serde_json::json!("Transport"),
            FieldKind::Boolean => serde_json::json!(true),
            FieldKind::PositiveNumber => serde_json::json!(1.5),
            FieldKind::Fraction => serde_json::json!(0.5),
            FieldKind::Count => serde_json::json!(3),
            FieldKind::Seconds => serde_json::json!(1u64 << 33),
            FieldKind::Scheme => serde_json::json!("simple_majority"),
            FieldKind::AgentKeys => serde_json::json!(["uhCAkAAAA"]),
        }
    }

    /// The serialised field names of one value of a rule struct.
    fn keys<T: Serialize>(value: T) -> Vec<String> {
        serde_json::to_value(value).unwrap().as_object().unwrap().keys().cloned().collect()
    }

    /// [`RULE_FIELDS`] lists exactly each struct's fields, in order, and
    /// each field's kind is a value its serde type takes.
    #[test]
    fn rule_fields_are_the_structs_fields() {
        let scheme =
            ValidationScheme { scheme: SchemeKind::NOfM, n: None, m: None, validator_role: None, validators: vec![] };
        let structs: [(&str, Vec<String>); 5] = [
            ("access_requirement", keys(AccessRequirement::default())),
            ("usage_limit", keys(UsageLimit::default())),
            ("transfer_conditions", keys(TransferConditions::default())),
            ("validation_scheme", keys(scheme)),
            ("end_of_life", keys(EndOfLifeRule::default())),
        ];
        assert_eq!(structs.iter().map(|(t, _)| *t).collect::<Vec<_>>(), RULE_TYPES);
        let listed: Vec<(String, String)> =
            RULE_FIELDS.iter().map(|f| (f.rule_type.to_string(), f.field.to_string())).collect();
        let actual: Vec<(String, String)> =
            structs.iter().flat_map(|(t, fs)| fs.iter().map(|f| (t.to_string(), f.clone()))).collect();
        assert_eq!(listed, actual);
        for f in RULE_FIELDS {
            let mut data = serde_json::Map::new();
            if f.rule_type == "validation_scheme" && f.field != "scheme" {
                data.insert("scheme".into(), sample(FieldKind::Scheme));
            }
            data.insert(f.field.into(), sample(f.kind));
            let text = serde_json::Value::Object(data).to_string();
            let parsed = match f.rule_type {
                "access_requirement" => serde_json::from_str::<AccessRequirement>(&text).map(|_| ()),
                "usage_limit" => serde_json::from_str::<UsageLimit>(&text).map(|_| ()),
                "transfer_conditions" => serde_json::from_str::<TransferConditions>(&text).map(|_| ()),
                "validation_scheme" => serde_json::from_str::<ValidationScheme>(&text).map(|_| ()),
                _ => serde_json::from_str::<EndOfLifeRule>(&text).map(|_| ()),
            };
            assert!(parsed.is_ok(), "{}.{} as {:?}: {parsed:?}", f.rule_type, f.field, f.kind);
            assert_eq!(f.required, f.field == "scheme", "{}.{}", f.rule_type, f.field);
        }
        for (t, field) in NOT_EVALUATED_FIELDS {
            assert!(RULE_FIELDS.iter().any(|f| (f.rule_type, f.field) == (t, field)), "{t}.{field}");
        }
    }

    fn rule(t: &str, d: &str) -> GovernanceRule {
        GovernanceRule { rule_type: t.into(), rule_data: d.into(), enforced_by: None }
    }

    #[test]
    fn parses_each_type() {
        assert!(matches!(
            parse_rule(&rule("access_requirement", r#"{"min_role":"Transport"}"#)),
            Ok(TypedRule::AccessRequirement(_))
        ));
        assert!(matches!(parse_rule(&rule("usage_limit", r#"{"max_quantity":2}"#)), Ok(TypedRule::UsageLimit(_))));
        assert!(matches!(
            parse_rule(&rule("usage_limit", r#"{"max_duration_hours":72,"max_concurrent_users":1}"#)),
            Ok(TypedRule::UsageLimit(_))
        ));
        assert_eq!(
            parse_rule(&rule("usage_limit", r#"{"max_concurrent_users":0}"#)),
            Err("rule_data max_concurrent_users must be at least 1".into())
        );
        assert_eq!(
            parse_rule(&rule("usage_limit", r#"{"max_duration_hours":-1}"#)),
            Err("rule_data max_duration_hours must be a finite number > 0".into())
        );
        assert!(matches!(
            parse_rule(&rule("transfer_conditions", r#"{"same_location":true}"#)),
            Ok(TypedRule::TransferConditions(TransferConditions { same_location: true, .. }))
        ));
        assert!(matches!(
            parse_rule(&rule("access_requirement", r#"{"min_reputation":0.5}"#)),
            Ok(TypedRule::AccessRequirement(AccessRequirement { min_reputation: Some(m), .. })) if m == 0.5
        ));
        assert_eq!(
            parse_rule(&rule("access_requirement", r#"{"min_reputation":1.5}"#)),
            Err("rule_data min_reputation must be at most 1 (reputation_score never exceeds 1)".into())
        );
        assert!(parse_rule(&rule("validation_scheme", r#"{"scheme":"n_of_m","n":1,"m":2,"validator_role":"User"}"#))
            .unwrap_err()
            .starts_with("rule_data validator_role must be a role held only by Accountable Agents"));
        assert!(matches!(
            parse_rule(&rule("transfer_conditions", r#"{"accountable_only":true}"#)),
            Ok(TypedRule::TransferConditions(_))
        ));
        assert!(matches!(
            parse_rule(&rule("validation_scheme", r#"{"scheme":"n_of_m","n":2,"m":3}"#)),
            Ok(TypedRule::ValidationScheme(_))
        ));
        assert_eq!(
            parse_rule(&rule("end_of_life", r#"{"challenge_period_seconds":8}"#)),
            Ok(TypedRule::EndOfLife(EndOfLifeRule { confirmations: 2, challenge_period_seconds: 8 }))
        );
        assert_eq!(
            parse_rule(&rule("end_of_life", r#"{"confirmations":1}"#)),
            Err("rule_data confirmations must be between 2 and 64: several validators confirm an end of life (REQ-GOV-12)".into())
        );
    }

    #[test]
    fn names_the_bad_field() {
        let e = check_rules(&[rule("usage_limit", r#"{"max_days":3}"#)]).unwrap_err();
        assert!(e.starts_with("ResourceSpecification governance_rules[0].rule_data does not match usage_limit: unknown field `max_days`"), "{e}");
        let e = check_rules(&[rule("usage_limit", r#"{"max_quantity":-1}"#)]).unwrap_err();
        assert_eq!(e, "ResourceSpecification governance_rules[0].rule_data max_quantity must be a finite number > 0");
        let e = check_rules(&[rule("validation_scheme", r#"{"scheme":"n_of_m","n":3,"m":2}"#)]).unwrap_err();
        assert_eq!(
            e,
            "ResourceSpecification governance_rules[0].rule_data n_of_m needs n and m with 1 <= n <= m <= 64"
        );
        let named = |keys: &str| {
            rule("validation_scheme", &format!(r#"{{"scheme":"n_of_m","n":1,"m":2,"validators":[{keys}]}}"#))
        };
        let e = check_rules(&[named(r#""uhCAkJCuynkgVdMn_bzZ2ZYaVfygkn0WCuzfFspczxFnZM1QAyXoo""#)]).unwrap_err();
        assert!(e.ends_with("n_of_m validators, when named, must be exactly m agents"), "{e}");
        let bad_role = GovernanceRule { enforced_by: Some("Mayor".into()), ..rule("usage_limit", "{}") };
        assert!(check_rules(&[bad_role]).unwrap_err().contains("enforced_by must be empty or a role name"));
        let good_role = GovernanceRule { enforced_by: Some("Transport".into()), ..rule("usage_limit", "{}") };
        assert!(check_rules(&[good_role]).is_ok());
        let e = check_rules(&[rule("colour", "{}")]).unwrap_err();
        assert!(e.contains("rule_type `colour` is not one of"), "{e}");
    }
}

/// The specification's validation scheme: its first `validation_scheme`
/// rule, or by default one approval by any Accountable Agent (1-of-1).
pub fn validation_scheme_of(spec: &ResourceSpecification) -> ValidationScheme {
    spec.governance_rules
        .iter()
        .find_map(|r| match parse_rule(r) {
            Ok(TypedRule::ValidationScheme(s)) => Some(s),
            _ => None,
        })
        .unwrap_or(ValidationScheme {
            scheme: SchemeKind::NOfM,
            n: Some(1),
            m: Some(1),
            validator_role: None,
            validators: vec![],
        })
}

/// Where a resource's peer validation stands (spec §4.3.5, REQ-GOV-02/06).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ValidationState {
    Pending,
    Approved,
    Rejected,
}

/// The state under `scheme` given each distinct validator's verdict
/// (`approvals`, `rejections` count distinct eligible validators):
/// - n_of_m: approved at `n` approvals; rejected once more than `m - n`
///   validators rejected (n can no longer be reached);
/// - simple_majority of `k` named validators: approved when approvals > k/2;
///   rejected when rejections >= k - k/2 (a majority can no longer approve).
///
/// Returns the state and the number of approvals required.
pub fn validation_state(scheme: &ValidationScheme, approvals: u32, rejections: u32) -> (ValidationState, u32) {
    let (required, max_rejections) = match scheme.scheme {
        SchemeKind::NOfM => {
            let n = scheme.n.unwrap_or(1);
            let m = scheme.m.unwrap_or(n).max(n);
            (n, m - n)
        }
        SchemeKind::SimpleMajority => {
            let k = scheme.validators.len() as u32;
            (k / 2 + 1, k - (k / 2 + 1))
        }
    };
    let state = if approvals >= required {
        ValidationState::Approved
    } else if rejections > max_rejections {
        ValidationState::Rejected
    } else {
        ValidationState::Pending
    };
    (state, required)
}

#[cfg(test)]
mod scheme_tests {
    use super::*;

    fn n_of_m(n: u32, m: u32) -> ValidationScheme {
        ValidationScheme { scheme: SchemeKind::NOfM, n: Some(n), m: Some(m), validator_role: None, validators: vec![] }
    }

    #[test]
    fn two_of_three() {
        let s = n_of_m(2, 3);
        assert_eq!(validation_state(&s, 1, 0), (ValidationState::Pending, 2));
        assert_eq!(validation_state(&s, 2, 1), (ValidationState::Approved, 2));
        assert_eq!(validation_state(&s, 1, 1), (ValidationState::Pending, 2));
        assert_eq!(validation_state(&s, 0, 2), (ValidationState::Rejected, 2));
    }

    #[test]
    fn simple_majority_of_three_and_four() {
        let key = |n: u8| format!("validator-{n}");
        let three = ValidationScheme {
            scheme: SchemeKind::SimpleMajority,
            n: None,
            m: None,
            validator_role: None,
            validators: vec![key(1), key(2), key(3)],
        };
        assert_eq!(validation_state(&three, 2, 0), (ValidationState::Approved, 2));
        assert_eq!(validation_state(&three, 1, 1), (ValidationState::Pending, 2));
        assert_eq!(validation_state(&three, 0, 2), (ValidationState::Rejected, 2));
        let four = ValidationScheme { validators: vec![key(1), key(2), key(3), key(4)], ..three };
        assert_eq!(validation_state(&four, 2, 2), (ValidationState::Rejected, 3));
        assert_eq!(validation_state(&four, 3, 1), (ValidationState::Approved, 3));
    }
}
