//! History rules read from an author's own chain (enforcement source 3 of
//! `docs/enforcement.md`): "the cited revision is still current for
//! its author", "the event was applied by its claimant", "this index link
//! already exists". Each reads the author's chain back from a given action,
//! which is immutable, so every peer reaches the same verdict; a chain not
//! yet held makes the op retry, never Invalid. Shared by the integrity zomes,
//! which call them from every op that carries the data and from
//! RegisterAgentActivity.
//!
//! [`chain_back`] reads the newest [`RECENT_ACTIONS`] actions one at a time
//! (`must_get_action`) and the rest with `must_get_agent_activity` (in
//! chunks that double from the top down), so that
//! a rule about the actions of the same zome call (an index link to the
//! entry written just before it, an update citing the event written just
//! before it) can be decided as soon as a peer holds those actions, before
//! it has integrated them. With `must_get_agent_activity` alone, a peer that
//! receives a whole zome call's ops at once can integrate none of them until
//! its next validation round (up to 3 s later in Holochain 0.6): that was
//! most of the 2.6-2.8 s every write took to become visible to another agent.
use hdi::prelude::*;

use crate::{held_record, EconomicResource, ECONOMIC_RESOURCE_ENTRY_INDEX, RESOURCE_INTEGRITY};

/// How many of the newest actions [`chain_back`] reads one at a time before
/// it reads the rest as integrated agent activity: more than one zome call of
/// this DNA writes (at most about eight actions), so the integrated part
/// starts in an earlier call.
pub const RECENT_ACTIONS: usize = 16;

/// How many actions [`chain_back`]'s first read of integrated activity asks
/// for (each next read asks for twice as many as the one before).
pub const FIRST_ACTIVITY_CHUNK: u32 = 32;

/// `author`'s actions from `chain_top` back to their genesis, newest first,
/// ending early at `until` (included) when it is one of them.
/// Deterministic: each action is immutable and names the one before it.
/// Errors (the op retries) while an action is not held yet; errors for good
/// when `chain_top` or an action it leads to is not by `author`.
///
/// The integrated part is asked for with `until` as its lower bound
/// (`ChainFilter::until_hash`), so a rule about a revision reads the chain
/// only back to it, not to genesis: an authority that cannot place `until`
/// on the author's chain ignores the bound and returns the chain to genesis,
/// and the walk still stops at `until` in memory, so the verdict is the same
/// either way. It is read in chunks from the top down
/// ([`FIRST_ACTIVITY_CHUNK`] actions, then each chunk twice the one before),
/// so an op that must wait for a part not integrated yet costs a read down to
/// that part, not of the whole chain, each time Holochain retries it.
pub fn chain_back(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    until: Option<&ActionHash>,
) -> ExternResult<Vec<SignedActionHashed>> {
    chain_back_since(author, chain_top, until, None)
}

