//! governance integrity zome: the records of the governance operator
//! (spec §3, §4.3). This file holds only the entry types and the `validate`
//! dispatcher; each rule lives in the entity's own file.
use hdi::prelude::*;

pub mod economic_event;
pub mod validation_receipt;

pub use economic_event::*;
pub use validation_receipt::*;
pub use nondominium_types::{EconomicEvent, ValidationReceipt};

#[derive(Serialize, Deserialize)]
#[serde(tag = "type")]
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    EconomicEvent(EconomicEvent),
    ValidationReceipt(ValidationReceipt),
}

/// Names of the entry types by entry index, for rejection messages.
pub const ENTRY_NAMES: [&str; 2] = ["EconomicEvent", "ValidationReceipt"];

#[derive(Serialize, Deserialize)]
#[hdk_link_types]
pub enum LinkTypes {
    /// The validated item → each ValidationReceipt about it (spec §4.3.4).
    ValidatedItemToReceipts,
}

/// Validates every op; anything not explicitly allowed is rejected.
#[hdk_extern]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action })
        | FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => match app_entry {
            EntryTypes::EconomicEvent(event) => validate_create_economic_event(&action, &event),
            EntryTypes::ValidationReceipt(receipt) => validate_create_validation_receipt(&action, &receipt),
        },
        FlatOp::StoreEntry(OpEntry::UpdateEntry { app_entry, .. })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry { app_entry, .. })
        | FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, .. }) => match app_entry {
            EntryTypes::EconomicEvent(_) => Ok(ValidateCallbackResult::Invalid("EconomicEvent is immutable".into())),
            EntryTypes::ValidationReceipt(_) => Ok(ValidateCallbackResult::Invalid("ValidationReceipt is immutable".into())),
        },
        FlatOp::StoreRecord(OpRecord::DeleteEntry { original_action_hash, .. }) => {
            nondominium_types::validate_delete_of_app_entry(&original_action_hash, &ENTRY_NAMES)
        }
        FlatOp::RegisterDelete(OpDelete { action }) => {
            nondominium_types::validate_delete_of_app_entry(&action.deletes_address, &ENTRY_NAMES)
        }
        FlatOp::RegisterCreateLink { base_address, target_address, link_type, action, .. }
        | FlatOp::StoreRecord(OpRecord::CreateLink { base_address, target_address, link_type, action, .. }) => {
            match link_type {
                LinkTypes::ValidatedItemToReceipts => {
                    validate_create_link_validated_item_to_receipts(&action, &base_address, &target_address)
                }
            }
        }
        FlatOp::RegisterDeleteLink { .. } | FlatOp::StoreRecord(OpRecord::DeleteLink { .. }) => {
            Ok(ValidateCallbackResult::Invalid("ValidatedItemToReceipts links cannot be deleted".into()))
        }
        // Private entries, agent keys, capability grants/claims, genesis and
        // chain-structure actions carry no rule of this zome.
        FlatOp::StoreRecord(_) | FlatOp::StoreEntry(_) | FlatOp::RegisterUpdate(_) => Ok(ValidateCallbackResult::Valid),
        FlatOp::RegisterAgentActivity(_) => Ok(ValidateCallbackResult::Valid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_indexes_match_the_shared_constants() {
        assert_eq!(UnitEntryTypes::EconomicEvent as u8, nondominium_types::ECONOMIC_EVENT_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::ValidationReceipt as u8, nondominium_types::VALIDATION_RECEIPT_ENTRY_INDEX);
    }
}
