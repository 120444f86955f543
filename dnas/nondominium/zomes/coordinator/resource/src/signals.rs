//! Live updates (`nondominium_types::signals`): after each call of this zome
//! commits, its signals go to this agent's UI and to the agents concerned
//! (a resource revision to its custodian and rights holder, an event to its
//! parties); a peer's signal arrives at `recv_remote_signal`, which `init`
//! opens to every agent.
use std::collections::HashSet;

use hdk::prelude::*;
use nondominium_types::NondominiumSignal;
use revisions::signals::{relay_remote_signal, signal_committed, RECV_REMOTE_SIGNAL};

/// Opens `recv_remote_signal` to any agent (an Unrestricted grant: the
/// conductor delivers a remote signal as a call without a secret). Harmless:
/// it only re-emits a signal from its author to this agent's UI.
#[hdk_extern]
pub fn init(_: ()) -> ExternResult<InitCallbackResult> {
    nondominium_types::host::zome_info_cache::install();
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from(RECV_REMOTE_SIGNAL)));
    create_cap_grant(ZomeCallCapGrant {
        tag: "live_update_signals".into(),
        access: CapAccess::Unrestricted,
        functions: GrantedFunctions::Listed(functions),
    })?;
    Ok(InitCallbackResult::Pass)
}

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