/// [`chain_back`] that also ends before the first action dated before
/// `not_before` (excluded): for a rule about actions that cite a record,
/// which are never dated before [`cited_not_before`] that record, so none
/// lies beyond (the timestamps of one chain only grow). This bounds the read
/// when the cited record is on another agent's chain, where `until` never
/// matches. The integrated part is asked for with `ChainFilter::until_timestamp`
/// as well, and the walk applies both bounds in memory, so every authority
/// reaches the same verdict.
pub fn chain_back_since(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    until: Option<&ActionHash>,
    not_before: Option<Timestamp>,
) -> ExternResult<Vec<SignedActionHashed>> {
    let before_bound = |action: &SignedActionHashed| not_before.is_some_and(|t| action.action().timestamp() < t);
    let stop = |action: &SignedActionHashed| Some(&action.hashed.hash) == until;
    let mut actions = Vec::new();
    let mut next = chain_top.clone();
    for _ in 0..RECENT_ACTIONS {
        let action = must_get_action(next.clone())?;
        if action.action().author() != author {
            return Err(wasm_error!(WasmErrorInner::Guest(format!(
                "the chain read from {chain_top} leaves the chain of {author}"
            ))));
        }
        if before_bound(&action) {
            return Ok(actions);
        }
        let previous = action.action().prev_action().cloned();
        let done = stop(&action);
        actions.push(action);
        match previous {
            Some(previous) if !done => next = previous,
            _ => return Ok(actions),
        }
    }
    // The rest is read as integrated activity, in chunks that double from the
    // top down (`FIRST_ACTIVITY_CHUNK`, then twice as many, ...): together the
    // same actions as one read, but a peer that has not integrated part of the
    // range yet (catching up on an author's recent actions, each waiting op
    // retried every validation round) stops at the first chunk that reaches
    // it, instead of reading the whole chain to the hole on every retry.
    let mut chunk = FIRST_ACTIVITY_CHUNK;
    loop {
        // An authority places the timestamp bound by the first action dated at or
        // after it anywhere on the chain; when the filter's own top is already
        // older, that action lies above the top, and Holochain 0.6 then answers
        // IncompleteChain (the op would retry for ever): stop here instead.
        if not_before.is_some() && before_bound(&must_get_action(next.clone())?) {
            return Ok(actions);
        }
        let mut filter = ChainFilter::new(next.clone()).take(chunk);
        if let Some(until) = until {
            filter = filter.until_hash(until.clone());
        }
        if let Some(not_before) = not_before {
            filter = filter.until_timestamp(not_before);
        }
        let activity = must_get_agent_activity(author.clone(), filter)?;
        let full = activity.len() == chunk as usize;
        let mut previous = None;
        for activity in activity {
            if before_bound(&activity.action) {
                return Ok(actions);
            }
            let done = stop(&activity.action);
            previous = activity.action.action().prev_action().cloned();
            actions.push(activity.action);
            if done {
                return Ok(actions);
            }
        }
        // A chunk shorter than asked ended at genesis or at a bound.
        match previous {
            Some(previous) if full => next = previous,
            _ => return Ok(actions),
        }
        chunk = chunk.saturating_mul(2);
    }
}

/// The newest part of `history` (an author's actions, newest first, read
/// back by [`chain_back`] from some top) that [`chain_back_since`] from the
/// same top with bounds `until` and `not_before` returns: it ends at the first
/// action dated before `not_before` (excluded) or at `until` (included).
/// For a rule that reads a longer history for one check and the bounded
/// part for another, without reading the chain twice.
pub fn bounded_part<'a>(
    history: &'a [SignedActionHashed],
    until: &ActionHash,
    not_before: Timestamp,
) -> &'a [SignedActionHashed] {
    let mut end = 0;
    for action in history {
        if action.action().timestamp() < not_before {
            break;
        }
        end += 1;
        if &action.hashed.hash == until {
            break;
        }
    }
    &history[..end]
}

/// The earliest time an action citing `cited` may be dated: the cited
/// action's own timestamp less this network's clock tolerance
/// ([`crate::clock_tolerance_seconds`]). A citation is written after what it
/// cites, so only a clock running behind the cited author's by more than the
/// tolerance, or a forged one, dates it earlier. Errors (the op retries)
/// while `cited` is not held.
pub fn cited_not_before(cited: &ActionHash) -> ExternResult<Timestamp> {
    let timestamp = must_get_action(cited.clone())?.action().timestamp();
    let tolerance = i64::try_from(crate::clock_tolerance_seconds()?).unwrap_or(i64::MAX).saturating_mul(1_000_000);
    Ok(Timestamp(timestamp.0.saturating_sub(tolerance)))
}

