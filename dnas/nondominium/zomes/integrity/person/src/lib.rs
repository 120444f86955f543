//! person integrity zome: public agent profiles (spec §4.1).
//! This file holds only the entry and link types and the `validate` dispatcher;
//! each rule lives in `agent_profile.rs`.
use hdi::prelude::*;

pub mod agent_profile;
pub mod anchors;

pub use agent_profile::*;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type")]
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    AgentProfile(AgentProfile),
}

#[derive(Serialize, Deserialize)]
#[hdk_link_types]
pub enum LinkTypes {
    /// `all_agents` anchor → AgentProfile create (spec §4.1.1 `AllAgents`).
    AllAgents,
    /// Agent key → that agent's AgentProfile create.
    AgentToProfile,
}

/// Validates every op; anything not explicitly allowed is rejected.
#[hdk_extern]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action })
        | FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => match app_entry {
            EntryTypes::AgentProfile(p) => validate_create_agent_profile(&EntryCreationAction::Create(action), &p),
        },
        FlatOp::StoreEntry(OpEntry::UpdateEntry { app_entry, action, original_action_hash, .. })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry { app_entry, action, original_action_hash, .. }) => {
            match app_entry {
                EntryTypes::AgentProfile(p) => validate_update_agent_profile(&action, &p, &original_action_hash),
            }
        }
        FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, action }) => match app_entry {
            EntryTypes::AgentProfile(p) => {
                let original = action.original_action_address.clone();
                validate_update_agent_profile(&action, &p, &original)
            }
        },
        FlatOp::StoreRecord(OpRecord::DeleteEntry { original_action_hash, .. }) => {
            nondominium_types::validate_delete_of_app_entry(&original_action_hash, &["AgentProfile"])
        }
        FlatOp::RegisterDelete(OpDelete { action }) => {
            nondominium_types::validate_delete_of_app_entry(&action.deletes_address, &["AgentProfile"])
        }
        FlatOp::RegisterCreateLink { base_address, target_address, tag, link_type, action }
        | FlatOp::StoreRecord(OpRecord::CreateLink { base_address, target_address, tag, link_type, action }) => {
            match link_type {
                LinkTypes::AllAgents => validate_create_link_all_agents(&action, &base_address, &target_address, &tag),
                LinkTypes::AgentToProfile => {
                    validate_create_link_agent_to_profile(&action, &base_address, &target_address, &tag)
                }
            }
        }
        FlatOp::RegisterDeleteLink { original_action, link_type, action, .. } => match link_type {
            LinkTypes::AllAgents => Ok(ValidateCallbackResult::Invalid("AllAgents links cannot be deleted".into())),
            LinkTypes::AgentToProfile => nondominium_types::validate_delete_link_by_author(&action, &original_action),
        },
        FlatOp::StoreRecord(OpRecord::DeleteLink { original_action_hash, action, .. }) => {
            let original = nondominium_types::must_get_create_link(&original_action_hash)?;
            match LinkTypes::from_type(original.zome_index, original.link_type)? {
                Some(LinkTypes::AllAgents) => {
                    Ok(ValidateCallbackResult::Invalid("AllAgents links cannot be deleted".into()))
                }
                Some(LinkTypes::AgentToProfile) => nondominium_types::validate_delete_link_by_author(&action, &original),
                None => Ok(ValidateCallbackResult::Valid),
            }
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
        assert_eq!(UnitEntryTypes::AgentProfile as u8, nondominium_types::AGENT_PROFILE_ENTRY_INDEX);
    }
}
