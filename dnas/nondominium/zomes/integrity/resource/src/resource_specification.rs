//! `ResourceSpecification` and `GovernanceRule` (spec §4.2.1-4.2.2) and the
//! links to them: every rule, one function each.
use hdi::prelude::*;

use crate::anchors::all_resource_specifications_anchor;
use nondominium_types::{typed_record, verdict, RESOURCE_INTEGRITY, RESOURCE_SPECIFICATION_ENTRY_INDEX};

/// A rule embedded in a specification (spec §4.2.2). `rule_data` is the
/// rule's parameters as JSON text; `enforced_by` the role that enforces it.
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
    /// At most 32 rules.
    pub governance_rules: Vec<GovernanceRule>,
}

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
    if spec.governance_rules.len() > 32 {
        return Err("ResourceSpecification governance_rules must hold at most 32 rules".into());
    }
    for (i, rule) in spec.governance_rules.iter().enumerate() {
        if rule.rule_type.trim().is_empty() {
            return Err(format!("ResourceSpecification governance_rules[{i}].rule_type must not be empty"));
        }
        if rule.rule_type.chars().count() > 64 {
            return Err(format!("ResourceSpecification governance_rules[{i}].rule_type must be at most 64 characters"));
        }
        if rule.rule_data.chars().count() > 10_000 {
            return Err(format!("ResourceSpecification governance_rules[{i}].rule_data must be at most 10000 characters"));
        }
    }
    Ok(())
}

/// Create: field rules only (who may define a specification is decided by the roles of a later issue).
pub fn validate_create_resource_specification(spec: &ResourceSpecification) -> ExternResult<ValidateCallbackResult> {
    Ok(nondominium_types::from_rule(check_resource_specification_fields(spec)))
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
        return Ok(ValidateCallbackResult::Invalid("AllResourceSpecifications link target must be an action hash".into()));
    };
    let (record, _) = match typed_record::<ResourceSpecification>(
        &hash,
        RESOURCE_INTEGRITY,
        RESOURCE_SPECIFICATION_ENTRY_INDEX,
        "AllResourceSpecifications link target",
        "a ResourceSpecification",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    Ok(verdict(record.action().author() == &action.author, || {
        "AllResourceSpecifications link must be created by the specification's author".into()
    }))
}
