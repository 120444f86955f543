//! Fetching a cited record in validation and checking what it is
//! (enforcement source 2: credentials by reference).
use hdi::prelude::*;

/// The zome index of the integrity zome named `zome_name` in this DNA.
/// Errors when the DNA has no such zome (a build error, not a verdict).
pub fn integrity_zome_index(zome_name: &str) -> ExternResult<ZomeIndex> {
    dna_info()?
        .zome_names
        .iter()
        .position(|n| n.0.as_ref() == zome_name)
        .map(|i| ZomeIndex(i as u8))
        .ok_or(wasm_error!(WasmErrorInner::Guest(format!("no integrity zome named {zome_name} in this DNA"))))
}

/// Whether `record` was written as the app entry `entry_index` of zome `zome_name`.
pub fn is_app_entry(record: &Record, zome_name: &str, entry_index: u8) -> ExternResult<bool> {
    is_app_action(record.action(), zome_name, entry_index)
}

/// Fetches the valid record at `hash` and decodes it as `T`, checking FIRST
/// that it is the app entry `entry_index` of zome `zome_name` (decoding alone
/// checks nothing).
///
/// Outer `Err`: the host could not answer yet (missing data: the op is
/// retried) or the record is itself invalid. Inner `Err(message)`: the cited
/// record is of another type; `message` is `"<what> must reference <type_name>"` (`type_name` with its article).
pub fn typed_record<T>(
    hash: &ActionHash,
    zome_name: &str,
    entry_index: u8,
    what: &str,
    type_name: &str,
) -> ExternResult<Result<(Record, T), String>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    typed(must_get_valid_record(hash.clone())?, zome_name, entry_index, what, type_name)
}

/// `record` decoded as `T` once checked to be the app entry `entry_index` of
/// zome `zome_name`: the second half of [`typed_record`] and [`held_record`],
/// for a record fetched some other way. Inner `Err`: "<what> must reference <type_name>".
pub fn typed<T>(
    record: Record,
    zome_name: &str,
    entry_index: u8,
    what: &str,
    type_name: &str,
) -> ExternResult<Result<(Record, T), String>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    Ok(typed_entry(record.action(), record.entry().as_option(), zome_name, entry_index, what, type_name)?
        .map(|t| (record, t)))
}

/// The entry `entry` written by `action`, decoded as `T` once the action is
/// checked to write the app entry `entry_index` of zome `zome_name`: the
/// check [`typed`] makes of a record, and [`link_target_record`] of the copy
/// a link carries. Inner `Err`: "<what> must reference <type_name>" (also
/// when there is no entry); outer `Err`: "<type_name> does not decode".
pub fn typed_entry<T>(
    action: &Action,
    entry: Option<&Entry>,
    zome_name: &str,
    entry_index: u8,
    what: &str,
    type_name: &str,
) -> ExternResult<Result<T, String>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let wrong = || Err(format!("{what} must reference {type_name}"));
    if !is_app_action(action, zome_name, entry_index)? {
        return Ok(wrong());
    }
    let Some(Entry::App(bytes)) = entry else {
        return Ok(wrong());
    };
    T::try_from(bytes.clone().into_sb())
        .map(Ok)
        .map_err(|e| wasm_error!(WasmErrorInner::Guest(format!("{type_name} does not decode: {e}"))))
}

/// [`typed_record`] for a record its reader's own op was written with, in
/// the same zome call by the same author (an index link's target, the event
/// an update applies, the update a claim says applied its event): the record
/// as soon as this peer holds it (`must_get_action` and `must_get_entry`),
/// validated or not. Waiting for its validity instead makes a peer that
/// receives the whole call at once wait for its next validation round (up to
/// 3 s in Holochain 0.6) before it can show any of it. Callers check that the
/// record's author is their op's author, and either the rule does not depend
/// on the record's validity (an index link to a rejected record points at
/// nothing `get` returns) or they decide the record's own rules themselves.
///
/// Outer `Err`: not held yet (the op retries). Inner `Err(message)`: as
/// [`typed_record`], "<what> must reference <type_name>".
pub fn held_record<T>(
    hash: &ActionHash,
    zome_name: &str,
    entry_index: u8,
    what: &str,
    type_name: &str,
) -> ExternResult<Result<(Record, T), String>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let action = must_get_action(hash.clone())?;
    // The type first: an entry of another type (a private one, say) is never fetched.
    let zome_index = integrity_zome_index(zome_name)?;
    let entry_hash = match action.action().entry_data() {
        Some((entry_hash, EntryType::App(def))) if def.zome_index == zome_index && def.entry_index.0 == entry_index => {
            entry_hash.clone()
        }
        _ => return Ok(Err(format!("{what} must reference {type_name}"))),
    };
    let entry = must_get_entry(entry_hash)?.into_content();
    typed(Record::new(action, Some(entry)), zome_name, entry_index, what, type_name)
}

