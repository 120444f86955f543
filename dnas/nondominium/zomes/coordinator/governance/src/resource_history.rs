//! The audit trail of a resource (REQ-USER-P-03, REQ-GOV-09): every
//! event in order, each with the commitment and claim it fulfilled, the
//! process it is a step of (REQ-PROC-09) and the resource state right after
//! it.
use hdk::prelude::*;
use nondominium_types::{process_side, EconomicEvent, EconomicProcess, EconomicResource, ProcessType};
use revisions::{decode_entry, get_local_first, get_local_first_many, guest_error, original_of, revision_chain};

use crate::claim::{claims_for_resource_events, ClaimWithCommitment};

/// One line of a resource's history: the event (with its hash), the revision
/// it produced (hash and content), the claims that cite the event, each
/// with its commitment, and the process the event is a step of, if any.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryEntry {
    pub event_hash: ActionHash,
    pub event: EconomicEvent,
    pub revision_hash: ActionHash,
    pub resource_after: EconomicResource,
    pub claims: Vec<ClaimWithCommitment>,
    pub process: Option<HistoryProcess>,
}

/// The process an event of the history is a step of (spec §4.2.4, VF
/// `inputOf`/`outputOf`): its first revision's hash (what `input_of` /
/// `output_of` name), what it was started as, and which side the event is.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryProcess {
    pub process_hash: ActionHash,
    pub process_type: ProcessType,
    pub name: String,
    pub started_by: AgentPubKey,
    /// `"input_of"` (the process's start step) or `"output_of"` (its completion step).
    pub side: String,
}

/// The history of the resource that `resource_hash` (any revision) belongs
/// to, oldest first: one entry per revision that cites a new event. Status
/// changes without an event (validation, end of life) are not events and
/// appear only as the `resource_after` of later entries. An event of a
/// process carries the process (read once per process), so a resource's
/// processes appear in order with their steps (REQ-PROC-09). After the walk
/// along the revisions, the events, their claims and their processes are
/// each read in one batched call (the claims from the resource's
/// `ResourceToClaims` links: one query). Its cost grows with the history;
/// [`get_resource_history_page`] reads one page from the latest.
/// Errors: "resource not found", "an event of the history cannot be found",
/// "a process of the history cannot be found".
#[hdk_extern]
pub fn get_resource_history(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<HistoryEntry>> {
    let resource_hash = resource_hash.read("get_resource_history")?;
    let original = original_of(&resource_hash)?.ok_or(guest_error("resource not found"))?;
    // The revisions that cite a new event, with that event.
    let mut steps: Vec<(Record, EconomicResource, ActionHash)> = Vec::new();
    for revision in revision_chain(&original)? {
        let resource: EconomicResource = decode_entry(&revision, "an EconomicResource revision")?;
        let previous_event = steps.last().map(|(_, _, e)| e);
        if let Some(event_hash) = resource.last_event.clone().filter(|e| previous_event != Some(e)) {
            steps.push((revision, resource, event_hash));
        }
    }
    history_entries(&original, steps)
}

/// Input of [`get_resource_history_page`]: the resource (any revision; its
/// `original_hash` costs one read, a later revision one per revision back to
/// it), at most `limit` entries (1-100, default 20), and `before`: the
/// `earlier` of the previous page of the same resource (absent: start from
/// the latest revision). A `before` of another resource pages through that
/// resource's history without its claims: it is the caller's cursor.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryPageInput {
    pub resource_hash: ActionHash,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub before: Option<ActionHash>,
}

/// A page of a resource's history, newest first. `earlier` is the `before`
/// of the next (older) page, present only when an older event exists (so
/// the next page is never empty); absent on the page that holds the oldest.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    pub earlier: Option<ActionHash>,
}

