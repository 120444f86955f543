//! Evaluation of a specification's governance rules in every transition the
//! operator decides (issue 5; REQ-GOV-09). Each refusal names its rule:
//! "<rule_type> (governance_rules[i]): <what failed>".
use hdk::prelude::*;
use nondominium_types::{
    parse_rule, EconomicResource, ResourceSpecification, Role, RoleName, TypedRule, VfAction,
};
use revisions::guest_error;

/// The reasons `receiver` may not take `action` on `resource` under the rules
/// of the specification it conforms to; empty when every rule is satisfied.
/// Rules that need data nondominium does not record yet (reputation,
/// location, usage windows) are not evaluated here.
pub fn evaluate_rules(action: VfAction, resource: &EconomicResource, receiver: &AgentPubKey) -> ExternResult<Vec<String>> {
    let Some(record) = get(resource.conforms_to.clone(), GetOptions::network())? else {
        return Ok(vec!["the resource's ResourceSpecification cannot be found".into()]);
    };
    let spec: ResourceSpecification = record
        .entry()
        .to_app_option()
        .map_err(|e| guest_error(e.to_string()))?
        .ok_or(guest_error("conforms_to is not a ResourceSpecification"))?;
    let mut reasons = Vec::new();
    for (i, rule) in spec.governance_rules.iter().enumerate() {
        let name = format!("{} (governance_rules[{i}])", rule.rule_type);
        let typed = match parse_rule(rule) {
            Ok(t) => t,
            Err(e) => {
                reasons.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (role, accountable) = match (&typed, action) {
            (TypedRule::TransferConditions(t), VfAction::TransferCustody) => (t.receiver_role, t.accountable_only),
            (TypedRule::AccessRequirement(a), VfAction::TransferCustody) => (a.min_role, a.accountable_only),
            _ => continue,
        };
        if accountable && !is_accountable(receiver)? {
            reasons.push(format!("{name}: the receiver must be an Accountable Agent"));
        }
        if let Some(role) = role {
            if !holds_role(receiver, role)? {
                reasons.push(format!("{name}: the receiver must hold the {role:?} role"));
            }
        }
    }
    Ok(reasons)
}

/// Calls the person zome of this cell.
pub(crate) fn person<I: Serialize + std::fmt::Debug, O: serde::de::DeserializeOwned + std::fmt::Debug>(fn_name: &str, input: I) -> ExternResult<O> {
    match call(CallTargetCell::Local, ZomeName::from("person"), FunctionName::from(fn_name), None, input)? {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(e.to_string())),
        other => Err(guest_error(format!("person {fn_name} failed: {other:?}"))),
    }
}

fn is_accountable(agent: &AgentPubKey) -> ExternResult<bool> {
    person("is_accountable", agent.clone())
}

fn holds_role(agent: &AgentPubKey, role: RoleName) -> ExternResult<bool> {
    let roles: Vec<Record> = person("get_agent_roles", agent.clone())?;
    for record in roles {
        let r: Option<Role> = record.entry().to_app_option().map_err(|e| guest_error(e.to_string()))?;
        if r.is_some_and(|r| &r.agent == agent && r.role_name == role) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The caller's first Role credential whose name satisfies `allows`.
pub(crate) fn my_credential(allows: impl Fn(RoleName) -> bool) -> ExternResult<Option<ActionHash>> {
    let me = agent_info()?.agent_initial_pubkey;
    let roles: Vec<Record> = person("get_my_roles", ())?;
    for record in roles {
        let r: Option<Role> = record.entry().to_app_option().map_err(|e| guest_error(e.to_string()))?;
        if r.is_some_and(|r| r.agent == me && allows(r.role_name)) {
            return Ok(Some(record.action_address().clone()));
        }
    }
    Ok(None)
}
