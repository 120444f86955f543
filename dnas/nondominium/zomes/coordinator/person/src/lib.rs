//! person coordinator zome: public agent profiles, private identity data with
//! revocable sharing, and role credentials (spec §4.1, §6.1).
//! The rules are in `person_integrity`; this zome writes and reads.
pub mod agent_profile;
pub mod membrane;
pub mod private_data;
pub mod role;
pub mod signals;

pub use agent_profile::*;
pub use private_data::*;
pub use role::*;
pub use signals::*;
