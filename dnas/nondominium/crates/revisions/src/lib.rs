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
    Ok(latest_revisions(std::slice::from_ref(hash))?.pop().flatten())
}

/// `get_details` of every hash in `hashes`, in one host call: the conductor
/// runs the reads concurrently, where one call per hash would wait for each
/// in turn. Same order as `hashes`; `None` where a hash cannot be found or
/// is not a record.
pub fn get_record_details_many(hashes: &[ActionHash], options: GetOptions) -> ExternResult<Vec<Option<RecordDetails>>> {
    if hashes.is_empty() {
        return Ok(vec![]);
    }
    let inputs = hashes.iter().map(|h| GetInput::new(h.clone().into(), options.clone())).collect();
    let details = HDK.with(|h| h.borrow().get_details(inputs))?;
    Ok(details
        .into_iter()
        .map(|d| match d {
            Some(Details::Record(record)) => Some(record),
            _ => None,
        })
        .collect())
}

/// What `get` answers for every hash in `hashes` (the valid record, or
/// `None`), in two batched host calls at most (the conductor runs the reads
/// of one call concurrently). Same order as `hashes`.
///
/// Read first through a local `get_details`, not `get`: on Holochain 0.6
/// here a `get` of a record costs 3-5 ms and a `get_details` of it 0.2 ms
/// (1000 records: 4.3-5.4 s against 0.16-0.27 s, measured in one zome call
/// on 2026-12-06). A record this agent holds and whose details say `Valid`
/// is what `get` returns (a `get` reads local stores first, whatever its
/// strategy); the others (not held here, not yet validated here, rejected)
/// are asked of `get` itself with `options`, so the answer is always
/// `get`'s. The details read is local only: a network `get_details` fetches
/// from an authority every time, where `get` uses what is held.
pub fn get_many(hashes: &[ActionHash], options: GetOptions) -> ExternResult<Vec<Option<Record>>> {
    let mut records: Vec<Option<Record>> = get_record_details_many(hashes, GetOptions::local())?
        .into_iter()
        .map(|d| d.filter(|d| d.validation_status == ValidationStatus::Valid).map(|d| d.record))
        .collect();
    let unsure: Vec<usize> = (0..records.len()).filter(|&i| records[i].is_none()).collect();
    if unsure.is_empty() {
        return Ok(records);
    }
    let inputs = unsure.iter().map(|&i| GetInput::new(hashes[i].clone().into(), options.clone())).collect();
    for (i, record) in unsure.into_iter().zip(HDK.with(|h| h.borrow().get(inputs))?) {
        records[i] = record;
    }
    Ok(records)
}

/// What `get` answers for `hash` ([`get_many`] of one hash), at a twentieth
/// of its cost when this agent holds the record valid.
pub fn get_record(hash: ActionHash, options: GetOptions) -> ExternResult<Option<Record>> {
    Ok(get_many(std::slice::from_ref(&hash), options)?.pop().flatten())
}

/// `get_links` of every query in `queries`, in one host call (the conductor
/// runs them concurrently). Same order as `queries`.
pub fn get_links_many(queries: Vec<LinkQuery>, strategy: GetStrategy) -> ExternResult<Vec<Vec<Link>>> {
    if queries.is_empty() {
        return Ok(vec![]);
    }
    let inputs = queries.into_iter().map(|q| GetLinksInput::from_query(q, strategy)).collect();
    HDK.with(|h| h.borrow().get_links(inputs))
}

/// [`get_local_first`] of every hash: one batched local read, then one
/// batched network read of those this agent does not hold. Same order as
/// `hashes`.
pub fn get_local_first_many(hashes: &[ActionHash]) -> ExternResult<Vec<Option<Record>>> {
    let mut records = get_many(hashes, GetOptions::local())?;
    let missing: Vec<usize> = (0..records.len()).filter(|&i| records[i].is_none()).collect();
    let fetched = get_many(&missing.iter().map(|&i| hashes[i].clone()).collect::<Vec<_>>(), GetOptions::network())?;
    for (i, record) in missing.into_iter().zip(fetched) {
        records[i] = record;
    }
    Ok(records)
}

/// [`original_of`] of every hash, walking all the chains back together: one
/// batched read per step back instead of one read per step per hash. Same
/// order as `hashes`; `None` where a revision cannot be found. Errors when
/// a chain is longer than [`MAX_REVISIONS`].
pub fn originals_of(hashes: &[ActionHash]) -> ExternResult<Vec<Option<ActionHash>>> {
    Ok(original_records(hashes)?.into_iter().map(|r| r.map(|r| r.action_address().clone())).collect())
}

