//! The DNA properties: the network's constitution (enforcement source 4).
use hdi::prelude::*;

/// `properties` of the DNA manifest (or of the install's role settings).
/// `progenitors` are the founding agents, Accountable by definition
/// (issue 4, REQ-GOV-03): the roots of every credential chain. Changing them
/// makes a different network, by design.
#[dna_properties]
#[derive(Clone)]
pub struct NondominiumProperties {
    /// Agent keys as base64 strings (`uhCAk…`).
    pub progenitors: Vec<AgentPubKeyB64>,
}

/// Whether `agent` is named a progenitor in this DNA's properties. A DNA with
/// no properties has no progenitors.
pub fn is_progenitor(agent: &AgentPubKey) -> ExternResult<bool> {
    let Ok(properties) = NondominiumProperties::try_from_dna_properties() else {
        return Ok(false);
    };
    Ok(properties.progenitors.into_iter().any(|p| &AgentPubKey::from(p) == agent))
}
