//! Rules of `EconomicEvent` (spec §4.3.1). The governance zome validates
//! every event with them; the resource zome runs them too on the event an
//! update applies when the same custodian wrote both in one zome call, so it
//! can decide the update without waiting for the event's own validation
//! (`crate::held_record`).
use hdi::prelude::*;

use crate::{
    check_event_against_resource, check_event_fields, check_pairing, check_receiver_credentials, check_stated_time,
    check_usage_limits, cited, effects_of, first_revision, invalid, specification_of, typed_record, EconomicEvent,
    EconomicResource, ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY,
    RESOURCE_INTEGRITY,
};

/// What an event's dating rule calls the revision it cites.
const REVISION_CITED: &str = "the revision it cites (resource_inventoried_as)";

/// Create: field rules; the author is the provider (no one records an event
/// that gives away what another holds); `resource_inventoried_as` is a valid
/// EconomicResource revision and the event fits it under its action's row of
/// the ValueFlows table (`check_event_against_resource`: the revision is
/// Validated — REQ-GOV-02 —, the provider holds it, quantities suffice, only
/// the action's effects are set); `contained_in`, when given, is an
/// EconomicResource; the rules of the resource's specification that bind one
/// event hold (REQ-GOV-09: the receiver's cited credentials meet
/// `transfer_conditions`/`access_requirement`, the quantity meets
/// `usage_limit`, a custody transfer under `transfer_conditions.same_location`
/// does not move the resource); `event_time` is within the stated-time skew of the
/// action's timestamp; the action is not dated before the revision it cites
/// by more than the network's clock tolerance (`crate::check_dated_after`);
/// `contained_in` is never the resource itself; an output
/// half of a VF pair follows its input half (`check_pairing`); an
/// `InitialTransfer` meets its own rules ([`validate_initial_transfer`]);
/// and the history rules ([`validate_economic_event_history`]).
pub fn validate_create_economic_event(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    let verdict = validate_economic_event_rules(action, event)?;
    if verdict != ValidateCallbackResult::Valid {
        return Ok(verdict);
    }
    validate_economic_event_history(action, event)
}

