//! Every anchor path of the resource zome, defined once.
use hdi::hash_path::path::Path;
use hdi::prelude::*;

/// The anchor that links every ResourceSpecification (spec §4.2.1 `AllResourceSpecifications`).
pub const ALL_RESOURCE_SPECIFICATIONS: &str = "all_resource_specifications";

/// Entry hash of the `all_resource_specifications` anchor.
pub fn all_resource_specifications_anchor() -> ExternResult<EntryHash> {
    Path::from(ALL_RESOURCE_SPECIFICATIONS).path_entry_hash()
}