/// The dating rule of an action that cites a record (an EconomicEvent its
/// `resource_inventoried_as`, an EconomicResource update the revision it
/// updates, a ValidationReceipt its `validated_item`): `action_time` (µs) is
/// not before [`cited_not_before`] `cited`. `Ok(Ok(bound))` carries that
/// bound, where the history rules' read of the author's chain may stop
/// ([`chain_back_since`]): every citation of `cited` lies after it. The
/// inner `Err` is "<what> must not be dated before <cited_name> by more than
/// the network's clock tolerance (<n> s): check this device's clock".
pub fn check_dated_after(
    what: &str,
    cited_name: &str,
    action_time: Timestamp,
    cited: &ActionHash,
) -> ExternResult<Result<Timestamp, String>> {
    let bound = cited_not_before(cited)?;
    if action_time < bound {
        return Ok(Err(format!(
            "{what} must not be dated before {cited_name} by more than the network's clock tolerance ({} s): check this device's clock",
            crate::clock_tolerance_seconds()?
        )));
    }
    Ok(Ok(bound))
}

/// The updates of `revision` among `history` (actions read by [`chain_back`]).
pub fn updates_in(history: &[SignedActionHashed], revision: &ActionHash) -> Vec<ActionHash> {
    history
        .iter()
        .filter_map(|action| match &action.hashed.content {
            Action::Update(update) if &update.original_action_address == revision => Some(action.hashed.hash.clone()),
            _ => None,
        })
        .collect()
}

/// The author's updates of `revision` on their chain up to `chain_top`.
/// An update names its revision, so it comes after the revision wherever
/// both are on one chain: the read stops at `revision` when the author wrote
/// it, and otherwise at [`cited_not_before`] it, since no valid update of a
/// revision is dated earlier (the dating rule of an EconomicResource update).
fn updates_of(author: &AgentPubKey, chain_top: &ActionHash, revision: &ActionHash) -> ExternResult<Vec<ActionHash>> {
    let not_before = cited_not_before(revision)?;
    Ok(updates_in(&chain_back_since(author, chain_top, Some(revision), Some(not_before))?, revision))
}

/// Whether `author` already superseded `revision` on their chain up to
/// `chain_top` (pass the validated action's `prev_action` for "before this
/// action"). Only a revision's custodian may supersede it, so "current" is a
/// fact of one chain: an event, a declaration or a second update that cites
/// a revision its author already handed on is stale.
pub fn superseded_by_author(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    revision: &crate::RevisionHash,
) -> ExternResult<bool> {
    Ok(!updates_of(author, chain_top, &revision.0)?.is_empty())
}

