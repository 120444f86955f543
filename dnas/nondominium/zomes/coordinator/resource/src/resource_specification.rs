//! `create_resource_spec`, `get_resource_spec`, `get_all_resource_specs`,
//! `search_resource_specs` (spec §6.2; REQ-USER-S-03).
use hdk::prelude::*;
use resource_integrity::anchors::all_resource_specifications_anchor;
use resource_integrity::{
    check_resource_specification_fields, EntryTypes, GovernanceRule, LinkTypes, ResourceSpecification,
};
use revisions::{entry_of, guest_error, linked_records};

use crate::person_calls::my_accountable_credential;

/// Input of `create_resource_spec` (spec §6.2).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateResourceSpecInput {
    pub name: String,
    pub description: String,
    pub image_url: Option<String>,
    pub governance_rules: Vec<GovernanceRule>,
}

/// Creates a ResourceSpecification with its embedded governance rules (each
/// parsed against its rule type), citing the caller's Accountable credential,
/// links it from the `all_resource_specifications` anchor and returns its
/// record. Errors: "only Accountable Agents may define a resource
/// specification"; the integrity rule's message naming the bad field.
#[hdk_extern]
pub fn create_resource_spec(input: revisions::Checked<CreateResourceSpecInput>) -> ExternResult<Record> {
    let input = input.read("create_resource_spec")?;
    let spec = ResourceSpecification {
        name: input.name.trim().to_string(),
        description: input.description,
        image_url: input.image_url,
        governance_rules: input.governance_rules,
        accountable_credential: None,
    };
    check_resource_specification_fields(&spec).map_err(guest_error)?;
    let spec = ResourceSpecification { accountable_credential: my_accountable_credential()?, ..spec };
    let hash = create_entry(&EntryTypes::ResourceSpecification(spec))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new ResourceSpecification could not be read back"))?;
    // The tag carries the specification's action: the link's rules never wait for the specification.
    let tag = nondominium_types::CarriedTarget::of(&record, false)?;
    create_link(all_resource_specifications_anchor()?, hash, LinkTypes::AllResourceSpecifications, tag)?;
    Ok(record)
}

/// The ResourceSpecification created at `hash`, or `None`.
#[hdk_extern]
pub fn get_resource_spec(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<Record>> {
    let hash = hash.read("get_resource_spec")?;
    revisions::get_record(hash, GetOptions::network())
}

/// Every specification linked from the anchor, oldest first.
#[hdk_extern]
pub fn get_all_resource_specs(_: ()) -> ExternResult<Vec<Record>> {
    nondominium_types::host::zome_info_cache::install();
    linked_records(LinkQuery::try_new(all_resource_specifications_anchor()?, LinkTypes::AllResourceSpecifications)?)
}

/// Specifications whose name or description contains `query`
/// (case-insensitive); all of them for an empty query. Oldest first.
#[hdk_extern]
pub fn search_resource_specs(query: revisions::Checked<String>) -> ExternResult<Vec<Record>> {
    let query = query.read("search_resource_specs")?;
    let needle = query.trim().to_lowercase();
    let mut found = Vec::new();
    for record in get_all_resource_specs(())? {
        if spec_summary(&record)?.is_some_and(|s| s.matches(&needle)) {
            found.push(record);
        }
    }
    Ok(found)
}

/// What a listing needs of a specification: its name, and its description
/// for the text filter (the one text match of a specification, for
/// `search_resource_specs` and `find_resources`).
#[derive(Clone)]
pub(crate) struct SpecSummary {
    pub name: String,
    pub description: String,
}

impl SpecSummary {
    /// Whether the name or description contains `needle` (already lower-case).
    pub fn matches(&self, needle: &str) -> bool {
        self.name.to_lowercase().contains(needle) || self.description.to_lowercase().contains(needle)
    }
}

/// The summary of the ResourceSpecification in `record`; `None` when it holds another entry.
pub(crate) fn spec_summary(record: &Record) -> ExternResult<Option<SpecSummary>> {
    let spec: Option<ResourceSpecification> = entry_of(record)?;
    Ok(spec.map(|s| SpecSummary { name: s.name, description: s.description }))
}
