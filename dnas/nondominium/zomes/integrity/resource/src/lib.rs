//! resource integrity zome: resource specifications with embedded governance
//! rules, and economic resources (spec §4.2). This file holds only the entry
//! and link types and the `validate` dispatcher; each rule lives in the
//! entity's own file.
use hdi::prelude::*;

/// This zome's name in the DNA manifest (`dnas/nondominium/workdir/dna.yaml`).
pub const ZOME_NAME: &str = "resource_integrity";

pub mod anchors;
pub mod economic_process;
pub mod economic_resource;
pub mod end_of_life;
pub mod resource_specification;

pub use economic_process::*;
pub use economic_resource::*;
pub use end_of_life::*;
pub use nondominium_types::{EconomicProcess, EconomicResource, EndOfLifeDeclaration};
pub use resource_specification::*;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type")]
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    ResourceSpecification(ResourceSpecification),
    EconomicResource(EconomicResource),
    EndOfLifeDeclaration(EndOfLifeDeclaration),
    EconomicProcess(EconomicProcess),
}

/// Names of the entry types by entry index, for rejection messages.
pub const ENTRY_NAMES: [&str; 4] =
    ["ResourceSpecification", "EconomicResource", "EndOfLifeDeclaration", "EconomicProcess"];

#[derive(Serialize, Deserialize)]
#[hdk_link_types]
pub enum LinkTypes {
    /// `all_resource_specifications` anchor → ResourceSpecification (spec §4.2.1).
    AllResourceSpecifications,
    /// ResourceSpecification → the first revision of each resource conforming to it (spec §4.2.3).
    SpecificationToResources,
    /// Custodian's agent key → the resource revision that names them custodian (spec §4.2.3).
    CustodianToResources,
    /// A resource's first revision → each EndOfLifeDeclaration about it (REQ-GOV-11).
    ResourceToEndOfLife,
    /// A resource's first revision → each TransferAllRights its rights holder
    /// recorded while someone else held custody, for the custodian to apply.
    ResourceToRightsTransfers,
    /// A resource's first revision → each later revision, tagged with the
    /// revision it updates (`RevisionTag`): the index of its history.
    ResourceToRevisions,
    /// The starter's agent key → each process they started (spec §4.2.4).
    AgentToProcesses,
    /// A resource's first revision → each process it is an input of (REQ-PROC-09).
    ResourceToProcesses,
    /// A process's first revision → each event whose input_of/output_of names it (spec §4.2.4).
    ProcessToEvents,
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
            EntryTypes::ResourceSpecification(spec) => validate_create_resource_specification(&action, &spec),
            EntryTypes::EconomicResource(resource) => validate_create_economic_resource(&action, &resource),
            EntryTypes::EndOfLifeDeclaration(declaration) => {
                validate_create_end_of_life_declaration(&action, &declaration)
            }
            EntryTypes::EconomicProcess(process) => validate_create_economic_process(&action, &process),
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
        FlatOp::RegisterCreateLink { base_address, target_address, link_type, action, .. }
        | FlatOp::StoreRecord(OpRecord::CreateLink { base_address, target_address, link_type, action, .. }) => {
            match link_type {
                LinkTypes::AllResourceSpecifications => {
                    validate_create_link_all_resource_specifications(&action, &base_address, &target_address)
                }
                LinkTypes::SpecificationToResources => {
                    validate_create_link_specification_to_resources(&action, &base_address, &target_address)
                }
                LinkTypes::CustodianToResources => {
                    validate_create_link_custodian_to_resources(&action, &base_address, &target_address)
                }
                LinkTypes::ResourceToEndOfLife => {
                    validate_create_link_resource_to_end_of_life(&action, &base_address, &target_address)
                }
                LinkTypes::ResourceToRightsTransfers => {
                    validate_create_link_resource_to_rights_transfers(&action, &base_address, &target_address)
                }
                LinkTypes::ResourceToRevisions => {
                    validate_create_link_resource_to_revisions(&action, &base_address, &target_address)
                }
                LinkTypes::AgentToProcesses => {
                    validate_create_link_agent_to_processes(&action, &base_address, &target_address)
                }
                LinkTypes::ResourceToProcesses => {
                    validate_create_link_resource_to_processes(&action, &base_address, &target_address)
                }
                LinkTypes::ProcessToEvents => {
                    validate_create_link_process_to_events(&action, &base_address, &target_address)
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
        FlatOp::RegisterAgentActivity(OpActivity::UpdateEntry {
            original_action_hash,
            app_entry_type: Some(UnitEntryTypes::EconomicResource),
            action,
            ..
        }) => validate_economic_resource_history(&action, &original_action_hash),
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(UnitEntryTypes::EndOfLifeDeclaration),
            action,
        }) => validate_end_of_life_declaration_history(&action, &nondominium_types::created_entry(&action)?),
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(UnitEntryTypes::EconomicProcess),
            action,
        }) => validate_economic_process_history(&action, &nondominium_types::created_entry(&action)?),
        FlatOp::RegisterAgentActivity(OpActivity::UpdateEntry {
            original_action_hash,
            app_entry_type: Some(UnitEntryTypes::EconomicProcess),
            action,
            ..
        }) => validate_economic_process_update_history(
            &action,
            &original_action_hash,
            &nondominium_types::updated_entry(&action)?,
        ),
        FlatOp::RegisterAgentActivity(_) => Ok(ValidateCallbackResult::Valid),
    }
}