/// The first revision (the create) of the chain each hash belongs to, as a
/// record: [`originals_of`] for callers that read the original next. Same
/// order as `hashes`; `None` where a revision cannot be found.
pub fn original_records(hashes: &[ActionHash]) -> ExternResult<Vec<Option<Record>>> {
    let mut originals: Vec<Option<Record>> = vec![None; hashes.len()];
    // (index into `hashes`, the revision that chain is at)
    let mut walking: Vec<(usize, ActionHash)> = hashes.iter().cloned().enumerate().collect();
    for _ in 0..MAX_REVISIONS {
        if walking.is_empty() {
            return Ok(originals);
        }
        let records = get_local_first_many(&walking.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>())?;
        let mut next = Vec::new();
        for ((i, _), record) in walking.into_iter().zip(records) {
            let Some(record) = record else { continue };
            match record.action() {
                Action::Update(update) => next.push((i, update.original_action_address.clone())),
                _ => originals[i] = Some(record),
            }
        }
        walking = next;
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// [`latest_revision`] of every hash, following all the chains forward
/// together: one batched `get_details` per step. Same order as `hashes`;
/// `None` where a hash cannot be found. Errors when a chain is longer than
/// [`MAX_REVISIONS`].
pub fn latest_revisions(hashes: &[ActionHash]) -> ExternResult<Vec<Option<Record>>> {
    let mut latest: Vec<Option<Record>> = vec![None; hashes.len()];
    let first = get_record_details_many(hashes, GetOptions::network())?;
    // (index into `hashes`, the details of the revision that chain is at)
    let mut walking: Vec<(usize, RecordDetails)> =
        first.into_iter().enumerate().filter_map(|(i, d)| d.map(|d| (i, d))).collect();
    for _ in 0..MAX_REVISIONS {
        let mut following: Vec<(usize, Record, ActionHash)> = Vec::new();
        for (i, details) in walking {
            match earliest_update(&details) {
                Some(next) => following.push((i, details.record, next)),
                None => latest[i] = Some(details.record),
            }
        }
        if following.is_empty() {
            return Ok(latest);
        }
        let nexts = get_record_details_many(
            &following.iter().map(|(_, _, n)| n.clone()).collect::<Vec<_>>(),
            GetOptions::network(),
        )?;
        walking = Vec::new();
        for ((i, record, _), next) in following.into_iter().zip(nexts) {
            match next {
                Some(details) => walking.push((i, details)),
                // The update is announced but not reachable yet: the last reachable revision is the answer.
                None => latest[i] = Some(record),
            }
        }
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// The update of `details`' revision that its chain follows: the earliest
/// (timestamp, then hash), as every reader decides it.
fn earliest_update(details: &RecordDetails) -> Option<ActionHash> {
    details.updates.iter().min_by_key(|u| (u.action().timestamp(), u.as_hash().clone())).map(|u| u.as_hash().clone())
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
    Ok(linked_records_many(vec![query])?.pop().unwrap_or_default())
}

/// [`linked_records`] of every query in `queries` (same order), in two
/// batched reads for all of them: the links, then the records.
pub fn linked_records_many(queries: Vec<LinkQuery>) -> ExternResult<Vec<Vec<Record>>> {
    let count = queries.len();
    // (index of the query, a linked record's hash), oldest link first per query.
    let mut cited: Vec<(usize, ActionHash)> = Vec::new();
    for (i, mut links) in get_links_many(queries, GetStrategy::Network)?.into_iter().enumerate() {
        links.sort_by_key(|l| l.timestamp);
        cited.extend(links.into_iter().filter_map(|l| l.target.into_action_hash()).map(|h| (i, h)));
    }
    let records = get_many(&cited.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>(), GetOptions::network())?;
    let mut out: Vec<Vec<Record>> = vec![Vec::new(); count];
    for ((i, _), record) in cited.into_iter().zip(records) {
        out[i].extend(record);
    }
    Ok(out)
}

/// The page size a paginated read (`find_resources`,
/// `get_resource_history_page`) uses when the caller gives none.
pub const DEFAULT_PAGE_LIMIT: u32 = 20;
/// The largest page a paginated read returns.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// The page size of the paginated read `call`: `limit`, or
/// [`DEFAULT_PAGE_LIMIT`] when absent. Errors: "<call>: limit must be
/// between 1 and 100" (outside `1..=MAX_PAGE_LIMIT`).
pub fn page_limit(call: &str, limit: Option<u32>) -> ExternResult<u32> {
    let limit = limit.unwrap_or(DEFAULT_PAGE_LIMIT);
    if !(1..=MAX_PAGE_LIMIT).contains(&limit) {
        return Err(guest_error(format!("{call}: limit must be between 1 and {MAX_PAGE_LIMIT}")));
    }
    Ok(limit)
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
    match get_record(hash.clone(), GetOptions::local())? {
        Some(record) => Ok(Some(record)),
        None => get_record(hash.clone(), GetOptions::network()),
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
        let next = earliest_update(&details);
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