/// Whether the author of `history` (a chain read by [`chain_back`] that
/// reaches back at least to `revision`, or to genesis) applied the
/// EconomicEvent `event_hash` (which starts from `revision`): they wrote the
/// update of `revision` whose `last_event` is `event_hash`. A claim's event
/// must be one its claimant applied, or it never reached the resource.
pub fn applied_in(
    history: &[SignedActionHashed],
    revision: &crate::RevisionHash,
    event_hash: &ActionHash,
) -> ExternResult<bool> {
    for update in updates_in(history, &revision.0) {
        // Written in the same call as the claim: read as held (its own rules are the update's).
        let next = held_record::<EconomicResource>(
            &update,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "update",
            "an EconomicResource",
        )?;
        if next.is_ok_and(|(_, resource)| resource.last_event.as_ref() == Some(event_hash)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the author of `link` already created the same link (same zome,
/// link type, base and target) earlier on their chain: an index holds each
/// target once (no resource indexed twice under its
/// specification, no profile twice under the agents anchor).
///
/// A link names its target, so an earlier link to a target the same author
/// wrote comes after the target on their chain: the read stops there, and a
/// link written right after its target (its `prev_action` is the target)
/// has nothing to read — which keeps the index link of a record written in
/// the same call from waiting for that record to reach its validator.
pub fn link_created_before(link: &CreateLink) -> ExternResult<bool> {
    let target = link.target_address.clone().into_action_hash();
    if target.as_ref() == Some(&link.prev_action) {
        return Ok(false);
    }
    let history = chain_back(&link.author, &link.prev_action, target.as_ref())?;
    Ok(history.iter().any(|action| match &action.hashed.content {
        Action::CreateLink(earlier) => {
            earlier.zome_index == link.zome_index
                && earlier.link_type == link.link_type
                && earlier.base_address == link.base_address
                && earlier.target_address == link.target_address
        }
        _ => false,
    }))
}

/// "<link_name> link already exists: an index holds each target once", when
/// [`link_created_before`]; else Valid.
pub fn validate_index_link_once(link: &CreateLink, link_name: &str) -> ExternResult<ValidateCallbackResult> {
    Ok(crate::verdict(!link_created_before(link)?, || {
        format!("{link_name} link already exists: an index holds each target once")
    }))
}

/// The governance entries of type `entry_index` that `author` created on
/// their chain up to and including `chain_top` (pass the validated action's
/// `prev_action` for "before this action"), read back only as far as `since`
/// when it is on the author's chain (for entries that name `since`, none can
/// come before it there), newest first, decoded as `T`, with their action
/// hashes; entries that do not decode as `T` are skipped. Deterministic: the
/// chain up to `chain_top` is immutable; a chain not yet held makes the op
/// retry ([`chain_back`]).
pub fn earlier_entries_since<T>(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    since: Option<&ActionHash>,
    entry_index: u8,
) -> ExternResult<Vec<(ActionHash, T)>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    entries_in(&chain_back(author, chain_top, since)?, entry_index)
}

/// The governance entries of type `entry_index` among `history` (actions
/// read by [`chain_back`]), newest first, decoded as `T`, with their action
/// hashes; entries that do not decode as `T` are skipped. Lets one chain
/// read serve several history rules of one op.
pub fn entries_in<T>(history: &[SignedActionHashed], entry_index: u8) -> ExternResult<Vec<(ActionHash, T)>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    zome_entries_in(history, crate::GOVERNANCE_INTEGRITY, entry_index)
}

/// [`entries_in`] for the entries of any integrity zome (`zome_name`).
///
/// An entry is read from the copy that an index link among `history` carries
/// in its tag ([`crate::CarriedTarget`]: a receipt's `ValidatedItemToReceipts`
/// link, a decision's `CommitmentToDecisions` link, a claim's
/// `CommitmentToClaims` and `EconomicEventToClaims` links, each written in the
/// same call right after it), once that copy hashes to the action's entry hash; else it
/// is fetched (`must_get_entry`, the op retries until it is held). The verdict
/// is the same either way (the hash is the entry), but a rule that looks at
/// every receipt a validator wrote since an item's time reads no entry of
/// an honest chain, where each fetch is a store query, or a network request
/// on a peer that does not hold the entry.
pub fn zome_entries_in<T>(
    history: &[SignedActionHashed],
    zome_name: &str,
    entry_index: u8,
) -> ExternResult<Vec<(ActionHash, T)>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let zome = crate::integrity_zome_index(zome_name)?;
    entries_of_type(history, zome, entry_index, |hash| Ok(must_get_entry(hash.clone())?.into_content()))
}

/// [`zome_entries_in`] for the zome at `zome_index`, fetching with `fetch`
/// each entry no link of `history` carries a true copy of.
fn entries_of_type<T>(
    history: &[SignedActionHashed],
    zome_index: ZomeIndex,
    entry_index: u8,
    fetch: impl Fn(&EntryHash) -> ExternResult<Entry>,
) -> ExternResult<Vec<(ActionHash, T)>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let wanted: Vec<(&ActionHash, &EntryHash)> = history
        .iter()
        .filter_map(|action| match &action.hashed.content {
            Action::Create(create) => match &create.entry_type {
                EntryType::App(def) if def.zome_index == zome_index && def.entry_index.0 == entry_index => {
                    Some((&action.hashed.hash, &create.entry_hash))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut copies = carried_entries(history, &wanted);
    let mut found = Vec::new();
    for (hash, entry_hash) in wanted {
        // Hashed in place (what `hash_entry` does), so the copy is not cloned to be checked.
        let checked = copies.remove(hash).map(EntryHashed::from_content_sync).filter(|e| e.as_hash() == entry_hash);
        let entry = match checked {
            Some(copy) => copy.into_content(),
            None => fetch(entry_hash)?,
        };
        let Entry::App(bytes) = entry else { continue };
        if let Ok(entry) = T::try_from(bytes.into_sb()) {
            found.push((hash.clone(), entry));
        }
    }
    Ok(found)
}

/// The entries that the links among `history` carry in their tags
/// ([`crate::CarriedTarget`] with an entry), by target, for the targets in
/// `wanted` only (no other tag is decoded). Not checked: the caller compares
/// each with its action's entry hash. The first such link (the newest) wins.
fn carried_entries(
    history: &[SignedActionHashed],
    wanted: &[(&ActionHash, &EntryHash)],
) -> std::collections::BTreeMap<ActionHash, Entry> {
    let wanted: std::collections::BTreeSet<&ActionHash> = wanted.iter().map(|(hash, _)| *hash).collect();
    let mut copies = std::collections::BTreeMap::new();
    for action in history {
        let Action::CreateLink(link) = &action.hashed.content else { continue };
        let Some(target) = link.target_address.clone().into_action_hash() else { continue };
        if copies.contains_key(&target) || !wanted.contains(&target) {
            continue;
        }
        if let Some(crate::CarriedTarget { entry: Some(entry), .. }) = crate::CarriedTarget::from_link_tag(&link.tag) {
            copies.insert(target, entry);
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_records::{chain_action, genesis};
    use hdi::hdi::{set_hdi, ErrHdi, HdiT};
    use std::cell::RefCell;

    thread_local! {
        /// How many actions each `must_get_agent_activity` call of the test's thread read.
        static ACTIVITY_READS: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    }

    /// The sample author's chain: genesis, then actions 1..=`top` dated 10 µs
    /// apart, all held, all integrated but the actions in `not_integrated`.
    /// `must_get_agent_activity` answers as Holochain 0.6 does
    /// (`Sequences::find_sequences`, then IncompleteChain when any action of
    /// the range is not integrated), newest first.
    struct FakeChain {
        actions: Vec<SignedActionHashed>,
        not_integrated: Vec<u32>,
    }

    fn fake_chain(top: u8, not_integrated: &[u32]) -> FakeChain {
        let mut actions = vec![genesis(0)];
        actions.extend((1..=top).map(|n| chain_action(n, i64::from(n) * 10)));
        FakeChain { actions, not_integrated: not_integrated.to_vec() }
    }

    impl FakeChain {
        fn seq_of(&self, hash: &ActionHash) -> Option<u32> {
            self.actions.iter().position(|a| &a.hashed.hash == hash).map(|i| i as u32)
        }
    }

    impl HdiT for FakeChain {
        fn must_get_action(&self, input: MustGetActionInput) -> ExternResult<SignedActionHashed> {
            let seq = self.seq_of(&input.0).ok_or(wasm_error!(WasmErrorInner::Guest("not held".into())))?;
            Ok(self.actions[seq as usize].clone())
        }
        fn must_get_agent_activity(
            &self,
            input: MustGetAgentActivityInput,
        ) -> ExternResult<Vec<RegisterAgentActivity>> {
            let filter = input.chain_filter;
            let top =
                self.seq_of(&filter.chain_top).ok_or(wasm_error!(WasmErrorInner::Guest("ChainTopNotFound".into())))?;
            let mut distance = top;
            if let Some(hashes) = filter.get_until_hash() {
                let highest = hashes.iter().filter_map(|h| self.seq_of(h)).filter(|s| *s <= top).max().unwrap_or(0);
                distance = top - highest;
            }
            if let Some(until) = filter.get_until_timestamp() {
                let first = self.actions.iter().position(|a| a.action().timestamp() >= until).map(|i| i as u32);
                if let Some(first) = first.filter(|s| *s <= top && top - *s <= distance) {
                    distance = top - first;
                }
            }
            let start = match filter.get_take() {
                Some(take) if take <= distance => top + 1 - take,
                _ => top - distance,
            };
            ACTIVITY_READS.with(|r| r.borrow_mut().push((top - start + 1) as usize));
            if self.not_integrated.iter().any(|s| (start..=top).contains(s)) {
                return Err(wasm_error!(WasmErrorInner::Guest("IncompleteChain".into())));
            }
            Ok((start..=top)
                .rev()
                .map(|s| RegisterAgentActivity { action: self.actions[s as usize].clone(), cached_entry: None })
                .collect())
        }
        fn verify_signature(&self, input: VerifySignature) -> ExternResult<bool> {
            ErrHdi.verify_signature(input)
        }
        fn must_get_entry(&self, input: MustGetEntryInput) -> ExternResult<EntryHashed> {
            ErrHdi.must_get_entry(input)
        }
        fn must_get_valid_record(&self, input: MustGetValidRecordInput) -> ExternResult<Record> {
            ErrHdi.must_get_valid_record(input)
        }
        fn dna_info(&self, input: ()) -> ExternResult<DnaInfo> {
            ErrHdi.dna_info(input)
        }
        fn zome_info(&self, input: ()) -> ExternResult<ZomeInfo> {
            ErrHdi.zome_info(input)
        }
        fn trace(&self, input: TraceMsg) -> ExternResult<()> {
            ErrHdi.trace(input)
        }
        fn x_salsa20_poly1305_decrypt(
            &self,
            input: XSalsa20Poly1305Decrypt,
        ) -> ExternResult<Option<XSalsa20Poly1305Data>> {
            ErrHdi.x_salsa20_poly1305_decrypt(input)
        }
        fn x_25519_x_salsa20_poly1305_decrypt(
            &self,
            input: X25519XSalsa20Poly1305Decrypt,
        ) -> ExternResult<Option<XSalsa20Poly1305Data>> {
            ErrHdi.x_25519_x_salsa20_poly1305_decrypt(input)
        }
        fn ed_25519_x_salsa20_poly1305_decrypt(
            &self,
            input: Ed25519XSalsa20Poly1305Decrypt,
        ) -> ExternResult<XSalsa20Poly1305Data> {
            ErrHdi.ed_25519_x_salsa20_poly1305_decrypt(input)
        }
    }

    /// `chain_back_since` from the top of a fake chain of `top` actions with
    /// the bounds given: the sequence numbers it returns (or the error) and
    /// the size of each integrated-activity read.
    fn read_back(
        top: u8,
        not_integrated: &[u32],
        until: Option<u8>,
        not_before: Option<i64>,
    ) -> (Result<Vec<u32>, String>, Vec<usize>) {
        set_hdi(fake_chain(top, not_integrated));
        ACTIVITY_READS.with(|r| r.borrow_mut().clear());
        let author = AgentPubKey::from_raw_36(vec![2; 36]);
        let until = until.map(|n| ActionHash::from_raw_36(vec![n; 36]));
        let read = chain_back_since(
            &author,
            &ActionHash::from_raw_36(vec![top; 36]),
            until.as_ref(),
            not_before.map(Timestamp),
        )
        .map(|actions| numbers(&actions))
        .map_err(|e| format!("{e:?}"));
        (read, ACTIVITY_READS.with(|r| r.borrow().clone()))
    }

    /// The chunks return together what one read would: every action from the
    /// top to genesis, or to a bound, in order; after the newest
    /// `RECENT_ACTIONS` read one at a time, each chunk asks for twice the one
    /// before, and one shorter than asked (genesis or a bound) ends the read.
    #[test]
    fn chain_back_reads_the_integrated_part_in_doubling_chunks() {
        let (read, chunks) = read_back(200, &[], None, None);
        assert_eq!(read.unwrap(), (0..=200).rev().collect::<Vec<u32>>());
        assert_eq!(chunks, vec![32, 64, 89]);
        // A chunk that ends exactly at the action after genesis: one more read for genesis.
        let (read, chunks) = read_back(48, &[], None, None);
        assert_eq!(read.unwrap(), (0..=48).rev().collect::<Vec<u32>>());
        assert_eq!(chunks, vec![32, 1]);
        // Bounded by an action of the chain: it is the last one returned.
        let (read, chunks) = read_back(200, &[], Some(150), None);
        assert_eq!(read.unwrap(), (150..=200).rev().collect::<Vec<u32>>());
        assert_eq!(chunks, vec![32, 3]);
        // Bounded by time (action n is dated 10·n): actions dated at or after it.
        let (read, chunks) = read_back(200, &[], None, Some(1000));
        assert_eq!(read.unwrap(), (100..=200).rev().collect::<Vec<u32>>());
        assert_eq!(chunks, vec![32, 53]);
        // Within the one-at-a-time part: no activity read.
        let (read, chunks) = read_back(200, &[], Some(190), None);
        assert_eq!(read.unwrap(), (190..=200).rev().collect::<Vec<u32>>());
        assert!(chunks.is_empty());
    }

    /// A peer that has not integrated an action of the range (catching up on
    /// the author's writes) fails the read at the chunk that holds it (the op
    /// waits and is retried), having read that far rather than all 185
    /// actions below the one-at-a-time part; an action not integrated within
    /// the one-at-a-time part does not matter (it is read as held).
    #[test]
    fn chain_back_fails_at_the_chunk_that_holds_an_action_not_integrated() {
        let (read, chunks) = read_back(200, &[170], None, None);
        assert!(read.unwrap_err().contains("IncompleteChain"));
        assert_eq!(chunks, vec![32]);
        let (read, chunks) = read_back(200, &[120], None, None);
        assert!(read.unwrap_err().contains("IncompleteChain"));
        assert_eq!(chunks, vec![32, 64]);
        let (read, chunks) = read_back(200, &[190], None, None);
        assert_eq!(read.unwrap().len(), 201);
        assert_eq!(chunks, vec![32, 64, 89]);
    }

    /// A sample entry for [`entries_of_type`]'s tests.
    #[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
    struct Sample {
        n: u32,
    }

    fn sample_entry(n: u32) -> Entry {
        Entry::App(AppEntryBytes(SerializedBytes::try_from(Sample { n }).unwrap()))
    }

    /// Action `seq` of the sample author: a Create of entry type (zome 1,
    /// `entry_index`) holding `entry`, with hash bytes all `seq`.
    fn create_of(seq: u8, entry_index: u8, entry: &Entry) -> SignedActionHashed {
        let action = Action::Create(Create {
            author: AgentPubKey::from_raw_36(vec![2; 36]),
            timestamp: Timestamp(i64::from(seq)),
            action_seq: seq.into(),
            prev_action: ActionHash::from_raw_36(vec![seq - 1; 36]),
            entry_type: EntryType::App(AppEntryDef::new(entry_index.into(), 1.into(), EntryVisibility::Public)),
            entry_hash: hash_entry(entry.clone()).unwrap(),
            weight: EntryRateWeight::default(),
        });
        SignedActionHashed::with_presigned(
            ActionHashed::with_pre_hashed(action, ActionHash::from_raw_36(vec![seq; 36])),
            Signature([0; 64]),
        )
    }

    /// Action `seq`: a CreateLink to `target` whose tag carries `target`'s
    /// action and `entry` as its copy (true or forged).
    fn link_carrying(seq: u8, target: &SignedActionHashed, entry: &Entry) -> SignedActionHashed {
        let tag =
            crate::CarriedTarget { action: target.action().clone(), entry: Some(entry.clone()) }.to_link_tag().unwrap();
        let action = Action::CreateLink(CreateLink {
            author: AgentPubKey::from_raw_36(vec![2; 36]),
            timestamp: Timestamp(i64::from(seq)),
            action_seq: seq.into(),
            prev_action: ActionHash::from_raw_36(vec![seq - 1; 36]),
            base_address: AnyLinkableHash::from(ActionHash::from_raw_36(vec![9; 36])),
            target_address: AnyLinkableHash::from(target.hashed.hash.clone()),
            zome_index: 1.into(),
            link_type: 0.into(),
            tag,
            weight: RateWeight::default(),
        });
        SignedActionHashed::with_presigned(
            ActionHashed::with_pre_hashed(action, ActionHash::from_raw_36(vec![seq; 36])),
            Signature([0; 64]),
        )
    }

    /// An entry is read from a link's copy when that copy hashes to the
    /// action's entry hash, and fetched otherwise: with no link, with a
    /// forged copy. The result is the same either way: the entries of the
    /// type asked for, newest first, each the one its action wrote.
    #[test]
    fn entries_are_read_from_true_copies_and_fetched_otherwise() {
        let (e1, e2, e3, other) = (sample_entry(1), sample_entry(2), sample_entry(3), sample_entry(4));
        let c1 = create_of(1, 5, &e1);
        let c2 = create_of(3, 5, &e2);
        let c3 = create_of(4, 5, &e3);
        let c4 = create_of(6, 6, &other);
        // Newest first: a link whose copy is forged (another entry), C3, a Create of another type,
        // C2 (no link), the link carrying C1's true copy, C1.
        let history = vec![
            link_carrying(7, &c3, &sample_entry(99)),
            c4,
            c3.clone(),
            c2.clone(),
            link_carrying(2, &c1, &e1),
            c1.clone(),
        ];
        let fetched = RefCell::new(Vec::new());
        let held = [(e1.clone(), &c1), (e2.clone(), &c2), (e3.clone(), &c3)];
        let fetch = |hash: &EntryHash| {
            fetched.borrow_mut().push(hash.clone());
            let (entry, _) = held.iter().find(|(e, _)| &hash_entry(e.clone()).unwrap() == hash).unwrap();
            Ok(entry.clone())
        };
        let found: Vec<(ActionHash, Sample)> = entries_of_type(&history, 1.into(), 5, fetch).unwrap();
        assert_eq!(
            found,
            vec![
                (c3.hashed.hash.clone(), Sample { n: 3 }),
                (c2.hashed.hash.clone(), Sample { n: 2 }),
                (c1.hashed.hash.clone(), Sample { n: 1 }),
            ]
        );
        // C3 (its copy forged) and C2 (no copy) fetched; C1 read from its link.
        assert_eq!(fetched.into_inner(), vec![hash_entry(e3).unwrap(), hash_entry(e2).unwrap()]);
    }

    /// Newest first: actions 5, 4, 3, 2, 1 dated 50, 40, 30, 20, 10.
    fn history() -> Vec<SignedActionHashed> {
        (1..=5).rev().map(|n| chain_action(n, i64::from(n) * 10)).collect()
    }

    fn numbers(part: &[SignedActionHashed]) -> Vec<u32> {
        part.iter().map(|a| a.action().action_seq()).collect()
    }

    /// `bounded_part` keeps what `chain_back_since` with the same bounds
    /// returns: up to `until` included, before the first action dated
    /// before `not_before`, whichever comes first.
    #[test]
    fn bounded_part_stops_at_until_or_the_time_bound() {
        let history = history();
        let h = |n: u8| ActionHash::from_raw_36(vec![n; 36]);
        assert_eq!(numbers(bounded_part(&history, &h(3), Timestamp(0))), vec![5, 4, 3]);
        assert_eq!(numbers(bounded_part(&history, &h(1), Timestamp(35))), vec![5, 4]);
        assert_eq!(numbers(bounded_part(&history, &h(9), Timestamp(30))), vec![5, 4, 3]);
        assert_eq!(numbers(bounded_part(&history, &h(9), Timestamp(0))), vec![5, 4, 3, 2, 1]);
        assert!(bounded_part(&history, &h(5), Timestamp(60)).is_empty());
        // Already bounded: unchanged.
        let part = bounded_part(&history, &h(3), Timestamp(0)).to_vec();
        assert_eq!(numbers(bounded_part(&part, &h(3), Timestamp(0))), vec![5, 4, 3]);
    }
}