fn validate_update(
    app_entry: EntryTypes,
    action: &Update,
    original: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    match app_entry {
        EntryTypes::ResourceSpecification(_) => Ok(ValidateCallbackResult::Invalid(
            "ResourceSpecification cannot be updated: its governance rules bind every resource conforming to it".into(),
        )),
        EntryTypes::EconomicResource(resource) => validate_update_economic_resource(action, &resource, original),
        EntryTypes::EndOfLifeDeclaration(_) => {
            Ok(ValidateCallbackResult::Invalid("EndOfLifeDeclaration is immutable".into()))
        }
        EntryTypes::EconomicProcess(process) => validate_update_economic_process(action, &process, original),
    }
}

/// Specifications and the resource index are permanent; a custody link may be
/// removed by its author or by the custodian it starts from.
fn validate_delete_link(
    link_type: LinkTypes,
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    match link_type {
        LinkTypes::AllResourceSpecifications => {
            Ok(ValidateCallbackResult::Invalid("AllResourceSpecifications links cannot be deleted".into()))
        }
        LinkTypes::SpecificationToResources => {
            Ok(ValidateCallbackResult::Invalid("SpecificationToResources links cannot be deleted".into()))
        }
        LinkTypes::CustodianToResources => validate_delete_link_custodian_to_resources(action, original),
        LinkTypes::ResourceToEndOfLife => {
            Ok(ValidateCallbackResult::Invalid("ResourceToEndOfLife links cannot be deleted".into()))
        }
        LinkTypes::ResourceToRightsTransfers => {
            Ok(ValidateCallbackResult::Invalid("ResourceToRightsTransfers links cannot be deleted".into()))
        }
        LinkTypes::ResourceToRevisions => {
            Ok(ValidateCallbackResult::Invalid("ResourceToRevisions links cannot be deleted".into()))
        }
        LinkTypes::AgentToProcesses | LinkTypes::ResourceToProcesses | LinkTypes::ProcessToEvents => {
            Ok(ValidateCallbackResult::Invalid(
                "process links cannot be deleted: they are the processes' audit trail".into(),
            ))
        }
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
        let generated = nondominium_types::types_json("resource_integrity", &entries, &links);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/types.json");
        nondominium_types::check_generated_file(path, &generated, "UPDATE_TYPES_JSON").unwrap();
    }

    /// The live-update signals name this zome's entry types by
    /// `nondominium_types::EntryKind::RESOURCE`, in entry-index order.
    #[test]
    fn signal_entry_kinds_match_the_enum() {
        let entries: Vec<String> = UnitEntryTypes::iter().map(|t| format!("{t:?}")).collect();
        let kinds: Vec<String> = nondominium_types::EntryKind::RESOURCE.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(kinds, entries);
    }

    #[test]
    fn entry_indexes_match_the_shared_constants() {
        assert_eq!(UnitEntryTypes::ResourceSpecification as u8, nondominium_types::RESOURCE_SPECIFICATION_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::EconomicResource as u8, nondominium_types::ECONOMIC_RESOURCE_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::EndOfLifeDeclaration as u8, nondominium_types::END_OF_LIFE_DECLARATION_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::EconomicProcess as u8, nondominium_types::ECONOMIC_PROCESS_ENTRY_INDEX);
    }
}

nondominium_types::test_zome_name_in_manifests!(ZOME_NAME);
