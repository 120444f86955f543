//! Coordinator helpers: revision chains and linked records, the
//! live-update signals every coordinator emits ([`signals`]), and the
//! capability grants and claims of agent-to-agent sharing ([`capabilities`]).
//!
//! Revision chains. In nondominium every update names the revision right
//! before it as its original (`original_action_address`), so the revisions of
//! one entry form a chain: create → update → update … These helpers walk it.
//! Coordinator-only (they read the DHT through `get_details`).
use hdk::prelude::*;

pub mod capabilities;
pub mod input;
pub mod signals;

pub use input::Checked;

/// Longest chain walked before giving up, so a malformed chain cannot loop forever.
pub const MAX_REVISIONS: usize = 10_000;

/// The create at the root of the chain `hash` belongs to, or `None` when
/// `hash` cannot be found. Each step reads a revision from this agent's own
/// store when it is there ([`get_local_first`]: a revision never changes).
/// Errors when the chain is longer than [`MAX_REVISIONS`].
pub fn original_of(hash: &ActionHash) -> ExternResult<Option<ActionHash>> {
    let mut current = hash.clone();
    for _ in 0..MAX_REVISIONS {
        let Some(record) = get_local_first(&current)? else {
            return Ok(None);
        };
        match record.action() {
            Action::Update(update) => current = update.original_action_address.clone(),
            _ => return Ok(Some(current)),
        }
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// The latest revision after `hash` (or `hash` itself when it has no update),
/// following at each step the earliest update made of that revision. `None`
/// when `hash` cannot be found.
pub fn latest_revision(hash: &ActionHash) -> ExternResult<Option<Record>> {
    let Some(Details::Record(mut details)) = get_details(hash.clone(), GetOptions::network())? else {
        return Ok(None);
    };
    for _ in 0..MAX_REVISIONS {
        let next = details
            .updates
            .iter()
            .min_by_key(|u| (u.action().timestamp(), u.as_hash().clone()))
            .map(|u| u.as_hash().clone());
        let Some(next) = next else {
            return Ok(Some(details.record));
        };
        match get_details(next, GetOptions::network())? {
            Some(Details::Record(d)) => details = d,
            // The update is announced but not reachable yet: the last reachable revision is the answer.
            _ => return Ok(Some(details.record)),
        }
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// Whether the revision at `hash` has no update (it is the current state).
pub fn is_latest(hash: &ActionHash) -> ExternResult<bool> {
    Ok(match get_details(hash.clone(), GetOptions::network())? {
        Some(Details::Record(details)) => details.updates.is_empty(),
        _ => false,
    })
}

/// The record behind each link `query` finds, oldest link first; links whose
/// target is not an action hash or cannot be fetched are skipped.
pub fn linked_records(query: LinkQuery) -> ExternResult<Vec<Record>> {
    let mut links = get_links(query, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let mut records = Vec::with_capacity(links.len());
    for link in links {
        if let Some(hash) = link.target.into_action_hash() {
            if let Some(record) = get(hash, GetOptions::network())? {
                records.push(record);
            }
        }
    }
    Ok(records)
}

/// Turns a guest error message into a `WasmError` (for `Err(..)` returns).
pub fn guest_error(message: impl Into<String>) -> WasmError {
    wasm_error!(WasmErrorInner::Guest(message.into()))
}

/// The record at `hash`, from this agent's own store when it is there, else
/// from the network. For immutable records (a create, an entry someone
/// cites) a local copy is as good as any, and asking the network first can
/// take seconds when a peer is slow to answer.
pub fn get_local_first(hash: &ActionHash) -> ExternResult<Option<Record>> {
    match get(hash.clone(), GetOptions::local())? {
        Some(record) => Ok(Some(record)),
        None => get(hash.clone(), GetOptions::network()),
    }
}

/// Every revision of the chain starting at `hash`, in order (the revision
/// itself first), following at each step the earliest update, as
/// [`latest_revision`] does. Empty when `hash` cannot be found.
pub fn revision_chain(hash: &ActionHash) -> ExternResult<Vec<Record>> {
    let Some(Details::Record(mut details)) = get_details(hash.clone(), GetOptions::network())? else {
        return Ok(vec![]);
    };
    let mut chain = Vec::new();
    for _ in 0..MAX_REVISIONS {
        let next = details
            .updates
            .iter()
            .min_by_key(|u| (u.action().timestamp(), u.as_hash().clone()))
            .map(|u| u.as_hash().clone());
        chain.push(details.record);
        let Some(next) = next else {
            return Ok(chain);
        };
        match get_details(next, GetOptions::network())? {
            Some(Details::Record(d)) => details = d,
            _ => return Ok(chain),
        }
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// The message of a guest error (or the error's debug text otherwise), to
/// re-raise it with a prefix naming the calling function.
pub fn error_text(error: &WasmError) -> String {
    match &error.error {
        WasmErrorInner::Guest(message) => message.clone(),
        other => format!("{other:?}"),
    }
}

/// The app entry of `record` decoded as `T`. Errors: "<what> does not
/// decode: …" when the bytes are not a `T`; "the record is not <what>" when
/// the record carries no app entry (e.g. a delete, or a private entry seen
/// by someone else).
pub fn decode_entry<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(
    record: &Record,
    what: &str,
) -> ExternResult<T> {
    record
        .entry()
        .to_app_option()
        .map_err(|e| guest_error(format!("{what} does not decode: {e}")))?
        .ok_or(guest_error(format!("the record is not {what}")))
}

/// The app entry of `record` as `T` when it carries one: `Ok(None)` for a
/// record without an app entry (a delete, or a private entry seen by someone
/// else). Errors when the entry is there but is not a `T`. For lists that
/// skip what they cannot use; [`decode_entry`] when the entry must be there.
pub fn entry_of<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(record: &Record) -> ExternResult<Option<T>> {
    record.entry().to_app_option().map_err(|e| guest_error(e.to_string()))
}

/// The one typed call from one zome into another of the same cell: calls
/// `fn_name` of `zome` with `input` (as the calling agent, no capability
/// secret needed) and decodes its answer as `O`. Errors: "<zome> <fn_name>
/// failed: <the callee's error>" when the callee refuses or fails, and
/// "<zome> <fn_name> answer does not decode: …" when the answer is not an `O`.
pub fn call_local<I, O>(zome: &str, fn_name: &str, input: I) -> ExternResult<O>
where
    I: Serialize + std::fmt::Debug,
    O: serde::de::DeserializeOwned + std::fmt::Debug,
{
    match call(CallTargetCell::Local, ZomeName::from(zome), FunctionName::from(fn_name), None, input)? {
        ZomeCallResponse::Ok(io) => {
            io.decode().map_err(|e| guest_error(format!("{zome} {fn_name} answer does not decode: {e}")))
        }
        other => Err(guest_error(format!("{zome} {fn_name} failed: {other:?}"))),
    }
}
