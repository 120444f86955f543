//! The rules of a specification that bind a single event (REQ-GOV-09): what
//! the receiver must hold under `transfer_conditions` and
//! `access_requirement`, and the `usage_limit` on quantity. The operator evaluates them before it records an
//! event (friendly refusal naming the rule) and the governance integrity zome
//! checks them again from the credentials the event cites, so no peer can
//! skip them. Both read the requirements from [`receiver_requirements`].

use crate::{
    effects_of, parse_rule, QuantityEffect, ReceiverOf, ReceiverRules, ResourceSpecification, RoleName, TypedRule,
    VfAction,
};

/// One rule's demand on the receiver of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiverRequirement {
    /// "<rule_type> (governance_rules[i])", the name refusals use.
    pub rule: String,
    /// A role the receiver must hold (credential cited).
    pub role: Option<RoleName>,
    /// The receiver must be Accountable (a progenitor, or an Accountable credential cited).
    pub accountable: bool,
    /// The receiver's `reputation_score` must reach this (attestations cited).
    pub min_reputation: Option<f64>,
}

/// Whether an event of `action` whose receiver is someone other than its
/// provider (`to_another`) is bound by `rule`, from the row's
/// `receiverRules`: `transfer_conditions` binds transfers of custody or
/// rights; `access_requirement` binds those and every use of the resource
/// by someone other than the custodian (`AccessForUse`, `Use`, `Cite`,
/// `Work`, `DeliverService`). The custodian using what they hold
/// (`to_another` false) met the rules when they received it.
fn rule_applies(rule: &TypedRule, action: VfAction, to_another: bool) -> bool {
    let binding = effects_of(action).nondominium.receiver_rules;
    let transfers = binding == ReceiverRules::Transfer;
    let uses = to_another && binding == ReceiverRules::Use;
    match rule {
        TypedRule::TransferConditions(_) => transfers,
        TypedRule::AccessRequirement(_) => transfers || uses,
        _ => false,
    }
}

/// The name of the requirement every `InitialTransfer` carries: its receiver
/// is an Accountable Agent.
pub const INITIAL_TRANSFER_REQUIREMENT: &str = "InitialTransfer (REQ-USER-S-07)";

/// The requirements on the receiver of an event of `action` on a resource of
/// `spec` (`to_another`: the receiver is not the provider), in rule order,
/// then, for an action whose row asks for an `accountableReceiver`
/// (`InitialTransfer`), an Accountable receiver for that
/// action. Rules that do not parse are skipped here (integrity refused them
/// when the specification was written).
pub fn receiver_requirements(
    spec: &ResourceSpecification,
    action: VfAction,
    to_another: bool,
) -> Vec<ReceiverRequirement> {
    let mut out = Vec::new();
    for (i, rule) in spec.governance_rules.iter().enumerate() {
        let Ok(typed) = parse_rule(rule) else { continue };
        if !rule_applies(&typed, action, to_another) {
            continue;
        }
        let (role, accountable, min_reputation) = match &typed {
            TypedRule::TransferConditions(t) => (t.receiver_role, t.accountable_only, None),
            TypedRule::AccessRequirement(a) => (a.min_role, a.accountable_only, a.min_reputation),
            _ => continue,
        };
        if role.is_some() || accountable || min_reputation.is_some() {
            out.push(ReceiverRequirement {
                rule: format!("{} (governance_rules[{i}])", rule.rule_type),
                role,
                accountable,
                min_reputation,
            });
        }
    }
    if effects_of(action).nondominium.accountable_receiver {
        out.push(ReceiverRequirement {
            rule: INITIAL_TRANSFER_REQUIREMENT.into(),
            role: None,
            accountable: true,
            min_reputation: None,
        });
    }
    out
}

