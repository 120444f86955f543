//! Invitations to an invitation-only network (REQ-USER-S-01, REQ-SEC-07;
//! `person_integrity::membrane` decides who may join).
use hdk::prelude::*;
use person_integrity::{is_progenitor, membrane::MembraneInvitation};
use revisions::guest_error;

/// A progenitor's invitation for `agent` to join: the caller signs the
/// agent's key. The joining agent passes the invitation, MessagePack-encoded,
/// as the membrane proof of their install. Returns the invitation.
/// Errors: "create_membrane_invitation: only a progenitor invites".
#[hdk_extern]
pub fn create_membrane_invitation(agent: revisions::Checked<AgentPubKey>) -> ExternResult<MembraneInvitation> {
    let agent = agent.read("create_membrane_invitation")?;
    let me = agent_info()?.agent_initial_pubkey;
    if !is_progenitor(&me)? {
        return Err(guest_error("create_membrane_invitation: only a progenitor invites"));
    }
    let signature = sign(me.clone(), agent.clone())?;
    Ok(MembraneInvitation { agent, inviter: me, signature })
}
