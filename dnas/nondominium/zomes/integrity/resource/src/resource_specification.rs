//! `ResourceSpecification` and `GovernanceRule` (spec §4.2.1-4.2.2) and the
//! links to them: every rule, one function each.
use hdi::prelude::*;

use crate::anchors::all_resource_specifications_anchor;
use nondominium_types::{
    accountable_by, check_rules, min_challenge_period_seconds, validate_index_link_once, TypedRule, RESOURCE_INTEGRITY,
    RESOURCE_SPECIFICATION_ENTRY_INDEX,
};
pub use nondominium_types::{GovernanceRule, ResourceSpecification};

/// Field rules of a specification and of each of its rules. Messages name the
/// field, with the rule's index: "ResourceSpecification governance_rules[1].rule_type must not be empty".
pub fn check_resource_specification_fields(spec: &ResourceSpecification) -> Result<(), String> {
    if spec.name.trim().is_empty() {
        return Err("ResourceSpecification name must not be empty".into());
    }
    if spec.name.chars().count() > 100 {
        return Err("ResourceSpecification name must be at most 100 characters".into());
    }
    if spec.description.chars().count() > 5000 {
        return Err("ResourceSpecification description must be at most 5000 characters".into());
    }
    if spec.image_url.as_ref().is_some_and(|u| u.chars().count() > 2048) {
        return Err("ResourceSpecification image_url must be at most 2048 characters".into());
    }
    check_rules(&spec.governance_rules).map(|_| ())
}

/// REQ-GOV-12: every `end_of_life` rule gives challengers at least the
/// network's shortest challenge period (`min_challenge_period_seconds` in
/// the DNA properties; one day by default). `Err` names the rule.
pub fn check_challenge_period_minimum(spec: &ResourceSpecification) -> ExternResult<Result<(), String>> {
    let min = min_challenge_period_seconds()?;
    for (i, rule) in spec.governance_rules.iter().enumerate() {
        if let Ok(TypedRule::EndOfLife(eol)) = nondominium_types::parse_rule(rule) {
            if eol.challenge_period_seconds < min {
                return Ok(Err(format!(
                    "ResourceSpecification governance_rules[{i}].rule_data challenge_period_seconds must be at least {min} (this network's minimum)"
                )));
            }
        }
    }
    Ok(Ok(()))
}

/// Create: field rules, every governance rule parses against its type, and
/// the author is Accountable (a progenitor, or `accountable_credential` cites
/// their valid Accountable role) — spec §6.2, REQ-GOV-08.
pub fn validate_create_resource_specification(
    action: &Create,
    spec: &ResourceSpecification,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_resource_specification_fields(spec) {
        return Ok(ValidateCallbackResult::Invalid(e));
    }
    if let Err(e) = check_challenge_period_minimum(spec)? {
        return Ok(ValidateCallbackResult::Invalid(e));
    }
    Ok(match accountable_by(&spec.accountable_credential, &action.author)? {
        Ok(()) => ValidateCallbackResult::Valid,
        Err(e) => ValidateCallbackResult::Invalid(format!(
            "ResourceSpecification must be defined by an Accountable Agent: accountable_credential {e}"
        )),
    })
}

/// `AllResourceSpecifications` link: from the anchor to a specification the link's author wrote.
pub fn validate_create_link_all_resource_specifications(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    if base.clone().into_entry_hash() != Some(all_resource_specifications_anchor()?) {
        return Ok(ValidateCallbackResult::Invalid(
            "AllResourceSpecifications link base must be the all_resource_specifications anchor".into(),
        ));
    }
    let Some(hash) = target.clone().into_action_hash() else {
        return Ok(ValidateCallbackResult::Invalid(
            "AllResourceSpecifications link target must be an action hash".into(),
        ));
    };
    // Written in the same call as the specification: the copy of its action the tag carries, else as held.
    let specification = match nondominium_types::link_target_action(&action.tag, &hash, "AllResourceSpecifications")? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    if !nondominium_types::is_app_action(&specification, RESOURCE_INTEGRITY, RESOURCE_SPECIFICATION_ENTRY_INDEX)? {
        return Ok(ValidateCallbackResult::Invalid(
            "AllResourceSpecifications link target must reference a ResourceSpecification".into(),
        ));
    }
    if specification.author() != &action.author {
        return Ok(ValidateCallbackResult::Invalid(
            "AllResourceSpecifications link must be created by the specification's author".into(),
        ));
    }
    validate_index_link_once(action, "AllResourceSpecifications")
}
