//! `create_validation_receipt` and `get_validation_history` (spec §4.3.4, §6.3).
use governance_integrity::{EntryTypes, LinkTypes};
use hdk::prelude::*;
use nondominium_types::{
    is_progenitor, CarriedTarget, CreateValidationReceiptInput, EconomicResource, ResourceId, ValidationReceipt,
    ValidationType,
};

use crate::rules::my_credential;
use revisions::{guest_error, linked_records};

/// Records the caller's verdict on `validated_item` (not a resource approval:
/// see `validate_new_resource`), citing the caller's Accountable credential
/// when they hold one (none for a progenitor), and links it from the item.
/// Returns the receipt's record. Errors: the integrity rule's message (e.g.
/// a role_assignment receipt for a Role someone else granted, an
/// identity_verification by a Simple Agent or about oneself).
#[hdk_extern]
pub fn create_validation_receipt(input: revisions::Checked<CreateValidationReceiptInput>) -> ExternResult<Record> {
    let input = input.read("create_validation_receipt")?;
    let me = agent_info()?.agent_initial_pubkey;
    let validator_credential = if is_progenitor(&me)? { None } else { my_credential(|r| r.is_accountable())? };
    let receipt = ValidationReceipt {
        validator: me,
        validated_item: input.validated_item.clone(),
        validation_type: input.validation_type,
        approved: input.approved,
        notes: input.notes,
        validator_credential,
        performance: None,
    };
    write_receipt(receipt)
}

/// Writes `receipt`, links it from its `validated_item`
/// (`ValidatedItemToReceipts`, the item's validation history) and, for a
/// `resource_approval`, from the resource's specification
/// (`SpecificationToResourceApprovals`, tagged with the resource: the
/// verdicts on a page of listings in one query), and returns its record.
/// The one way every receipt type is recorded. Errors: "resource not found"
/// when an approval's resource cannot be read.
pub(crate) fn write_receipt(receipt: ValidationReceipt) -> ExternResult<Record> {
    let item = receipt.validated_item.clone();
    let specification = match receipt.validation_type {
        ValidationType::ResourceApproval => {
            let record =
                revisions::get_record(item.clone(), GetOptions::network())?.ok_or(guest_error("resource not found"))?;
            Some(revisions::decode_entry::<EconomicResource>(&record, "an EconomicResource")?.conforms_to)
        }
        _ => None,
    };
    let hash = create_entry(&EntryTypes::ValidationReceipt(receipt))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new ValidationReceipt could not be read back"))?;
    // Both links carry a copy of the receipt: a peer decides them without waiting for it (`CarriedTarget`).
    let carried = CarriedTarget::of(&record, true)?;
    create_link(item.clone(), hash.clone(), LinkTypes::ValidatedItemToReceipts, carried.clone())?;
    if let Some(specification) = specification {
        // Filed under the resource (a reader asks by that prefix), with the copy after it.
        let tag = ResourceId(item).to_tag_carrying(&record)?;
        create_link(specification, hash, LinkTypes::SpecificationToResourceApprovals, tag)?;
    }
    Ok(record)
}

/// Every receipt about `item`, oldest first (spec §6.3 `get_validation_history`).
#[hdk_extern]
pub fn get_validation_history(item: revisions::Checked<ActionHash>) -> ExternResult<Vec<Record>> {
    let item = item.read("get_validation_history")?;
    linked_records(LinkQuery::try_new(item, LinkTypes::ValidatedItemToReceipts)?)
}
