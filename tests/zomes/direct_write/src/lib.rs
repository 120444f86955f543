//! TEST ONLY — never part of the production hApp (`workdir/happ.yaml` does not
//! list it; only `tests/workdir/happ.yaml` does).
//!
//! A coordinator that writes whatever bytes a test gives it as any entry
//! type, update, delete or link, skipping every check a production
//! coordinator makes. The tests use it to prove that each rule holds in the
//! integrity zomes, the only code every honest peer runs: the author's own
//! conductor must refuse the write with the rule's message, and a rogue whose
//! self-validation is off gets its write rejected by honest peers.
use hdk::prelude::*;

/// A raw entry: `entry` is the MessagePack encoding of the entry struct.
#[derive(Serialize, Deserialize, Debug)]
pub struct CreateRawInput {
    pub zome_index: u8,
    pub entry_index: u8,
    #[serde(with = "serde_bytes")]
    pub entry: Vec<u8>,
    /// Written as a private entry (the entry type must be private).
    #[serde(default)]
    pub private: bool,
}

/// A raw update of `original` with new MessagePack `entry` bytes (same entry type).
#[derive(Serialize, Deserialize, Debug)]
pub struct UpdateRawInput {
    pub original: ActionHash,
    #[serde(with = "serde_bytes")]
    pub entry: Vec<u8>,
}

/// A raw link of integrity zome `zome_index`'s link type `link_type`.
#[derive(Serialize, Deserialize, Debug)]
pub struct CreateLinkRawInput {
    pub base: AnyLinkableHash,
    pub target: AnyLinkableHash,
    pub zome_index: u8,
    pub link_type: u8,
    #[serde(with = "serde_bytes")]
    pub tag: Vec<u8>,
}

/// What this peer holds about a record: whether `get` finds it, whether the
/// entry's content came with it (never, for a private entry), and the
/// validation status in this peer's own store.
#[derive(Serialize, Deserialize, Debug)]
pub struct LocalView {
    pub found_by_get: bool,
    /// Whether this peer's own store returns it (`get` with the local
    /// strategy): what this peer itself would serve to others.
    pub found_locally: bool,
    pub entry_content_found: bool,
    pub local_validation_status: Option<String>,
}

fn app_entry(bytes: Vec<u8>) -> Entry {
    Entry::App(AppEntryBytes(SerializedBytes::from(UnsafeBytes::from(bytes))))
}

/// Creates an app entry of any type from raw bytes. Returns its action hash.
#[hdk_extern]
pub fn create_raw(input: CreateRawInput) -> ExternResult<ActionHash> {
    let location = EntryDefLocation::App(AppEntryDefLocation {
        zome_index: ZomeIndex(input.zome_index),
        entry_def_index: EntryDefIndex(input.entry_index),
    });
    HDK.with(|h| {
        h.borrow().create(CreateInput::new(
            location,
            if input.private { EntryVisibility::Private } else { EntryVisibility::Public },
            app_entry(input.entry),
            ChainTopOrdering::default(),
        ))
    })
}

/// Updates `original` with raw bytes. Returns the update's action hash.
#[hdk_extern]
pub fn update_raw(input: UpdateRawInput) -> ExternResult<ActionHash> {
    HDK.with(|h| {
        h.borrow().update(UpdateInput {
            original_action_address: input.original,
            entry: app_entry(input.entry),
            chain_top_ordering: ChainTopOrdering::default(),
        })
    })
}

/// Deletes the record at `hash`. Returns the delete's action hash.
#[hdk_extern]
pub fn delete_raw(hash: ActionHash) -> ExternResult<ActionHash> {
    delete_entry(hash)
}

/// Creates a raw link. Returns its action hash.
#[hdk_extern]
pub fn create_link_raw(input: CreateLinkRawInput) -> ExternResult<ActionHash> {
    HDK.with(|h| {
        h.borrow().create_link(CreateLinkInput::new(
            input.base,
            input.target,
            ZomeIndex(input.zome_index),
            LinkType(input.link_type),
            LinkTag(input.tag),
            ChainTopOrdering::default(),
        ))
    })
}

