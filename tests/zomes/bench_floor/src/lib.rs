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

/// Writes `count` Notes with `text` in one call and returns the first one's
/// action hash: a multi-action write on the floor, to tell what the
/// conductor costs per call from what it costs per action (in the call and
/// in another agent's visibility of it).
#[hdk_extern]
pub fn create_notes(input: CreateNotesInput) -> ExternResult<ActionHash> {
    let first = create_entry(&EntryTypes::Note(Note { text: input.text.clone() }))?;
    for _ in 1..input.count {
        create_entry(&EntryTypes::Note(Note { text: input.text.clone() }))?;
    }
    Ok(first)
}

/// Input of [`create_notes`]: the text of each note and how many (≥ 1).
#[derive(Serialize, Deserialize, Debug)]
pub struct CreateNotesInput {
    pub text: String,
    pub count: u32,
}
