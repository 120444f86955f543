//! The coordinators' side of the live-update signals
//! (`nondominium_types::signals`): what every coordinator's `post_commit`
//! runs, and what its `recv_remote_signal` runs. One implementation for the
//! three zomes, because `post_commit` runs only in the zome whose call
//! committed, for everything that call wrote — nested calls into the other
//! zomes included.
use hdk::prelude::*;
use nondominium_types::{commit_signal, NondominiumSignal};

use crate::{get_local_first, guest_error};

/// The function `send_remote_signal` calls in the receiver's zome of the same
/// name; each coordinator lists it in an Unrestricted grant made in `init`
/// (without it the conductor drops the signal silently).
pub const RECV_REMOTE_SIGNAL: &str = "recv_remote_signal";

/// For each committed action that writes an app entry of this DNA: emits its
/// [`NondominiumSignal`] to this agent's UI, and sends it to the agents it
/// concerns (`send_remote_signal`, fire and forget: an offline agent misses
/// it and catches up when its UI reloads). Reads the committed records
/// locally and what they cite local-first (see `commit_signal`). Never
/// fails: a signal that cannot be built or sent is logged and skipped
/// (post_commit is infallible; nothing was written on its account).
pub fn signal_committed(actions: &[SignedActionHashed]) {
    let zome_names = match dna_info() {
        Ok(info) => info.zome_names,
        Err(e) => {
            debug!("no live-update signals: {e:?}");
            return;
        }
    };
    for action in actions {
        let signal = match commit_signal(&zome_names, action, &get_local_first) {
            Ok(Some(signal)) => signal,
            Ok(None) => continue,
            Err(e) => {
                debug!("no live-update signal for {}: {e:?}", action.as_hash());
                continue;
            }
        };
        if let Err(e) = emit_signal(&signal) {
            debug!("live-update signal not emitted: {e:?}");
        }
        if !signal.concerns.is_empty() {
            if let Err(e) = send_remote_signal(&signal, signal.concerns.clone()) {
                debug!("live-update signal not sent: {e:?}");
            }
        }
    }
}

/// What each coordinator's `recv_remote_signal` does: re-emits `signal` to
/// this agent's UI once it is checked to come from its author (the caller,
/// as the conductor verified it) and to concern this agent. Errors:
/// "recv_remote_signal: a signal must come from its author"; "… must
/// concern its receiver".
pub fn relay_remote_signal(signal: NondominiumSignal) -> ExternResult<()> {
    if call_info()?.provenance != signal.author {
        return Err(guest_error("recv_remote_signal: a signal must come from its author"));
    }
    if !signal.concerns.contains(&agent_info()?.agent_initial_pubkey) {
        return Err(guest_error("recv_remote_signal: a signal must concern its receiver"));
    }
    emit_signal(signal)
}
