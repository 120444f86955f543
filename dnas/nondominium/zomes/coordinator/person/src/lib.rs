//! person coordinator zome: public agent profiles (spec §4.1, §6.1).
//! The rules are in `person_integrity`; this zome writes and reads.
pub mod agent_profile;
pub use agent_profile::*;
