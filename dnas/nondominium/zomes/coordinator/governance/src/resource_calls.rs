//! Every call from the governance zome into the resource zome, typed, in one
//! place. Claims never write events themselves: the resource zome records
//! each event and the resource revision it produces through the operator
//! (spec §3 governance-as-operator).
use hdk::prelude::*;
pub use nondominium_types::{RecordEventInput, RecordedEvent};
use revisions::call_local;

fn resource<I: Serialize + std::fmt::Debug, O: serde::de::DeserializeOwned + std::fmt::Debug>(
    fn_name: &str,
    input: I,
) -> ExternResult<O> {
    call_local("resource", fn_name, input)
}

/// Asks the resource zome of this cell to record an event on a resource the
/// caller acts on: the operator decides and records the EconomicEvent, the
/// resource zome writes the next revision. Errors: the operator's refusal or
/// the integrity rule's message, as `record_event` reports it.
pub fn record_event(input: RecordEventInput) -> ExternResult<RecordedEvent> {
    resource("record_event", input)
}
