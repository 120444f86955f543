//! person integrity zome: public agent profiles, private identity data, and
//! role credentials (spec §4.1, §7). This file holds only the entry and link
//! types and the `validate` dispatcher; each rule lives in the entity's file.
use hdi::prelude::*;

/// This zome's name in the DNA manifest (`dnas/nondominium/workdir/dna.yaml`).
pub const ZOME_NAME: &str = "person_integrity";

pub mod agent_profile;
pub mod anchors;
pub mod identity_disclosure;
pub mod membrane;
pub mod private_data;
pub mod role;

pub use agent_profile::*;
pub use identity_disclosure::*;
pub use nondominium_types::{is_progenitor, NondominiumProperties};
pub use private_data::*;
pub use role::*;
// Explicit: the hdi prelude also exports a `Role`.
pub use role::Role;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type")]
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    AgentProfile(AgentProfile),
    #[entry_type(visibility = "private")]
    PrivateProfile(PrivateProfile),
    Role(Role),
    IdentityDisclosure(IdentityDisclosure),
}

/// Names of the entry types by entry index, for rejection messages.
pub const ENTRY_NAMES: [&str; 4] = ["AgentProfile", "PrivateProfile", "Role", "IdentityDisclosure"];

#[derive(Serialize, Deserialize)]
#[hdk_link_types]
pub enum LinkTypes {
    /// `all_agents` anchor → AgentProfile create (spec §4.1.1 `AllAgents`).
    AllAgents,
    /// Agent key → that agent's AgentProfile create.
    AgentToProfile,
    /// Agent key → each Role credential granted to that agent.
    AgentToRoles,
    /// A reviewer's agent key → each IdentityDisclosure made to them.
    AgentToIdentityDisclosures,
}

/// Validates every op; anything not explicitly allowed is rejected.
#[cfg_attr(feature = "callbacks", hdk_extern)]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    // No zome_info host call: flattening and every type conversion are answered from what this zome knows of itself.
    nondominium_types::host::zome_info_cache::install_integrity(
        nondominium_types::host::zome_info_cache::IntegrityZome {
            name: ZOME_NAME,
            entry_defs: <EntryTypes as EntryDefRegistration>::ENTRY_DEFS,
            link_types: LinkTypes::len(),
        },
    );
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action })
        | FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => match app_entry {
            EntryTypes::AgentProfile(p) => validate_create_agent_profile(&EntryCreationAction::Create(action), &p),
            EntryTypes::PrivateProfile(p) => validate_private_profile(&p),
            EntryTypes::Role(role) => validate_create_role(&action, &role),
            EntryTypes::IdentityDisclosure(d) => validate_create_identity_disclosure(&action, &d),
        },
        FlatOp::StoreEntry(OpEntry::UpdateEntry { app_entry, action, original_action_hash, .. })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry { app_entry, action, original_action_hash, .. }) => {
            validate_update(app_entry, &action, &original_action_hash)
        }
        FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, action }) => {
            let original = action.original_action_address.clone();
            validate_update(app_entry, &action, &original)
        }
        FlatOp::StoreRecord(OpRecord::DeleteEntry { original_action_hash, .. }) => {
            nondominium_types::validate_delete_of_app_entry(&original_action_hash, &ENTRY_NAMES)
        }
        FlatOp::RegisterDelete(OpDelete { action }) => {
            nondominium_types::validate_delete_of_app_entry(&action.deletes_address, &ENTRY_NAMES)
        }
        FlatOp::RegisterCreateLink { base_address, target_address, tag, link_type, action }
        | FlatOp::StoreRecord(OpRecord::CreateLink { base_address, target_address, tag, link_type, action }) => {
            match link_type {
                LinkTypes::AllAgents => validate_create_link_all_agents(&action, &base_address, &target_address, &tag),
                LinkTypes::AgentToProfile => {
                    validate_create_link_agent_to_profile(&action, &base_address, &target_address, &tag)
                }
                LinkTypes::AgentToRoles => validate_create_link_agent_to_roles(&action, &base_address, &target_address),
                LinkTypes::AgentToIdentityDisclosures => {
                    validate_create_link_agent_to_identity_disclosures(&action, &base_address, &target_address)
                }
            }
        }
        FlatOp::RegisterDeleteLink { original_action, link_type, action, .. } => {
            validate_delete_link(link_type, &action, &original_action)
        }
        FlatOp::StoreRecord(OpRecord::DeleteLink { original_action_hash, action, .. }) => {
            let original = nondominium_types::must_get_create_link(&original_action_hash)?;
            match LinkTypes::from_type(original.zome_index, original.link_type)? {
                Some(link_type) => validate_delete_link(link_type, &action, &original),
                None => Ok(ValidateCallbackResult::Valid),
            }
        }
        // Private entries, agent keys, capability grants/claims, genesis and
        // chain-structure actions carry no rule of this zome.
        FlatOp::StoreRecord(_) | FlatOp::StoreEntry(_) | FlatOp::RegisterUpdate(_) => Ok(ValidateCallbackResult::Valid),
        // The author's neighbours hold the chain: they check the history rule too.
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(UnitEntryTypes::AgentProfile),
            action,
        }) => validate_agent_profile_history(&action),
        FlatOp::RegisterAgentActivity(OpActivity::AgentValidationPkg { membrane_proof, action }) => {
            membrane::validate_membrane_proof(&action.author, &membrane_proof)
        }
        FlatOp::RegisterAgentActivity(_) => Ok(ValidateCallbackResult::Valid),
    }
}

