//! `create_resource_spec`, `get_resource_spec`, `get_all_resource_specs` (spec §6.2).
use hdk::prelude::*;
use resource_integrity::anchors::all_resource_specifications_anchor;
use resource_integrity::{check_resource_specification_fields, EntryTypes, GovernanceRule, LinkTypes, ResourceSpecification};
use revisions::guest_error;

/// Input of `create_resource_spec` (spec §6.2).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateResourceSpecInput {
    pub name: String,
    pub description: String,
    pub image_url: Option<String>,
    pub governance_rules: Vec<GovernanceRule>,
}

/// Creates a ResourceSpecification with its embedded governance rules, links
/// it from the `all_resource_specifications` anchor and returns its record.
/// Errors: the integrity rule's message naming the bad field.
#[hdk_extern]
pub fn create_resource_spec(input: CreateResourceSpecInput) -> ExternResult<Record> {
    let spec = ResourceSpecification {
        name: input.name.trim().to_string(),
        description: input.description,
        image_url: input.image_url,
        governance_rules: input.governance_rules,
    };
    check_resource_specification_fields(&spec).map_err(guest_error)?;
    let hash = create_entry(&EntryTypes::ResourceSpecification(spec))?;
    create_link(all_resource_specifications_anchor()?, hash.clone(), LinkTypes::AllResourceSpecifications, ())?;
    get(hash, GetOptions::local())?.ok_or(guest_error("the new ResourceSpecification could not be read back"))
}

/// The ResourceSpecification created at `hash`, or `None`.
#[hdk_extern]
pub fn get_resource_spec(hash: ActionHash) -> ExternResult<Option<Record>> {
    get(hash, GetOptions::network())
}

/// Every specification linked from the anchor, oldest first.
#[hdk_extern]
pub fn get_all_resource_specs(_: ()) -> ExternResult<Vec<Record>> {
    let query = LinkQuery::try_new(all_resource_specifications_anchor()?, LinkTypes::AllResourceSpecifications)?;
    let mut links = get_links(query, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let mut specs = Vec::with_capacity(links.len());
    for link in links {
        if let Some(hash) = link.target.into_action_hash() {
            if let Some(record) = get(hash, GetOptions::network())? {
                specs.push(record);
            }
        }
    }
    Ok(specs)
}