/// The copy of its target an index link's tag carries
/// ([`crate::CarriedTarget`]), once checked to be the target: its action
/// hashes to `target` (`hash_action`) and its entry, if any, to the
/// action's entry hash (`hash_entry`), so it is the target whoever wrote the
/// tag. Reads nothing: on a peer that has not received the target yet the
/// link's rules are still decided at once (see the module doc of
/// `crate::carried`).
///
/// `Ok(Ok(None))`: the tag carries no copy (the caller reads the target as
/// held). Inner `Err`: "<link_name> link tag must carry a copy of its target".
pub fn carried_target(
    tag: &LinkTag,
    target: &ActionHash,
    link_name: &str,
) -> ExternResult<Result<Option<crate::CarriedTarget>, String>> {
    let Some(carried) = crate::CarriedTarget::from_link_tag(tag) else {
        return Ok(Ok(None));
    };
    let wrong = || Ok(Err(format!("{link_name} link tag must carry a copy of its target")));
    if &hash_action(carried.action.clone())? != target {
        return wrong();
    }
    if let Some(entry) = &carried.entry {
        if Some(&hash_entry(entry.clone())?) != carried.action.entry_hash() {
            return wrong();
        }
    }
    Ok(Ok(Some(carried)))
}

/// The action of an index link's target: the copy the link's tag carries
/// ([`carried_target`]), else the target as held (`must_get_action`; the op
/// retries until it is). Inner `Err`: as [`carried_target`].
pub fn link_target_action(tag: &LinkTag, target: &ActionHash, link_name: &str) -> ExternResult<Result<Action, String>> {
    Ok(match carried_target(tag, target, link_name)? {
        Ok(Some(carried)) => Ok(carried.action),
        Ok(None) => Ok(must_get_action(target.clone())?.hashed.content),
        Err(e) => Err(e),
    })
}

/// The target of an index link written in the same call, as [`held_record`]
/// decides it (its type checked first, then decoded as `T`), from the copy
/// the link's tag carries when that holds the entry ([`carried_target`]),
/// else as held. Inner `Err`: as [`carried_target`], or "<what> must
/// reference <type_name>".
#[allow(clippy::too_many_arguments)]
pub fn link_target_record<T>(
    tag: &LinkTag,
    target: &ActionHash,
    link_name: &str,
    zome_name: &str,
    entry_index: u8,
    what: &str,
    type_name: &str,
) -> ExternResult<Result<(Action, T), String>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let carried = match carried_target(tag, target, link_name)? {
        Ok(Some(crate::CarriedTarget { action, entry: Some(entry) })) => Some((action, entry)),
        Ok(_) => None,
        Err(e) => return Ok(Err(e)),
    };
    let Some((action, entry)) = carried else {
        return Ok(held_record::<T>(target, zome_name, entry_index, what, type_name)?
            .map(|(record, t)| (record.action().clone(), t)));
    };
    // Judged as the held record would be: the same type check and decoding.
    Ok(typed_entry(&action, Some(&entry), zome_name, entry_index, what, type_name)?.map(|t| (action, t)))
}

/// Whether `action` wrote the app entry `entry_index` of zome `zome_name`
/// ([`is_app_entry`] for an action without its record).
pub fn is_app_action(action: &Action, zome_name: &str, entry_index: u8) -> ExternResult<bool> {
    let zome_index = integrity_zome_index(zome_name)?;
    Ok(
        matches!(action.entry_type(), Some(EntryType::App(def)) if def.zome_index == zome_index && def.entry_index.0 == entry_index),
    )
}

