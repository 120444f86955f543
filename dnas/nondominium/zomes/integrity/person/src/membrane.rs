//! The membrane (REQ-USER-S-01): who may join this network.
//!
//! nondominium is open by default: an agent that joins with no membrane
//! proof is a Simple Agent, as the specification asks. A community that
//! wants more can require an invitation: set `invitation_only: true` in the
//! DNA properties (a different network, like its progenitors). An
//! invitation is a [`MembraneInvitation`] — a progenitor's signature over the
//! joining agent's key — passed as the membrane proof at install. Whatever
//! the setting, a proof that is given must be a well-formed invitation
//! signed by a progenitor for this very agent; anything else is refused, on
//! the agent's own conductor (`genesis_self_check`) and by its neighbours
//! (the AgentValidationPkg op).
use hdi::prelude::*;
use nondominium_types::{is_progenitor, NondominiumProperties};

/// An invitation to join: `inviter` (a progenitor) signed `agent` (the
/// joining agent's key, MessagePack-encoded as `sign` encodes it).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct MembraneInvitation {
    pub agent: AgentPubKey,
    pub inviter: AgentPubKey,
    pub signature: Signature,
}

/// Whether `agent` may join with `proof`. Refusals name the rule:
/// "membrane proof must be a MembraneInvitation …", "… must be for the
/// joining agent", "… inviter must be a progenitor", "… signature does not
/// verify", "this network is invitation-only: …".
pub fn validate_membrane_proof(
    agent: &AgentPubKey,
    proof: &Option<MembraneProof>,
) -> ExternResult<ValidateCallbackResult> {
    let Some(proof) = proof else {
        let invitation_only = NondominiumProperties::try_from_dna_properties().ok().is_some_and(|p| p.invitation_only);
        return Ok(if invitation_only {
            ValidateCallbackResult::Invalid(
                "this network is invitation-only: join with a MembraneInvitation as membrane proof".into(),
            )
        } else {
            ValidateCallbackResult::Valid
        });
    };
    let Ok(invitation) = MembraneInvitation::try_from((**proof).clone()) else {
        return Ok(ValidateCallbackResult::Invalid(
            "membrane proof must be a MembraneInvitation (agent, inviter, signature) or absent".into(),
        ));
    };
    if &invitation.agent != agent {
        return Ok(ValidateCallbackResult::Invalid("membrane proof invitation must be for the joining agent".into()));
    }
    if !is_progenitor(&invitation.inviter)? {
        return Ok(ValidateCallbackResult::Invalid("membrane proof inviter must be a progenitor".into()));
    }
    if !verify_signature(invitation.inviter.clone(), invitation.signature.clone(), invitation.agent.clone())? {
        return Ok(ValidateCallbackResult::Invalid(
            "membrane proof signature does not verify: the inviter must sign the agent's key".into(),
        ));
    }
    Ok(ValidateCallbackResult::Valid)
}
