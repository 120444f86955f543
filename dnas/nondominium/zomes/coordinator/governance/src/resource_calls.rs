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

/// A resource as the resource zome's `get_economic_resource` answers: its
/// first revision and its latest revision.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ResourceState {
    pub original_hash: ActionHash,
    pub latest: Record,
}

/// The resource that revision `hash` belongs to, with its latest revision
/// (found through the resource zome's revision index, whatever the length of
/// the history); `None` when not found.
pub fn get_economic_resource(hash: ActionHash) -> ExternResult<Option<ResourceState>> {
    resource("get_economic_resource", hash)
}