/// Which links of one integrity zome's link type start from a base.
#[derive(Serialize, Deserialize, Debug)]
pub struct LiveLinksInput {
    pub base: AnyLinkableHash,
    pub zome_index: u8,
    pub link_type: u8,
}

/// The targets of the links of `input`'s type from its base that are not
/// deleted, as this peer holds them (`GetStrategy::Local`): what a test needs
/// to see that a coordinator removed an index link.
#[hdk_extern]
pub fn live_links(input: LiveLinksInput) -> ExternResult<Vec<AnyLinkableHash>> {
    let query =
        LinkQuery::new(input.base, LinkTypeFilter::single_type(ZomeIndex(input.zome_index), LinkType(input.link_type)));
    Ok(get_links(query, GetStrategy::Local)?.into_iter().map(|l| l.target).collect())
}

/// Deletes the link created at `hash`. Returns the delete's action hash.
#[hdk_extern]
pub fn delete_link_raw(hash: ActionHash) -> ExternResult<ActionHash> {
    delete_link(hash, GetOptions::network())
}

/// What this peer sees of `hash`: `get` from the network, and the validation
/// status of the record in this peer's own store (`GetOptions::local()`).
#[hdk_extern]
pub fn local_view(hash: ActionHash) -> ExternResult<LocalView> {
    let record = get(hash.clone(), GetOptions::network())?;
    let found_by_get = record.is_some();
    let entry_content_found = record.is_some_and(|r| r.entry().as_option().is_some());
    let found_locally = get(hash.clone(), GetOptions::local())?.is_some();
    let local_validation_status = match get_details(hash, GetOptions::local())? {
        Some(Details::Record(d)) => Some(format!("{:?}", d.validation_status)),
        Some(Details::Entry(d)) => Some(format!("{:?}", d.entry_dht_status)),
        None => None,
    };
    Ok(LocalView { found_by_get, found_locally, entry_content_found, local_validation_status })
}

/// The record at `hash` as this peer can get it (its action's timestamp is
/// what a test needs to write a revision index link by hand).
#[hdk_extern]
pub fn get_record(hash: ActionHash) -> ExternResult<Option<Record>> {
    get(hash, GetOptions::network())
}

/// What `carried_tag` copies into a link tag: the action of the record at
/// `action_of`, and, when `entry_of` is given, the entry of the record there
/// (a different record than `action_of` forges the copy).
#[derive(Serialize, Deserialize, Debug)]
pub struct CarriedTagInput {
    pub action_of: ActionHash,
    pub entry_of: Option<ActionHash>,
}

/// The bytes of a `CarriedTarget` link tag (what the production coordinators
/// write for an index link made with its target), built from records this
/// peer can get: honest when `entry_of` is `action_of` or absent, forged
/// otherwise.
#[hdk_extern]
pub fn carried_tag(input: CarriedTagInput) -> ExternResult<serde_bytes::ByteBuf> {
    let record = |hash: &ActionHash| {
        get(hash.clone(), GetOptions::network())?
            .ok_or(wasm_error!(WasmErrorInner::Guest(format!("carried_tag: {hash} is not held"))))
    };
    let action = record(&input.action_of)?.action().clone();
    let entry = match &input.entry_of {
        Some(hash) => record(hash)?.entry().as_option().cloned(),
        None => None,
    };
    let tag = nondominium_types::CarriedTarget { action, entry }.to_link_tag()?;
    Ok(serde_bytes::ByteBuf::from(tag.0))
}

/// How many warrants this peer can see against `agent`.
#[hdk_extern]
pub fn warrant_count(agent: AgentPubKey) -> ExternResult<u32> {
    let activity = get_agent_activity(agent, ChainQueryFilter::new(), ActivityRequest::Full)?;
    Ok(activity.warrants.len() as u32)
}

/// The actions named by the invalid-op warrants this peer can see against
/// `agent`: which of the agent's writes a validator rejected (a fork warrant
/// names no single action and is left out).
#[hdk_extern]
pub fn warranted_actions(agent: AgentPubKey) -> ExternResult<Vec<ActionHash>> {
    let activity = get_agent_activity(agent, ChainQueryFilter::new(), ActivityRequest::Full)?;
    Ok(activity
        .warrants
        .iter()
        .filter_map(|w| match &w.data().proof {
            WarrantProof::ChainIntegrity(ChainIntegrityWarrant::InvalidChainOp { action, .. }) => {
                Some(action.0.clone())
            }
            WarrantProof::ChainIntegrity(ChainIntegrityWarrant::ChainFork { .. }) => None,
        })
        .collect())
}