/// Runs on an agent's own conductor before it joins (and again by its
/// neighbours on the AgentValidationPkg op): see [`membrane`].
#[cfg_attr(feature = "callbacks", hdk_extern)]
pub fn genesis_self_check(data: GenesisSelfCheckData) -> ExternResult<ValidateCallbackResult> {
    membrane::validate_membrane_proof(&data.agent_key, &data.membrane_proof)
}

fn validate_update(
    app_entry: EntryTypes,
    action: &Update,
    original: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    match app_entry {
        EntryTypes::AgentProfile(p) => validate_update_agent_profile(action, &p, original),
        EntryTypes::PrivateProfile(p) => validate_private_profile(&p),
        EntryTypes::Role(_) => Ok(ValidateCallbackResult::Invalid("Role is immutable".into())),
        EntryTypes::IdentityDisclosure(_) => {
            Ok(ValidateCallbackResult::Invalid("IdentityDisclosure is immutable".into()))
        }
    }
}

/// The directory and role credentials are permanent; a profile link may be
/// removed by its author.
fn validate_delete_link(
    link_type: LinkTypes,
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    match link_type {
        LinkTypes::AllAgents => Ok(ValidateCallbackResult::Invalid("AllAgents links cannot be deleted".into())),
        LinkTypes::AgentToRoles => Ok(ValidateCallbackResult::Invalid("AgentToRoles links cannot be deleted".into())),
        LinkTypes::AgentToIdentityDisclosures => {
            Ok(ValidateCallbackResult::Invalid("AgentToIdentityDisclosures links cannot be deleted".into()))
        }
        LinkTypes::AgentToProfile => nondominium_types::validate_delete_link_by_author(action, original),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `types.json`: this zome's entry and link types in index order, which
    /// the Tryorama tests read (`tests/src/common.ts`). With
    /// `UPDATE_TYPES_JSON=1` the test writes it.
    #[test]
    fn types_json_is_generated_from_the_enums() {
        let entries: Vec<String> = UnitEntryTypes::iter().map(|t| format!("{t:?}")).collect();
        let links: Vec<String> = LinkTypes::iter().map(|t| format!("{t:?}")).collect();
        let generated = nondominium_types::types_json("person_integrity", &entries, &links);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/types.json");
        nondominium_types::check_generated_file(path, &generated, "UPDATE_TYPES_JSON").unwrap();
    }

    /// The live-update signals name this zome's entry types by
    /// `nondominium_types::EntryKind::PERSON`, in entry-index order.
    #[test]
    fn signal_entry_kinds_match_the_enum() {
        let entries: Vec<String> = UnitEntryTypes::iter().map(|t| format!("{t:?}")).collect();
        let kinds: Vec<String> = nondominium_types::EntryKind::PERSON.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(kinds, entries);
    }

    #[test]
    fn entry_indexes_match_the_shared_constants() {
        assert_eq!(UnitEntryTypes::AgentProfile as u8, nondominium_types::AGENT_PROFILE_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::Role as u8, nondominium_types::ROLE_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::IdentityDisclosure as u8, nondominium_types::IDENTITY_DISCLOSURE_ENTRY_INDEX);
    }
}

nondominium_types::test_zome_name_in_manifests!(ZOME_NAME);
