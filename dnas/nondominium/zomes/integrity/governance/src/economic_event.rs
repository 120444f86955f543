//! Rules of `EconomicEvent` (spec §4.3.1). The struct and its rules live in
//! `nondominium_types` (`host::economic_event`) because the resource zome
//! validates revisions against events and, for an update written in the same
//! call as its event, runs the event's rules itself.
pub use nondominium_types::{
    validate_create_economic_event, validate_economic_event_history, validate_initial_transfer,
};