/// The entry hash of the anchor path `path` (e.g. "all_agents"), the base of
/// index links, so a test can write an index link directly.
#[hdk_extern]
pub fn path_entry_hash(path: String) -> ExternResult<EntryHash> {
    Path::from(path).path_entry_hash()
}

/// This agent's Ed25519 signature of participation `terms` (their
/// MessagePack, as the governance coordinator signs them), so a test can
/// forge an attestation with real signatures of terms of its choice.
#[hdk_extern]
pub fn sign_participation_terms(terms: nondominium_types::ParticipationTerms) -> ExternResult<Signature> {
    sign(agent_info()?.agent_initial_pubkey, terms)
}

/// The `signed_data_hash` of participation `terms`.
#[hdk_extern]
pub fn hash_participation_terms(terms: nondominium_types::ParticipationTerms) -> ExternResult<EntryHash> {
    nondominium_types::terms_hash(&terms)
}

/// The timestamp (µs) of this agent's chain top: a record dated with
/// [`dated_record`] must come after it.
#[hdk_extern]
pub fn chain_top_time() -> ExternResult<Timestamp> {
    Ok(agent_info()?.chain_head.2)
}

/// A raw public app entry, the action timestamp its record claims and, for
/// an update, the record it updates.
#[derive(Serialize, Deserialize, Debug)]
pub struct DatedRecordInput {
    pub zome_index: u8,
    pub entry_index: u8,
    #[serde(with = "serde_bytes")]
    pub entry: Vec<u8>,
    /// The action's timestamp, as a conductor with a wrong (or forged) clock would write it.
    pub timestamp: Timestamp,
    /// The updated record: absent for a Create.
    #[serde(default)]
    pub original: Option<ActionHash>,
}

/// The record a Create (or, with `original`, an Update) of a raw public app
/// entry would be on this agent's chain top, dated `timestamp` instead of
/// now, signed by this agent — not committed. A conductor dates every action
/// itself; this is the record a rogue conductor dating its own actions would
/// produce. The test writes it through the admin API's `graft_records`,
/// which validates it as a commit (with `validate: true`) before inserting
/// it. Errors when `original` cannot be read.
#[hdk_extern]
pub fn dated_record(input: DatedRecordInput) -> ExternResult<Record> {
    let info = agent_info()?;
    let (head, seq, _) = info.chain_head;
    let entry = app_entry(input.entry);
    let entry_hash = hash_entry(entry.clone())?;
    let author = info.agent_initial_pubkey.clone();
    let entry_type = EntryType::App(AppEntryDef::new(
        EntryDefIndex(input.entry_index),
        ZomeIndex(input.zome_index),
        EntryVisibility::Public,
    ));
    let (timestamp, action_seq, prev_action, weight) = (input.timestamp, seq + 1, head, EntryRateWeight::default());
    let action = match input.original {
        None => Action::Create(Create { author, timestamp, action_seq, prev_action, entry_type, entry_hash, weight }),
        Some(original) => {
            let original_record = get(original.clone(), GetOptions::default())?.ok_or(wasm_error!(
                WasmErrorInner::Guest(format!("dated_record: the original {original} is not held"))
            ))?;
            let original_entry_address = original_record
                .action()
                .entry_hash()
                .cloned()
                .ok_or(wasm_error!(WasmErrorInner::Guest("dated_record: the original has no entry".into())))?;
            Action::Update(Update {
                author,
                timestamp,
                action_seq,
                prev_action,
                original_action_address: original,
                original_entry_address,
                entry_type,
                entry_hash,
                weight,
            })
        }
    };
    // A conductor signs the action's MessagePack encoding; `sign` signs the same bytes.
    let hash = hash_action(action.clone())?;
    let signature = sign(info.agent_initial_pubkey, &action)?;
    let signed = SignedActionHashed::with_presigned(ActionHashed::with_pre_hashed(action, hash), signature);
    Ok(Record::new(signed, Some(entry)))
}
