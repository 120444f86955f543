//! Rules of `ValidationReceipt` (spec §4.3.4): a validator's signed verdict on
//! an item. The struct lives in `nondominium_types` (the operator returns it).
use hdi::prelude::*;
use nondominium_types::{cited, invalid, specification_of};

use nondominium_types::{
    accountable_by, cited_role, end_of_life_rule_of, is_app_entry, is_progenitor, typed_record, validation_scheme_of,
    verdict, EconomicResource, EndOfLifeDeclaration, IdentityDisclosure, SchemeKind, ValidationReceipt, ValidationType,
    ECONOMIC_RESOURCE_ENTRY_INDEX, END_OF_LIFE_DECLARATION_ENTRY_INDEX, IDENTITY_DISCLOSURE_ENTRY_INDEX,
    PERSON_INTEGRITY, RESOURCE_INTEGRITY, ROLE_ENTRY_INDEX, VALIDATION_RECEIPT_ENTRY_INDEX,
};

/// Create: the validator is the author (the type is a [`ValidationType`]:
/// an entry naming another does not deserialise);
/// then the rule of each type (who may attest what, never about
/// one's own item or act):
/// - `resource_approval` ([`validate_resource_approval`]) and `end_of_life`
///   ([`validate_end_of_life_receipt`]);
/// - `role_assignment`, `agent_promotion`: about a Role credential its
///   validator granted (the grantor's own record of the grant);
/// - `identity_verification`: about an IdentityDisclosure someone else made
///   to the validator, by an Accountable Agent (`validator_credential`, or a
///   progenitor) — [`validate_identity_verification`];
/// - `process_validation` ([`validate_process_validation_receipt`]);
/// - the history rules ([`validate_validation_receipt_history`]).
pub fn validate_create_validation_receipt(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    if receipt.validator != action.author {
        return Ok(ValidateCallbackResult::Invalid("ValidationReceipt validator must be the author".into()));
    }
    if receipt.notes.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Ok(ValidateCallbackResult::Invalid("ValidationReceipt notes must be at most 1000 characters".into()));
    }
    if receipt.performance.is_some() && receipt.validation_type != ValidationType::ProcessValidation {
        invalid!("ValidationReceipt performance must be empty: only a process_validation receipt assesses the work");
    }
    let verdict = match receipt.validation_type {
        ValidationType::ResourceApproval => validate_resource_approval(action, receipt)?,
        ValidationType::EndOfLife => validate_end_of_life_receipt(action, receipt)?,
        ValidationType::IdentityVerification => validate_identity_verification(action, receipt)?,
        ValidationType::ProcessValidation => validate_process_validation_receipt(action, receipt)?,
        ValidationType::RoleAssignment | ValidationType::AgentPromotion => {
            let item = must_get_valid_record(receipt.validated_item.clone())?;
            if !is_app_entry(&item, PERSON_INTEGRITY, ROLE_ENTRY_INDEX)? {
                invalid!("ValidationReceipt validated_item must reference a Role for {}", receipt.validation_type);
            }
            if item.action().author() != &action.author {
                invalid!("ValidationReceipt for a Role must be made by the Role's grantor");
            }
            ValidateCallbackResult::Valid
        }
    };
    if verdict != ValidateCallbackResult::Valid {
        return Ok(verdict);
    }
    validate_validation_receipt_history(action, receipt)
}

