//! End of life (REQ-GOV-11/12/13, REQ-USER-P-06): the custodian declares it
//! (`EndOfLifeDeclaration`); validators confirm it, or challenge it during
//! the challenge period, with `end_of_life` ValidationReceipts (governance
//! zome); the custodian's final revision (`status: EndOfLife`) cites the
//! declaration and enough confirmations, all dated after the period. The
//! struct lives in `nondominium_types` because the governance zome
//! validates receipts against it.
use hdi::prelude::*;
use nondominium_types::{cited, invalid, specification_of, ValidationType};

use nondominium_types::{
    end_of_life_rule_of, first_revision, superseded_by_author, typed_record, verdict, Decommission, EconomicResource,
    EndOfLifeDeclaration, ResourceStatus, ValidationReceipt, ECONOMIC_RESOURCE_ENTRY_INDEX,
    END_OF_LIFE_DECLARATION_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY, VALIDATION_RECEIPT_ENTRY_INDEX,
};

/// Create: `reason` is 1-1000 characters; `resource` is a Validated
/// EconomicResource revision whose custodian is the author (only the agent
/// holding a resource declares its end of life), and which the author has
/// not already superseded ([`validate_end_of_life_declaration_history`]).
pub fn validate_create_end_of_life_declaration(
    action: &Create,
    declaration: &EndOfLifeDeclaration,
) -> ExternResult<ValidateCallbackResult> {
    let reason = declaration.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        invalid!("EndOfLifeDeclaration reason must be 1-1000 characters");
    }
    let (_, resource) = cited!(typed_record::<EconomicResource>(
        &declaration.resource.0,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EndOfLifeDeclaration resource",
        "an EconomicResource",
    ));
    if resource.custodian != action.author {
        invalid!("EndOfLifeDeclaration must be made by the custodian of the resource");
    }
    if resource.status != ResourceStatus::Validated {
        invalid!("EndOfLifeDeclaration resource must be Validated");
    }
    validate_end_of_life_declaration_history(action, declaration)
}

/// The history rule of a declaration (enforcement source 3; also run for the
/// RegisterAgentActivity op): the declared revision is current for its
/// author — they have not already superseded it, so a former custodian
/// cannot declare the end of what they handed on.
pub fn validate_end_of_life_declaration_history(
    action: &Create,
    declaration: &EndOfLifeDeclaration,
) -> ExternResult<ValidateCallbackResult> {
    Ok(verdict(!superseded_by_author(&action.author, &action.prev_action, &declaration.resource)?, || {
        "EndOfLifeDeclaration resource was already superseded by its author: declare on the current revision".into()
    }))
}

/// The end-of-life revision (REQ-GOV-12/13): changes only `status` (to
/// `EndOfLife`) and `decommission`; cites a declaration about this resource;
/// is dated, like each cited confirmation, at least the specification's
/// challenge period after the declaration; and cites at least the rule's
/// number of confirming `end_of_life` receipts about that declaration, by
/// distinct validators other than the declarer. (Each receipt's own
/// validation checked that its validator is Accountable.)
pub fn validate_end_of_life_flip(
    action: &Update,
    resource: &EconomicResource,
    previous: &EconomicResource,
    previous_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(Decommission { declaration, confirmations }) = &resource.decommission else {
        invalid!("EconomicResource end-of-life revision must cite its decommission");
    };
    let unchanged = EconomicResource {
        status: ResourceStatus::EndOfLife,
        decommission: resource.decommission.clone(),
        ..previous.clone()
    };
    if resource != &unchanged {
        invalid!("EconomicResource end-of-life revision may change only status and decommission");
    }
    let (declaration_record, declared) = cited!(typed_record::<EndOfLifeDeclaration>(
        declaration,
        RESOURCE_INTEGRITY,
        END_OF_LIFE_DECLARATION_ENTRY_INDEX,
        "EconomicResource decommission declaration",
        "an EndOfLifeDeclaration",
    ));
    if first_revision(&declared.resource.0)?.action_address() != first_revision(previous_hash)?.action_address() {
        invalid!("EconomicResource decommission declaration must be about this resource");
    }
    let (_, spec) = cited!(specification_of(previous));
    let rule = end_of_life_rule_of(&spec);
    let period_ends = challenge_period_end(declaration_record.action().timestamp(), rule.challenge_period_seconds);
    if action.timestamp < period_ends {
        invalid!("EconomicResource end of life cannot be final before the challenge period ends");
    }
    let declarer = declaration_record.action().author().clone();
    let mut validators: Vec<AgentPubKey> = Vec::new();
    for hash in confirmations {
        let (record, receipt) = cited!(typed_record::<ValidationReceipt>(
            hash,
            GOVERNANCE_INTEGRITY,
            VALIDATION_RECEIPT_ENTRY_INDEX,
            "EconomicResource decommission confirmations",
            "a ValidationReceipt",
        ));
        if receipt.validation_type != ValidationType::EndOfLife
            || &receipt.validated_item != declaration
            || !receipt.approved
        {
            invalid!("EconomicResource decommission confirmations must be confirming end_of_life receipts about the declaration");
        }
        let validator = record.action().author().clone();
        if validator == declarer || validators.contains(&validator) {
            invalid!("EconomicResource decommission confirmations must come from distinct validators other than the declarer");
        }
        if record.action().timestamp() < period_ends {
            invalid!("EconomicResource decommission confirmations must be dated after the challenge period");
        }
        validators.push(validator);
    }
    Ok(verdict(validators.len() as u32 >= rule.confirmations, || {
        format!("EconomicResource decommission needs at least {} confirmations", rule.confirmations)
    }))
}

/// The moment the challenge period of a declaration made at `declared` ends.
pub fn challenge_period_end(declared: Timestamp, period_seconds: u64) -> Timestamp {
    Timestamp(declared.0.saturating_add((period_seconds as i64).saturating_mul(1_000_000)))
}

/// `ResourceToEndOfLife` link: from a resource's first revision to a
/// declaration about it, by the declaration's author.
pub fn validate_create_link_resource_to_end_of_life(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(original), Some(declaration)) = (base.clone().into_action_hash(), target.clone().into_action_hash())
    else {
        invalid!("ResourceToEndOfLife link base and target must be action hashes");
    };
    let (record, declared) = cited!(nondominium_types::held_record::<EndOfLifeDeclaration>(
        &declaration,
        RESOURCE_INTEGRITY,
        END_OF_LIFE_DECLARATION_ENTRY_INDEX,
        "ResourceToEndOfLife link target",
        "an EndOfLifeDeclaration",
    ));
    if first_revision(&declared.resource.0)?.action_address() != &original {
        invalid!("ResourceToEndOfLife link base must be the first revision of the declared resource");
    }
    Ok(verdict(record.action().author() == &action.author, || {
        "ResourceToEndOfLife link must be created by the declaration's author".into()
    }))
}
