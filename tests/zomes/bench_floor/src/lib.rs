//! BENCHMARK ONLY — the floor coordinator of `npm run bench`.
use bench_floor_integrity::{EntryTypes, Note};
use hdk::prelude::*;

/// Writes one `Note` with `text` and returns its action hash: the conductor's
/// own cost of a one-entry write, the floor every ratio is taken against.
#[hdk_extern]
pub fn create_note(text: String) -> ExternResult<ActionHash> {
    create_entry(&EntryTypes::Note(Note { text }))
}

/// The record at `hash` from the network (`None` until it is there): the
/// floor of a read, and of two-agent visibility.
#[hdk_extern]
pub fn get_note(hash: ActionHash) -> ExternResult<Option<Record>> {
    get(hash, GetOptions::network())
}
