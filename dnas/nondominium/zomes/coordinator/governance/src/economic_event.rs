//! Reading EconomicEvents (spec §4.3.1). Events are written only by the
//! operator (`state_transition.rs`).
use hdk::prelude::*;
use nondominium_types::ECONOMIC_EVENT_ENTRY_INDEX;

/// The EconomicEvent recorded at `hash`, or `None` (also when the record
/// there is of another type: a resource's or a commitment's hash).
#[hdk_extern]
pub fn get_economic_event(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<Record>> {
    let hash = hash.read("get_economic_event")?;
    let Some(record) = revisions::get_record(hash, GetOptions::network())? else {
        return Ok(None);
    };
    Ok(nondominium_types::is_app_entry(&record, nondominium_types::GOVERNANCE_INTEGRITY, ECONOMIC_EVENT_ENTRY_INDEX)?
        .then_some(record))
}