/// The `usage_limit` rules of `spec` that bind an event (REQ-GOV-09): for
/// the actions whose row is `usageLimited` (those that use or take from a
/// resource: `Use`, `AccessForUse`, `Consume`), `resource_quantity` must not exceed `max_quantity`. `Err` is
/// "usage_limit (governance_rules[i]): resource_quantity must be at most <max>".
/// (`max_duration_hours` and `max_concurrent_users` bind the use's duration
/// and overlap, which no single event records; the operator does not check them.)
pub fn check_usage_limits(
    spec: &ResourceSpecification,
    action: VfAction,
    resource_quantity: f64,
) -> Result<(), String> {
    if !effects_of(action).nondominium.usage_limited {
        return Ok(());
    }
    for (i, rule) in spec.governance_rules.iter().enumerate() {
        if let Ok(TypedRule::UsageLimit(limit)) = parse_rule(rule) {
            if let Some(max) = limit.max_quantity {
                if resource_quantity > max {
                    return Err(format!(
                        "usage_limit (governance_rules[{i}]): resource_quantity must be at most {max}"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The name of the first `transfer_conditions` rule of `spec` that sets
/// `same_location`, "transfer_conditions (governance_rules[i])", if any.
pub fn same_location_rule(spec: &ResourceSpecification) -> Option<String> {
    spec.governance_rules.iter().enumerate().find_map(|(i, rule)| match parse_rule(rule) {
        Ok(TypedRule::TransferConditions(t)) if t.same_location => {
            Some(format!("{} (governance_rules[{i}])", rule.rule_type))
        }
        _ => None,
    })
}

/// `transfer_conditions.same_location` on a resource of `spec` (REQ-GOV-09):
/// a resource whose specification sets it has a place, so
/// `current_location` must be given when it is created. `Err`:
/// "EconomicResource current_location is required by transfer_conditions
/// (governance_rules[i]).same_location: …".
pub fn check_located(spec: &ResourceSpecification, current_location: Option<&str>) -> Result<(), String> {
    match (same_location_rule(spec), current_location) {
        (Some(rule), None) => Err(format!(
            "EconomicResource current_location is required by {rule}.same_location: custody of it passes only where it is"
        )),
        _ => Ok(()),
    }
}

/// `transfer_conditions.same_location` on an event (REQ-GOV-09): an event
/// of `action` that hands custody to another agent (its row's on-hand
/// quantity passes to the receiver, `decrementIncrement`, and its receiver is
/// another agent: `transferCustody`, `transfer`, `InitialTransfer`) happens
/// where the resource is: the resource has a `current_location` and the
/// event's `to_location` is empty or that same place, so the receiver takes
/// it there and the transfer does not move it (moving it is a Transport
/// process, or the custodian's own `move`). `Err`: "<rule>: same_location:
/// …" naming the field.
pub fn check_transfer_location(
    spec: &ResourceSpecification,
    action: VfAction,
    current_location: Option<&str>,
    to_location: Option<&str>,
) -> Result<(), String> {
    let effects = effects_of(action);
    let hands_custody = effects.onhand_effect == QuantityEffect::DecrementIncrement
        && effects.nondominium.receiver == ReceiverOf::Another;
    let Some(rule) = same_location_rule(spec).filter(|_| hands_custody) else {
        return Ok(());
    };
    match (current_location, to_location) {
        (None, _) => Err(format!(
            "{rule}: same_location: the resource has no current_location, so custody cannot pass where it is (a move by its custodian gives it one)"
        )),
        (Some(here), Some(there)) if here != there => Err(format!(
            "{rule}: same_location: custody passes only where the resource is, so to_location must be empty or its current_location {here:?} (a Transport process moves it)"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GovernanceRule;

    fn spec(rules: &[(&str, &str)]) -> ResourceSpecification {
        ResourceSpecification {
            name: "drill".into(),
            description: String::new(),
            image_url: None,
            governance_rules: rules
                .iter()
                .map(|(t, d)| GovernanceRule { rule_type: t.to_string(), rule_data: d.to_string(), enforced_by: None })
                .collect(),
            accountable_credential: None,
        }
    }

    #[test]
    fn requirements_follow_rule_type_and_action() {
        let s = spec(&[
            ("usage_limit", r#"{"max_quantity":2}"#),
            ("transfer_conditions", r#"{"receiver_role":"Transport"}"#),
            ("access_requirement", r#"{"accountable_only":true}"#),
            ("transfer_conditions", r#"{}"#),
        ]);
        let custody = receiver_requirements(&s, VfAction::TransferCustody, true);
        assert_eq!(
            custody,
            vec![
                ReceiverRequirement {
                    rule: "transfer_conditions (governance_rules[1])".into(),
                    role: Some(RoleName::Transport),
                    accountable: false,
                    min_reputation: None,
                },
                ReceiverRequirement {
                    rule: "access_requirement (governance_rules[2])".into(),
                    role: None,
                    accountable: true,
                    min_reputation: None,
                },
            ]
        );
        for action in [VfAction::AccessForUse, VfAction::Use, VfAction::Cite, VfAction::Work, VfAction::DeliverService]
        {
            let use_only = receiver_requirements(&s, action, true);
            assert_eq!(use_only.len(), 1, "{action:?}");
            assert_eq!(use_only[0].rule, "access_requirement (governance_rules[2])");
            assert!(receiver_requirements(&s, action, false).is_empty(), "{action:?} by the custodian");
        }
        assert!(receiver_requirements(&s, VfAction::Produce, true).is_empty());
        let initial = receiver_requirements(&spec(&[]), VfAction::InitialTransfer, true);
        assert_eq!(
            initial,
            vec![ReceiverRequirement {
                rule: INITIAL_TRANSFER_REQUIREMENT.into(),
                role: None,
                accountable: true,
                min_reputation: None
            }]
        );
    }

    #[test]
    fn usage_limit_bounds_the_quantity_of_a_use() {
        let s = spec(&[("usage_limit", r#"{"max_quantity":2}"#)]);
        assert_eq!(check_usage_limits(&s, VfAction::Consume, 2.0), Ok(()));
        assert_eq!(
            check_usage_limits(&s, VfAction::AccessForUse, 2.5),
            Err("usage_limit (governance_rules[0]): resource_quantity must be at most 2".into())
        );
        assert_eq!(check_usage_limits(&s, VfAction::Produce, 9.0), Ok(()));
    }

    #[test]
    fn same_location_binds_custody_transfers_only() {
        let s = spec(&[("transfer_conditions", r#"{"same_location":true}"#)]);
        let rule = "transfer_conditions (governance_rules[0])";
        assert_eq!(same_location_rule(&s).as_deref(), Some(rule));
        assert_eq!(same_location_rule(&spec(&[("transfer_conditions", r#"{"accountable_only":true}"#)])), None);
        for action in [VfAction::TransferCustody, VfAction::Transfer, VfAction::InitialTransfer] {
            assert_eq!(check_transfer_location(&s, action, Some("shed"), None), Ok(()));
            assert_eq!(check_transfer_location(&s, action, Some("shed"), Some("shed")), Ok(()));
            assert_eq!(
                check_transfer_location(&s, action, Some("shed"), Some("home")),
                Err(format!("{rule}: same_location: custody passes only where the resource is, so to_location must be empty or its current_location \"shed\" (a Transport process moves it)"))
            );
            assert!(check_transfer_location(&s, action, None, None).unwrap_err().contains("has no current_location"));
        }
        // The custodian moving it, a Transport's dropoff, rights alone: not custody passing to another.
        for action in [VfAction::Move, VfAction::Dropoff, VfAction::TransferAllRights, VfAction::Use] {
            assert_eq!(check_transfer_location(&s, action, Some("shed"), Some("home")), Ok(()), "{action:?}");
        }
        // No rule: nothing to check.
        let free = spec(&[]);
        assert_eq!(check_transfer_location(&free, VfAction::TransferCustody, None, Some("home")), Ok(()));
        assert_eq!(check_located(&free, None), Ok(()));
        assert_eq!(check_located(&s, Some("shed")), Ok(()));
        assert_eq!(
            check_located(&s, None),
            Err(format!("EconomicResource current_location is required by {rule}.same_location: custody of it passes only where it is"))
        );
    }
}