/// An `identity_verification` receipt (REQ-GOV-03/08, REQ-USER-A-09): an
/// Accountable Agent's verdict on someone else's identity, about an
/// `IdentityDisclosure` that agent made to this validator (the candidate
/// granted them access to their private data: the review is consented to
/// and provable), dated before the disclosure expires.
pub fn validate_identity_verification(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let (record, disclosure) = cited!(typed_record::<IdentityDisclosure>(
        &receipt.validated_item,
        PERSON_INTEGRITY,
        IDENTITY_DISCLOSURE_ENTRY_INDEX,
        "ValidationReceipt validated_item",
        "an IdentityDisclosure for identity_verification",
    ));
    if record.action().author() == &action.author {
        invalid!("ValidationReceipt validator cannot verify their own identity");
    }
    if disclosure.reviewer != action.author {
        invalid!("ValidationReceipt identity_verification must be about a disclosure made to the validator");
    }
    if action.timestamp > disclosure.expires_at {
        invalid!("ValidationReceipt identity_verification must be made before the disclosure expires");
    }
    if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
        invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// A `process_validation` receipt (spec §6.3 `validate_process_completion`;
/// REQ-GOV-05/07): about an EconomicProcess (its first revision) someone
/// else started, by a validator the network's requirements for the process
/// type admit — a holder of its `validator_role`, else an Accountable Agent
/// (a progenitor needs no credential) — shown by `validator_credential`;
/// its `performance` within 0.0-1.0 and, where the network sets
/// `performance_thresholds` for the type, stated by an approval and meeting
/// each minimum ([`nondominium_types::check_verdict_performance`], spec
/// §4.3.14).
pub fn validate_process_validation_receipt(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let (record, process) = cited!(nondominium_types::cited_process(
        &receipt.validated_item,
        "ValidationReceipt validated_item",
        &action.author
    ));
    if record.action().author() == &action.author {
        invalid!("ValidationReceipt validator cannot validate their own process");
    }
    let requirement = nondominium_types::process_validation_of(process.process_type)?;
    if let Err(e) = nondominium_types::check_verdict_performance(
        process.process_type,
        requirement.as_ref(),
        receipt.approved,
        receipt.performance.as_ref(),
    ) {
        invalid!("{e}");
    }
    let role = requirement.and_then(|r| r.validator_role);
    match role {
        Some(role) if !is_progenitor(&action.author)? => {
            if let Err(e) = cited_role(&receipt.validator_credential, &action.author, |r| r == role)? {
                invalid!(
                    "ValidationReceipt validator must hold the {role:?} role to validate a {:?} process: validator_credential {e}",
                    process.process_type
                );
            }
        }
        _ => {
            if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
                invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
            }
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The history rules of a receipt, read from the validator's chain before
/// it (enforcement source 3; also run for the RegisterAgentActivity op, so
/// the validator's neighbours enforce them): the receipt is not dated before
/// its `validated_item` by more than the network's clock tolerance (so no
/// verdict about the item lies further back, and the read stops there); one
/// verdict per validator per item and type — for `end_of_life`, at most one
/// confirmation and one challenge (a validator resolves their own challenge
/// by confirming).
pub fn validate_validation_receipt_history(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let not_before = match nondominium_types::check_dated_after(
        "ValidationReceipt",
        "the item it validates (validated_item)",
        action.timestamp,
        &receipt.validated_item,
    )? {
        Ok(bound) => bound,
        Err(e) => invalid!("{e}"),
    };
    let earlier = earlier_verdicts(action, &receipt.validated_item, receipt.validation_type, not_before)?;
    if receipt.validation_type == ValidationType::EndOfLife {
        if earlier.contains(&receipt.approved) {
            let what = if receipt.approved { "confirmed" } else { "challenged" };
            invalid!("ValidationReceipt validator already {what} this declaration");
        }
    } else if receipt.validation_type == ValidationType::ResourceApproval && !earlier.is_empty() {
        invalid!("ValidationReceipt validator already validated this resource");
    } else if !earlier.is_empty() {
        invalid!("ValidationReceipt validator already gave a {} verdict on this item", receipt.validation_type);
    }
    Ok(ValidateCallbackResult::Valid)
}

/// A `resource_approval` receipt (REQ-GOV-02/05/06): about the first revision
/// of a resource someone else created; by a validator the specification's
/// validation scheme admits — one of its named validators who is also
/// Accountable, a holder of its `validator_role` (held only by Accountable
/// Agents), or by default an Accountable Agent — shown by
/// `validator_credential`. (One verdict per validator is a history rule:
/// [`validate_validation_receipt_history`]; with a named pool it makes a
/// rejection by more than m−n validators final.)
pub fn validate_resource_approval(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let (record, resource) = cited!(typed_record::<EconomicResource>(
        &receipt.validated_item,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "ValidationReceipt validated_item",
        "an EconomicResource for resource_approval",
    ));
    if !matches!(record.action(), Action::Create(_)) {
        invalid!("ValidationReceipt validated_item must be the first revision of the resource");
    }
    if record.action().author() == &action.author {
        invalid!("ValidationReceipt validator cannot approve their own resource");
    }
    let (_, spec) = cited!(specification_of(&resource));
    let scheme = validation_scheme_of(&spec);
    match (scheme.scheme, scheme.validator_role) {
        (SchemeKind::SimpleMajority, _) => {
            if !scheme.validator_keys().contains(&action.author) {
                invalid!("ValidationReceipt validator must be one of the scheme's validators");
            }
            if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
                invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
            }
        }
        (SchemeKind::NOfM, _) if !scheme.validators.is_empty() => {
            if !scheme.validator_keys().contains(&action.author) {
                invalid!("ValidationReceipt validator must be one of the scheme's validators");
            }
            if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
                invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
            }
        }
        (SchemeKind::NOfM, Some(role)) => {
            if !is_progenitor(&action.author)? {
                if let Err(e) = cited_role(&receipt.validator_credential, &action.author, |r| r == role)? {
                    invalid!("ValidationReceipt validator must hold {role:?}: validator_credential {e}");
                }
            }
        }
        (SchemeKind::NOfM, None) => {
            if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
                invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
            }
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// An `end_of_life` receipt (REQ-GOV-12/13) about an EndOfLifeDeclaration:
/// by an Accountable Agent (`validator_credential`, or a progenitor) other
/// than the declarer; a confirmation (`approved`) dated at or after the end
/// of the specification's challenge period, a challenge (`!approved`) dated
/// before it; at most one of each per validator (their own chain). A
/// validator resolves their own challenge by confirming after the period.
pub fn validate_end_of_life_receipt(
    action: &Create,
    receipt: &ValidationReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let (declaration_record, declaration) = cited!(typed_record::<EndOfLifeDeclaration>(
        &receipt.validated_item,
        RESOURCE_INTEGRITY,
        END_OF_LIFE_DECLARATION_ENTRY_INDEX,
        "ValidationReceipt validated_item",
        "an EndOfLifeDeclaration for end_of_life",
    ));
    if declaration_record.action().author() == &action.author {
        invalid!("ValidationReceipt validator cannot confirm or challenge their own end-of-life declaration");
    }
    if let Err(e) = accountable_by(&receipt.validator_credential, &action.author)? {
        invalid!("ValidationReceipt validator must be an Accountable Agent: validator_credential {e}");
    }
    let (_, resource) = cited!(typed_record::<EconomicResource>(
        &declaration.resource.0,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EndOfLifeDeclaration resource",
        "an EconomicResource",
    ));
    let (_, spec) = cited!(specification_of(&resource));
    let ends = end_of_life_rule_of(&spec).period_ends(declaration_record.action().timestamp());
    if receipt.approved && action.timestamp < ends {
        invalid!("ValidationReceipt end_of_life confirmation must be dated after the challenge period");
    }
    if !receipt.approved && action.timestamp >= ends {
        invalid!("ValidationReceipt end_of_life challenge must be made during the challenge period");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The verdicts (`approved` values) of the author's earlier receipts of
/// `validation_type` about `item`, read from their chain before `action`
/// back to `item` (when they wrote it: a grantor's role receipt) or to
/// `not_before`, before which no valid receipt about `item` is dated.
fn earlier_verdicts(
    action: &Create,
    item: &ActionHash,
    validation_type: ValidationType,
    not_before: Timestamp,
) -> ExternResult<Vec<bool>> {
    let history =
        nondominium_types::chain_back_since(&action.author, &action.prev_action, Some(item), Some(not_before))?;
    let earlier = nondominium_types::entries_in::<ValidationReceipt>(&history, VALIDATION_RECEIPT_ENTRY_INDEX)?;
    Ok(earlier
        .into_iter()
        .filter(|(_, r)| &r.validated_item == item && r.validation_type == validation_type)
        .map(|(_, r)| r.approved)
        .collect())
}

/// `ValidatedItemToReceipts` link: from the receipt's item to the receipt, by
/// its validator. Written in the receipt's own call: its tag may carry a copy
/// of the receipt ([`nondominium_types::CarriedTarget`]), from which the rule
/// is decided without reading it (`link_target_record`).
pub fn validate_create_link_validated_item_to_receipts(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(receipt_hash) = target.clone().into_action_hash() else {
        invalid!("ValidatedItemToReceipts link target must be an action hash");
    };
    let (receipt_action, receipt) = cited!(nondominium_types::link_target_record::<ValidationReceipt>(
        &action.tag,
        &receipt_hash,
        "ValidatedItemToReceipts",
        nondominium_types::GOVERNANCE_INTEGRITY,
        VALIDATION_RECEIPT_ENTRY_INDEX,
        "ValidatedItemToReceipts link target",
        "a ValidationReceipt",
    ));
    if base.clone().into_action_hash().as_ref() != Some(&receipt.validated_item) {
        invalid!("ValidatedItemToReceipts link base must be the receipt's validated_item");
    }
    Ok(verdict(receipt_action.author() == &action.author, || {
        "ValidatedItemToReceipts link must be created by the receipt's validator".into()
    }))
}

/// `SpecificationToResourceApprovals` link: from the specification a
/// `resource_approval` receipt's resource conforms to, to the receipt, by its
/// validator, tagged with the resource's identity (the receipt's
/// `validated_item`, always a first revision), optionally followed by a copy
/// of the receipt (`ResourceId::to_tag_carrying`: written in the receipt's
/// own call, the rule is then decided without reading the receipt). What it
/// lets a reader trust: every link under a specification is a real verdict
/// on one of its resources, filed under the right resource, by the validator
/// who gave it.
pub fn validate_create_link_specification_to_resource_approvals(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(receipt_hash) = target.clone().into_action_hash() else {
        invalid!("SpecificationToResourceApprovals link target must be an action hash");
    };
    let Some((filed_under, carried)) = nondominium_types::ResourceId::split_tag(&action.tag) else {
        invalid!("SpecificationToResourceApprovals link tag must be the receipt's resource (its validated_item)");
    };
    // After the resource's identity: nothing, or a copy of the receipt (never other bytes).
    if !carried.as_ref().is_empty() && nondominium_types::CarriedTarget::from_link_tag(&carried).is_none() {
        invalid!("SpecificationToResourceApprovals link tag must carry a copy of its target");
    }
    let (receipt_action, receipt) = cited!(nondominium_types::link_target_record::<ValidationReceipt>(
        &carried,
        &receipt_hash,
        "SpecificationToResourceApprovals",
        nondominium_types::GOVERNANCE_INTEGRITY,
        VALIDATION_RECEIPT_ENTRY_INDEX,
        "SpecificationToResourceApprovals link target",
        "a ValidationReceipt",
    ));
    if receipt.validation_type != ValidationType::ResourceApproval {
        invalid!("SpecificationToResourceApprovals link target must be a resource_approval receipt");
    }
    if receipt_action.author() != &action.author {
        invalid!("SpecificationToResourceApprovals link must be created by the receipt's validator");
    }
    if filed_under != nondominium_types::ResourceId(receipt.validated_item.clone()) {
        invalid!("SpecificationToResourceApprovals link tag must be the receipt's resource (its validated_item)");
    }
    let (_, resource) = cited!(nondominium_types::held_record::<EconomicResource>(
        &receipt.validated_item,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "SpecificationToResourceApprovals link tag",
        "an EconomicResource",
    ));
    Ok(verdict(base.clone().into_action_hash().as_ref() == Some(&resource.conforms_to), || {
        "SpecificationToResourceApprovals link base must be the specification the receipt's resource conforms to".into()
    }))
}