/// Longest revision chain [`first_revision`] walks (a malformed chain cannot loop forever).
pub const MAX_REVISION_HOPS: usize = 10_000;

/// The first revision (the Create) of the chain of updates that `hash`
/// belongs to, following each update's `original_action_address` (every
/// nondominium update names the revision right before it). Deterministic:
/// actions are immutable. Errors when an action cannot be fetched yet or the
/// chain is longer than [`MAX_REVISION_HOPS`].
pub fn first_revision(hash: &ActionHash) -> ExternResult<SignedActionHashed> {
    let mut current = must_get_action(hash.clone())?;
    for _ in 0..MAX_REVISION_HOPS {
        match current.action() {
            Action::Update(update) => current = must_get_action(update.original_action_address.clone())?,
            _ => return Ok(current),
        }
    }
    Err(wasm_error!(WasmErrorInner::Guest("revision chain too long".into())))
}

/// The app entry a Create action wrote, decoded as `T` (for the
/// RegisterAgentActivity op, which carries the action but not the entry).
/// Errors when the entry cannot be fetched yet (the op retries) or does not
/// decode.
pub fn created_entry<T>(action: &Create) -> ExternResult<T>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    entry_at(&action.entry_hash)
}

/// The app entry an Update action wrote, decoded as `T` (as [`created_entry`]).
pub fn updated_entry<T>(action: &Update) -> ExternResult<T>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    entry_at(&action.entry_hash)
}

fn entry_at<T>(entry_hash: &EntryHash) -> ExternResult<T>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    match must_get_entry(entry_hash.clone())?.into_content() {
        Entry::App(bytes) => {
            T::try_from(bytes.into_sb()).map_err(|e| wasm_error!(WasmErrorInner::Guest(e.to_string())))
        }
        _ => Err(wasm_error!(WasmErrorInner::Guest("expected an app entry".into()))),
    }
}

/// The specification `resource` conforms to, fetched in validation and
/// checked for its entry type (enforcement source 2). Outer `Err`: the host
/// cannot answer yet; inner `Err`: "EconomicResource conforms_to must
/// reference a ResourceSpecification". Use with `cited!`.
pub fn specification_of(
    resource: &crate::EconomicResource,
) -> ExternResult<Result<(Record, crate::ResourceSpecification), String>> {
    crate::typed_record::<crate::ResourceSpecification>(
        &resource.conforms_to,
        crate::RESOURCE_INTEGRITY,
        crate::RESOURCE_SPECIFICATION_ENTRY_INDEX,
        "EconomicResource conforms_to",
        "a ResourceSpecification",
    )
}

/// The validators of the receipts at `approvals`, which a revision cites as
/// its approvals (`what` names the citing field): each must be a valid
/// ValidationReceipt of `validation_type` approving `item`, and each
/// validator may count once (the receipt's author). Inner `Err`: the
/// rejection message — `typed_record`'s, "<what> must be approving
/// <validation_type> receipts about <about>", or "<what> must come from
/// distinct validators".
pub fn approving_validators(
    what: &str,
    approvals: &[ActionHash],
    validation_type: crate::ValidationType,
    item: &ActionHash,
    about: &str,
) -> ExternResult<Result<Vec<AgentPubKey>, String>> {
    let mut validators: Vec<AgentPubKey> = Vec::new();
    for hash in approvals {
        let (record, receipt) = match typed_record::<crate::ValidationReceipt>(
            hash,
            crate::GOVERNANCE_INTEGRITY,
            crate::VALIDATION_RECEIPT_ENTRY_INDEX,
            what,
            "a ValidationReceipt",
        )? {
            Ok(found) => found,
            Err(e) => return Ok(Err(e)),
        };
        if receipt.validation_type != validation_type || &receipt.validated_item != item || !receipt.approved {
            return Ok(Err(format!("{what} must be approving {validation_type} receipts about {about}")));
        }
        let validator = record.action().author().clone();
        if validators.contains(&validator) {
            return Ok(Err(format!("{what} must come from distinct validators")));
        }
        validators.push(validator);
    }
    Ok(Ok(validators))
}
