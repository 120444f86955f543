//! Reading EconomicEvents (spec §4.3.1). Events are written only by the
//! operator (`state_transition.rs`).
use hdk::prelude::*;

/// The EconomicEvent recorded at `hash`, or `None`.
#[hdk_extern]
pub fn get_economic_event(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<Record>> {
    let hash = hash.read("get_economic_event")?;
    revisions::get_record(hash, GetOptions::network())
}
