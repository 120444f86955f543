//! Live updates (`nondominium_types::signals`): after each call of this zome
//! commits, `participation::post_commit` sends its signals to this agent's
//! UI and to the agents concerned (a commitment to its parties, a decision
//! or claim to the commitment's parties, an event to its parties, a
//! validation receipt to the validated item's author and custodian); a
//! peer's signal arrives at `recv_remote_signal`, which
//! `participation::init` opens to every agent.
use hdk::prelude::*;
use nondominium_types::NondominiumSignal;
use revisions::signals::relay_remote_signal;

/// Receives a peer's live-update signal and re-emits it to this agent's UI.
/// Errors: the signal does not come from its author, or does not concern
/// this agent (`revisions::signals::relay_remote_signal`).
#[hdk_extern]
pub fn recv_remote_signal(signal: NondominiumSignal) -> ExternResult<()> {
    nondominium_types::host::zome_info_cache::install();
    relay_remote_signal(signal)
}
