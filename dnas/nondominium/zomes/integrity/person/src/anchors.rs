//! Every anchor path of the person zome, defined once.
use hdi::hash_path::path::Path;
use hdi::prelude::*;

/// The anchor that links every AgentProfile (spec §4.1.1 `AllAgents`).
pub const ALL_AGENTS: &str = "all_agents";

/// Entry hash of the `all_agents` anchor, the base of `AllAgents` links.
pub fn all_agents_anchor() -> ExternResult<EntryHash> {
    Path::from(ALL_AGENTS).path_entry_hash()
}
