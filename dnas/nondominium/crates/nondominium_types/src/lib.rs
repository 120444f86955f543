//! Types that more than one integrity zome must read, and the pure rules over
//! them. The resource zome validates a revision against the governance
//! EconomicEvent it cites, and the governance zome validates an event against
//! the resource revision it cites: both decode the same structs from here.
//!
//! Everything here is pure (no host call; unit-tested natively) except the
//! module [`host`]: the validation helpers that read the host (the
//! `must_get_*` family and the DNA info) — `typed_record`, `first_revision`,
//! the chain-history rules, the verdict helpers, `is_progenitor`,
//! `accountable_by`, `min_challenge_period_seconds` and
//! `check_receiver_credentials`.

pub mod carried;
pub mod commitment;
pub mod economic_event;
pub mod economic_resource;
pub mod governance_rules;
pub mod host;
pub mod ids;
pub mod participation;
pub mod process;
pub mod receiver_rules;
pub mod roles;
pub mod signals;
#[cfg(test)]
mod test_records;
pub mod times;
pub mod transition;
pub mod vf_actions;
pub mod vocabulary;

pub use carried::*;
pub use commitment::*;
pub use economic_event::*;
pub use economic_resource::*;
pub use governance_rules::*;
pub use host::*;
pub use ids::*;
pub use participation::*;
pub use process::*;
pub use receiver_rules::*;
pub use roles::*;
pub use signals::*;
pub use times::*;
pub use transition::*;
pub use vf_actions::*;
pub use vocabulary::*;

/// Integrity zome names as the DNA manifest declares them (zome index order:
/// person 0, resource 1, governance 2).
pub const PERSON_INTEGRITY: &str = "person_integrity";
/// See [`PERSON_INTEGRITY`].
pub const RESOURCE_INTEGRITY: &str = "resource_integrity";
/// See [`PERSON_INTEGRITY`].
pub const GOVERNANCE_INTEGRITY: &str = "governance_integrity";

/// Entry index of `ResourceSpecification` in `resource_integrity::EntryTypes`
/// (checked by a unit test there).
pub const RESOURCE_SPECIFICATION_ENTRY_INDEX: u8 = 0;
/// Entry index of `EconomicResource` in `resource_integrity::EntryTypes`.
pub const ECONOMIC_RESOURCE_ENTRY_INDEX: u8 = 1;
/// Entry index of `EndOfLifeDeclaration` in `resource_integrity::EntryTypes`.
pub const END_OF_LIFE_DECLARATION_ENTRY_INDEX: u8 = 2;
/// Entry index of `EconomicProcess` in `resource_integrity::EntryTypes`.
pub const ECONOMIC_PROCESS_ENTRY_INDEX: u8 = 3;
/// Entry index of `EconomicEvent` in `governance_integrity::EntryTypes`.
pub const ECONOMIC_EVENT_ENTRY_INDEX: u8 = 0;
/// Entry index of `Role` in `person_integrity::EntryTypes`.
pub const ROLE_ENTRY_INDEX: u8 = 2;
/// Entry index of `IdentityDisclosure` in `person_integrity::EntryTypes`.
pub const IDENTITY_DISCLOSURE_ENTRY_INDEX: u8 = 3;
/// Entry index of `ValidationReceipt` in `governance_integrity::EntryTypes`.
pub const VALIDATION_RECEIPT_ENTRY_INDEX: u8 = 1;
/// Entry index of `AgentProfile` in `person_integrity::EntryTypes`.
pub const AGENT_PROFILE_ENTRY_INDEX: u8 = 0;
/// Entry index of `Commitment` in `governance_integrity::EntryTypes`.
pub const COMMITMENT_ENTRY_INDEX: u8 = 2;
/// Entry index of `CommitmentDecision` in `governance_integrity::EntryTypes`.
pub const COMMITMENT_DECISION_ENTRY_INDEX: u8 = 3;
/// Entry index of `Claim` in `governance_integrity::EntryTypes`.
pub const CLAIM_ENTRY_INDEX: u8 = 4;
/// Entry index of `ParticipationAttestation` in `governance_integrity::EntryTypes`.
pub const PARTICIPATION_ATTESTATION_ENTRY_INDEX: u8 = 5;
/// Entry index of `PrivateParticipationClaim` (private) in `governance_integrity::EntryTypes`.
pub const PRIVATE_PARTICIPATION_CLAIM_ENTRY_INDEX: u8 = 6;

/// The entry and link types of one integrity zome, in index order, as the
/// JSON `types.json` next to the zome's `Cargo.toml` holds it
/// (`{"zome": …, "entryTypes": [...], "linkTypes": [...]}`): the tests read
/// their entry and link indexes from these files instead of copying them.
/// Written by each integrity zome's unit test (see [`check_generated_file`]);
/// native builds only (tests), never in the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn types_json(zome: &str, entry_types: &[String], link_types: &[String]) -> String {
    let value = serde_json::json!({ "zome": zome, "entryTypes": entry_types, "linkTypes": link_types });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// For the unit tests that keep a generated file equal to its Rust source:
/// with the environment variable `update_var` set to `1`, writes `generated`
/// to `path`; then `Err` with the command to run when the file differs.
#[cfg(not(target_arch = "wasm32"))]
pub fn check_generated_file(path: &str, generated: &str, update_var: &str) -> Result<(), String> {
    if std::env::var(update_var).as_deref() == Ok("1") {
        std::fs::write(path, generated).map_err(|e| format!("{path}: {e}"))?;
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk == generated {
        Ok(())
    } else {
        Err(format!("{path} is stale: run {update_var}=1 cargo test --lib"))
    }
}
