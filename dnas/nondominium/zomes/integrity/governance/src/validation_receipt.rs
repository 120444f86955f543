//! Rules of `ValidationReceipt` (spec §4.3.4): a validator's signed verdict on
//! an item. The struct lives in `nondominium_types` (the operator returns it).
use hdi::prelude::*;

use nondominium_types::{
    is_app_entry, verdict, ValidationReceipt, PERSON_INTEGRITY, ROLE_ENTRY_INDEX, VALIDATION_RECEIPT_ENTRY_INDEX,
};

/// The validation types of spec §4.3.4.
pub const VALIDATION_TYPES: [&str; 5] =
    ["resource_approval", "process_validation", "identity_verification", "role_assignment", "agent_promotion"];

/// Create: the validator is the author; the type is one of [`VALIDATION_TYPES`];
/// the item is a valid record; a `role_assignment` or `agent_promotion`
/// receipt is about a Role credential its validator granted.
pub fn validate_create_validation_receipt(action: &Create, receipt: &ValidationReceipt) -> ExternResult<ValidateCallbackResult> {
    if receipt.validator != action.author {
        return Ok(ValidateCallbackResult::Invalid("ValidationReceipt validator must be the author".into()));
    }
    if !VALIDATION_TYPES.contains(&receipt.validation_type.as_str()) {
        return Ok(ValidateCallbackResult::Invalid(format!(
            "ValidationReceipt validation_type must be one of {}",
            VALIDATION_TYPES.join(", ")
        )));
    }
    if receipt.notes.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Ok(ValidateCallbackResult::Invalid("ValidationReceipt notes must be at most 1000 characters".into()));
    }
    let item = must_get_valid_record(receipt.validated_item.clone())?;
    if matches!(receipt.validation_type.as_str(), "role_assignment" | "agent_promotion") {
        if !is_app_entry(&item, PERSON_INTEGRITY, ROLE_ENTRY_INDEX)? {
            return Ok(ValidateCallbackResult::Invalid(format!(
                "ValidationReceipt validated_item must reference a Role for {}",
                receipt.validation_type
            )));
        }
        if item.action().author() != &action.author {
            return Ok(ValidateCallbackResult::Invalid(
                "ValidationReceipt for a Role must be made by the Role's grantor".into(),
            ));
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// `ValidatedItemToReceipts` link: from the receipt's item to the receipt, by its validator.
pub fn validate_create_link_validated_item_to_receipts(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(receipt_hash) = target.clone().into_action_hash() else {
        return Ok(ValidateCallbackResult::Invalid("ValidatedItemToReceipts link target must be an action hash".into()));
    };
    let record = must_get_valid_record(receipt_hash)?;
    let governance = zome_info()?.name;
    if !is_app_entry(&record, governance.0.as_ref(), VALIDATION_RECEIPT_ENTRY_INDEX)? {
        return Ok(ValidateCallbackResult::Invalid("ValidatedItemToReceipts link target must reference a ValidationReceipt".into()));
    }
    let receipt: ValidationReceipt = record
        .entry()
        .to_app_option()
        .map_err(|e| wasm_error!(WasmErrorInner::Guest(e.to_string())))?
        .ok_or(wasm_error!(WasmErrorInner::Guest("ValidationReceipt has no entry".into())))?;
    if base.clone().into_action_hash().as_ref() != Some(&receipt.validated_item) {
        return Ok(ValidateCallbackResult::Invalid("ValidatedItemToReceipts link base must be the receipt's validated_item".into()));
    }
    Ok(verdict(record.action().author() == &action.author, || {
        "ValidatedItemToReceipts link must be created by the receipt's validator".into()
    }))
}