/// One page of [`get_resource_history`], newest first: the entries of the
/// revisions older than `before` (or from the latest revision), walking
/// back one revision at a time along each update's `original_action_address`
/// until `limit` revisions that cite a new event are found and one more
/// event is seen below them (or the first revision is reached), so its cost
/// is the page's, not the history's (a reader at 1000 events asks for 20).
/// A revision is an entry when its `last_event` differs from the one before
/// it (a validation flip or an end of life repeats it). Errors:
/// "get_resource_history_page: limit must be between 1 and 100",
/// "get_resource_history_page: before must be a revision_hash of an
/// EconomicResource", "resource not found", "a revision of the history
/// cannot be found", and those of [`get_resource_history`].
#[hdk_extern]
pub fn get_resource_history_page(input: revisions::Checked<HistoryPageInput>) -> ExternResult<HistoryPage> {
    let input = input.read("get_resource_history_page")?;
    let limit = revisions::page_limit("get_resource_history_page", input.limit)?;
    let not_a_revision =
        || guest_error("get_resource_history_page: before must be a revision_hash of an EconomicResource");
    let (original, start) = match &input.before {
        None => {
            let state = crate::resource_calls::get_economic_resource(input.resource_hash.clone())?
                .ok_or(guest_error("resource not found"))?;
            (state.original_hash, state.latest)
        }
        Some(before) => {
            let original = original_of(&input.resource_hash)?.ok_or(guest_error("resource not found"))?;
            let record = get_local_first(before)?.ok_or_else(not_a_revision)?;
            decode_entry::<EconomicResource>(&record, "an EconomicResource revision").map_err(|_| not_a_revision())?;
            let start = match record.action() {
                Action::Update(update) => {
                    get_local_first(&update.original_action_address)?.ok_or(guest_error("resource not found"))?
                }
                // The first revision has nothing older.
                _ => return Ok(HistoryPage { entries: vec![], earlier: None }),
            };
            (original, start)
        }
    };
    let decode = |record: &Record| decode_entry::<EconomicResource>(record, "an EconomicResource revision");
    let mut steps: Vec<(Record, EconomicResource, ActionHash)> = Vec::new();
    // Each revision is read and decoded once: as the older one of its successor, then as the current one.
    let mut resource = decode(&start)?;
    let mut current = start;
    let earlier = loop {
        let older = match current.action() {
            Action::Update(update) => {
                let record = get_local_first(&update.original_action_address)?
                    .ok_or(guest_error("a revision of the history cannot be found"))?;
                let content = decode(&record)?;
                Some((record, content))
            }
            _ => None,
        };
        let older_event = older.as_ref().and_then(|(_, content)| content.last_event.as_ref());
        if let Some(event_hash) = resource.last_event.clone().filter(|e| older_event != Some(e)) {
            if steps.len() == limit as usize {
                // One more event exists: the next page starts below this page's last entry.
                break steps.last().map(|(r, _, _)| r.action_address().clone());
            }
            steps.push((current, resource, event_hash));
        }
        match older {
            None => break None,
            Some((record, content)) => (current, resource) = (record, content),
        }
    };
    Ok(HistoryPage { entries: history_entries(&original, steps)?, earlier })
}

/// The history entries of `steps` (a revision, its content, the new event it
/// cites), in the order given: the events, their processes and their claims
/// each read in one batched call.
fn history_entries(
    original: &ActionHash,
    steps: Vec<(Record, EconomicResource, ActionHash)>,
) -> ExternResult<Vec<HistoryEntry>> {
    let event_hashes: Vec<ActionHash> = steps.iter().map(|(_, _, e)| e.clone()).collect();
    let mut events: Vec<EconomicEvent> = Vec::with_capacity(steps.len());
    for record in get_local_first_many(&event_hashes)? {
        let record = record.ok_or(guest_error("an event of the history cannot be found"))?;
        events.push(decode_entry(&record, "an EconomicEvent (last_event)")?);
    }
    // Each process once, in order of first appearance.
    let mut process_ids: Vec<ActionHash> = Vec::new();
    for (_, id) in events.iter().filter_map(process_side) {
        if !process_ids.contains(id) {
            process_ids.push(id.clone());
        }
    }
    let mut processes: Vec<EconomicProcess> = Vec::with_capacity(process_ids.len());
    for record in get_local_first_many(&process_ids)? {
        let record = record.ok_or(guest_error("a process of the history cannot be found"))?;
        processes.push(decode_entry(&record, "an EconomicProcess (input_of / output_of)")?);
    }
    let claims = claims_for_resource_events(original, &event_hashes)?;
    let mut history = Vec::with_capacity(steps.len());
    for (((revision, resource, event_hash), event), claims) in steps.into_iter().zip(events).zip(claims) {
        let process = process_side(&event).and_then(|(side, id)| {
            let p = &processes[process_ids.iter().position(|h| h == id)?];
            Some(HistoryProcess {
                process_hash: id.clone(),
                process_type: p.process_type,
                name: p.name.clone(),
                started_by: p.started_by.clone(),
                side: side.to_string(),
            })
        });
        history.push(HistoryEntry {
            process,
            claims,
            event_hash,
            event,
            revision_hash: revision.action_address().clone(),
            resource_after: resource,
        });
    }
    Ok(history)
}
