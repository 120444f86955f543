//! Live updates (`nondominium_types::signals`): after each call of this zome
//! commits, its signals go to this agent's UI and to the agents concerned
//! (a role to its holder, an identity disclosure to its reviewer); a
//! peer's signal arrives at `recv_remote_signal`, which `init` opens to
//! every agent (`private_data::init`).
use hdk::prelude::*;
use nondominium_types::NondominiumSignal;
use revisions::signals::{relay_remote_signal, signal_committed};

/// Emits and sends the live-update signals of what the call wrote
/// (`revisions::signals::signal_committed`), nested calls into other zomes included.
#[hdk_extern(infallible)]
pub fn post_commit(committed_actions: Vec<SignedActionHashed>) {
    nondominium_types::host::zome_info_cache::install();
    signal_committed(&committed_actions);
}

/// Receives a peer's live-update signal and re-emits it to this agent's UI.
/// Errors: the signal does not come from its author, or does not concern
/// this agent (`revisions::signals::relay_remote_signal`).
#[hdk_extern]
pub fn recv_remote_signal(signal: NondominiumSignal) -> ExternResult<()> {
    nondominium_types::host::zome_info_cache::install();
    relay_remote_signal(signal)
}