/// Every rule of [`validate_create_economic_event`] but the history rules:
/// what the event's content and the records it cites decide.
pub fn validate_economic_event_rules(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_event_fields(event) {
        invalid!("{e}");
    }
    if event.provider != action.author {
        invalid!("EconomicEvent provider must be the author");
    }
    if let Err(e) = check_stated_time("EconomicEvent", "event_time", event.event_time, action.timestamp) {
        invalid!("{e}");
    }
    let (_, resource) = cited!(typed_record::<EconomicResource>(
        &event.resource_inventoried_as.0,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EconomicEvent resource_inventoried_as",
        "an EconomicResource",
    ));
    if let Err(e) =
        crate::check_dated_after("EconomicEvent", REVISION_CITED, action.timestamp, &event.resource_inventoried_as.0)?
    {
        invalid!("{e}");
    }
    if let Err(e) = check_event_against_resource(event, &resource) {
        invalid!("{e}");
    }
    if let Some(container) = &event.contained_in {
        cited!(typed_record::<EconomicResource>(
            &container.0,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "EconomicEvent contained_in",
            "an EconomicResource",
        ));
        if first_revision(&container.0)?.hashed.hash == first_revision(&event.resource_inventoried_as.0)?.hashed.hash {
            invalid!("EconomicEvent contained_in must be another resource: a resource cannot contain itself");
        }
    }
    let last = match &resource.last_event {
        None => None,
        Some(last) => Some(
            cited!(typed_record::<EconomicEvent>(
                last,
                GOVERNANCE_INTEGRITY,
                ECONOMIC_EVENT_ENTRY_INDEX,
                "EconomicResource last_event",
                "an EconomicEvent",
            ))
            .1,
        ),
    };
    if let Err(e) = check_pairing(event.action, last.as_ref().map(|l| l.action)) {
        invalid!("{e}");
    }
    if let Err(e) = crate::check_pair_in_process(event, last.as_ref()) {
        invalid!("{e}");
    }
    if let Some((side, id)) = crate::process_side(event) {
        let (_, process) = cited!(crate::cited_process(id, &format!("EconomicEvent {side}"), &action.author));
        let resource_id = crate::ResourceId(first_revision(&event.resource_inventoried_as.0)?.hashed.hash);
        if let Err(e) = crate::check_event_in_process(event, &process, &resource_id, &crate::input_resources(&process)?)
        {
            invalid!("{e}");
        }
        // A release (a Dropoff where the resource is, a Modify with no new state: what
        // cancelling a Transport or Repair records) changes nothing and waits for no one.
        let release = matches!(event.action, crate::VfAction::Dropoff | crate::VfAction::Modify)
            && event.to_location.is_none()
            && event.state.is_none();
        if event.output_of.is_some() && !(release && event.process_approvals.is_empty()) {
            let what = "EconomicEvent process_approvals";
            if let Err(e) = crate::check_process_approvals(what, process.process_type, id, &event.process_approvals)? {
                invalid!("{e}");
            }
        }
    }
    if event.output_of.is_none() && !event.process_approvals.is_empty() {
        invalid!("EconomicEvent process_approvals must be empty outside a process completion (output_of)");
    }
    let (_, spec) = cited!(specification_of(&resource));
    if let Err(e) = check_receiver_credentials(&spec, event)? {
        invalid!("{e}");
    }
    if let Err(e) = check_usage_limits(&spec, event.action, event.resource_quantity) {
        invalid!("EconomicEvent resource_quantity breaks {e}");
    }
    if let Err(e) = crate::check_transfer_location(
        &spec,
        event.action,
        resource.current_location.as_deref(),
        event.to_location.as_deref(),
    ) {
        invalid!("EconomicEvent breaks {e}");
    }
    if effects_of(event.action).nondominium.creator_once {
        let verdict = validate_initial_transfer(event)?;
        if verdict != ValidateCallbackResult::Valid {
            return Ok(verdict);
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The history rules of an event, read from the author's chain before it
/// (enforcement source 3; also run for the RegisterAgentActivity op, so the
/// author's neighbours enforce them too):
/// - the action is not dated before the cited revision by more than the
///   clock tolerance (also a content rule; here for the neighbours, and it
///   bounds the read: no event or update citing the revision is dated earlier);
/// - the cited revision is current for its author: they have not already
///   superseded it (a former custodian cannot act on a revision they handed
///   on);
/// - one event per revision per author: a revision is superseded once, by
///   the revision citing its one event, so a second event from the same
///   revision could never be applied (and a rights holder cannot promise the
///   rights to two receivers while the custodian has not applied the first);
/// - at most one `InitialTransfer` per provider (REQ-USER-S-07);
/// - a custody move away (`TransferCustody`, `Transfer`, `InitialTransfer` to
///   another agent) of a resource that one of the author's open processes
///   holds is that process's completion (`output_of`): a Use under way or a
///   Storage for its duration keeps the resource where it is (REQ-PROC-01/03);
/// - an event of a process (`input_of`/`output_of`) names one InProgress.
pub fn validate_economic_event_history(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    // An event names its revision, so on the chain of the revision's author none
    // comes before it, nor does an update of it; an InitialTransfer (at most one
    // per provider) reads the whole chain. One read serves both rules.
    // When the revision is on another agent's chain (a new custodian's first
    // event, a rights holder's), the read stops at the time before which no
    // event or update citing it is dated (the dating rule, checked here too
    // for the RegisterAgentActivity op).
    let not_before = match crate::check_dated_after(
        "EconomicEvent",
        REVISION_CITED,
        action.timestamp,
        &event.resource_inventoried_as.0,
    )? {
        Ok(bound) => bound,
        Err(e) => invalid!("{e}"),
    };
    let creator_once = effects_of(event.action).nondominium.creator_once;
    let custody_moves = moves_custody_away(event);
    // A custody move reads further back: the process that holds the resource
    // may have started before the cited revision, though not before the
    // custody it cites began ([`custody_not_before`]).
    let history = if creator_once {
        crate::chain_back(&action.author, &action.prev_action, None)?
    } else if custody_moves {
        let since = match custody_not_before(&event.resource_inventoried_as.0)? {
            Ok(since) => since,
            Err(e) => invalid!("{e}"),
        };
        crate::chain_back_since(&action.author, &action.prev_action, None, Some(since.min(not_before)))?
    } else {
        crate::chain_back_since(
            &action.author,
            &action.prev_action,
            Some(&event.resource_inventoried_as.0),
            Some(not_before),
        )?
    };
    // Every update of the cited revision and every event citing it lies in the
    // bounded part, whatever else the read covers for the rules below: only its
    // events are decoded (one entry read each), not those of the whole chain.
    let since_cited = crate::bounded_part(&history, &event.resource_inventoried_as.0, not_before);
    if !crate::updates_in(since_cited, &event.resource_inventoried_as.0).is_empty() {
        invalid!("EconomicEvent resource_inventoried_as was already superseded by its author: an event must start from the current revision");
    }
    let earlier = crate::entries_in::<EconomicEvent>(
        if creator_once { &history } else { since_cited },
        ECONOMIC_EVENT_ENTRY_INDEX,
    )?;
    if earlier.iter().any(|(_, e)| e.resource_inventoried_as == event.resource_inventoried_as) {
        invalid!("EconomicEvent resource_inventoried_as already has an event by this author: one event per revision, which the next revision cites");
    }
    if creator_once && earlier.iter().any(|(_, e)| e.action == event.action) {
        invalid!(
            "EconomicEvent {:?} was already made by this provider: only the first transfer is initial",
            event.action
        );
    }
    // A resource an open process of its custodian holds (a Use under way, a Storage
    // whose storer keeps it for the duration; REQ-PROC-01/03) changes custody only
    // through that process's completion (`output_of`): no other transfer meanwhile.
    if custody_moves {
        let resource = crate::ResourceId(first_revision(&event.resource_inventoried_as.0)?.hashed.hash);
        for (id, process, inputs) in crate::open_processes_in(&history)? {
            if inputs.contains(&resource) && event.output_of.as_ref() != Some(&id) {
                invalid!(
                    "EconomicEvent {:?} cannot move custody of a resource held by an open {:?} process ({:?}): \
                     only that process's completion (output_of) hands it on; complete or cancel it first",
                    event.action,
                    process.process_type,
                    process.status
                );
            }
        }
    }
    // An event of a process happens while the process is InProgress, as its starter's chain shows.
    if let Some((side, id)) = crate::process_side(event) {
        let (_, initial) = cited!(crate::cited_process(id, &format!("EconomicEvent {side}"), &action.author));
        let status = crate::process_status_on_chain(&action.author, &action.prev_action, id, initial)?;
        if status != crate::ProcessStatus::InProgress {
            invalid!("EconomicEvent {side} must name a process that is InProgress (it is {status:?})");
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// How far back on the custodian's chain a move of the custody of `revision`
/// (the revision the event cites) must read for the open processes that
/// hold the resource: [`crate::cited_not_before`] the revision where the
/// current custody began (the cited revision's `custody_since`, or the
/// cited revision itself when it began it). `Err` when `revision` is not an
/// EconomicResource (the event's other rules reject that too).
///
/// Sound for the custodian's processes that hold the resource because each
/// cites, as its input, a Validated revision of this custody, which is not
/// dated before the custody began by more than the clock tolerance:
/// - the custody's first citable revision itself, which the process is not
///   dated before by more than the tolerance (the process's dating rule);
/// - a later revision of it, which the custodian wrote (only the custodian
///   writes revisions) after an event citing an earlier one of the custody,
///   each dated after what it cites within the tolerance, the first after
///   the custody's first revision; the process comes after it on their chain;
/// - not a revision of an earlier custody of theirs: they superseded each one
///   (the last by the revision that moved the custody away), and a process's
///   inputs must be current for its starter.
///
/// A Use its starter began as a borrower (REQ-USER-A-04), before the custody
/// came to them, is not counted: it was begun on someone else's custody.
fn custody_not_before(revision: &ActionHash) -> ExternResult<Result<Timestamp, String>> {
    let resource = match typed_record::<EconomicResource>(
        revision,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EconomicEvent resource_inventoried_as",
        "an EconomicResource",
    )? {
        Ok((_, resource)) => resource,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(crate::cited_not_before(resource.custody_since.as_ref().unwrap_or(revision))?))
}

/// Whether `event` hands custody to someone else: its action moves the
/// whole on-hand quantity to the receiver (VF `onhandEffect`
/// decrementIncrement: `TransferCustody`, `Transfer`, `InitialTransfer`)
/// and the receiver is not the provider.
fn moves_custody_away(event: &EconomicEvent) -> bool {
    effects_of(event.action).onhand_effect == crate::QuantityEffect::DecrementIncrement
        && event.receiver != event.provider
}

/// `InitialTransfer` (REQ-USER-S-07): a Simple Agent's first transfer, of a
/// resource they created, to an Accountable Agent. The provider created the
/// resource (its first revision's author). (The Accountable receiver is one
/// of the event's receiver requirements, checked with the others by
/// `check_receiver_credentials`; at most one per provider is a history rule:
/// [`validate_economic_event_history`].)
pub fn validate_initial_transfer(event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    if first_revision(&event.resource_inventoried_as.0)?.action().author() != &event.provider {
        invalid!("EconomicEvent InitialTransfer must be of a resource the provider created");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The EconomicEvent at `hash` that an op by `author` cites as `what` (an
/// update's `last_event`, a claim's `fulfilled_by`), with its record. When
/// another agent recorded it, it must be valid ([`typed_record`]). When
/// `author` recorded it — in the same zome call, as `record_event`,
/// `transfer_custody` and `claim_commitment` do — it is read as soon as it is
/// held ([`crate::held_record`]) and its rules are decided here, by
/// [`validate_create_economic_event`], so the citing op gets the same verdict
/// without waiting for the event's own validation round (its history rules
/// are the event's own ops' to decide, but for the first-transfer rule).
///
/// Inner `Err`: "<what> must reference an EconomicEvent", or "<what> is not
/// a valid EconomicEvent: <the event's rejection>".
pub fn cited_event(
    hash: &ActionHash,
    author: &AgentPubKey,
    what: &str,
) -> ExternResult<Result<(Record, EconomicEvent), String>> {
    if must_get_action(hash.clone())?.action().author() != author {
        return typed_record::<EconomicEvent>(
            hash,
            GOVERNANCE_INTEGRITY,
            ECONOMIC_EVENT_ENTRY_INDEX,
            what,
            "an EconomicEvent",
        );
    }
    let (record, event) = match crate::held_record::<EconomicEvent>(
        hash,
        GOVERNANCE_INTEGRITY,
        ECONOMIC_EVENT_ENTRY_INDEX,
        what,
        "an EconomicEvent",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let Action::Create(create) = record.action() else {
        return Ok(Err(format!("{what} must reference an EconomicEvent")));
    };
    // The event's history rules, but for the first-transfer one, add nothing
    // the citing update does not decide itself (its author superseded the
    // revision once, with this event), and they read the author's chain back
    // to the revision: not repeated here.
    let mut verdict = validate_economic_event_rules(create, &event)?;
    if verdict == ValidateCallbackResult::Valid && effects_of(event.action).nondominium.creator_once {
        verdict = validate_economic_event_history(create, &event)?;
    }
    match verdict {
        ValidateCallbackResult::Valid => Ok(Ok((record, event))),
        ValidateCallbackResult::Invalid(e) => Ok(Err(format!("{what} is not a valid EconomicEvent: {e}"))),
        unresolved => Err(wasm_error!(WasmErrorInner::Guest(format!("{what}: {unresolved:?}")))),
    }
}
