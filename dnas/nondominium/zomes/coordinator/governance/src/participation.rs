//! Private Participation Receipts (spec §4.3.6-4.3.9, §6.1, §6.3;
//! REQ-PPR-01..12, REQ-USER-A-11/13): every completed interaction — a Claim
//! of a commitment, an approving resource, process or end-of-life
//! validation — yields exactly two receipts, one private entry on each
//! party's chain, signed by both, and one public attestation.
//!
//! The flow, started automatically after the interaction commits
//! (`post_commit`), by its author (the issuer):
//! 1. the issuer derives the terms (`participation_terms`) and signs them;
//! 2. asks the counterparty for a signing grant (`open_participation_signing`,
//!    the one function open to any agent), an Assigned capability naming
//!    the issuer and listing only `sign_participation_claim`;
//! 3. calls `sign_participation_claim` under that grant with the terms, its
//!    signature and the records the counterparty may not hold yet (checked
//!    against their authors' signatures): the counterparty derives the terms
//!    itself, refuses any difference, checks the issuer's signature, signs,
//!    and writes its own receipt;
//! 4. writes its own receipt and the public `ParticipationAttestation`,
//!    which every peer validates against the interaction (integrity).
//!
//! Countersigning sessions are not in the default conductor build; this is
//! the remote-call form of the same agreement.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use governance_integrity::EntryTypes;
use hdk::prelude::*;
use nondominium_types::{
    check_bilateral_signature, integrity_zome_index, participation_terms, summarize, terms_hash, BilateralSignature,
    ParticipationAttestation, ParticipationClaimType, ParticipationTerms, PrivateParticipationClaim, ReputationSummary,
    CLAIM_ENTRY_INDEX, GOVERNANCE_INTEGRITY, PARTICIPATION_ATTESTATION_ENTRY_INDEX,
    PRIVATE_PARTICIPATION_CLAIM_ENTRY_INDEX, VALIDATION_RECEIPT_ENTRY_INDEX,
};
use revisions::signals::{signal_committed, RECV_REMOTE_SIGNAL};
use revisions::{entry_of, get_local_first, guest_error};

/// How many times `post_commit` tries an issuance that a concurrent write
/// of the same agent interrupted.
const HEAD_MOVED_RETRIES: usize = 3;

/// Tag of the Assigned grants `open_participation_signing` makes.
const SIGNING_GRANT_TAG: &str = "participation_signing";

/// Opens this zome's three entry points to any agent: `open_participation_signing`
/// (it only hands the caller a grant to ask for signatures, each checked on
/// its merits), `receive_reputation_grant` (it only stores a capability
/// claim naming the caller) and `recv_remote_signal` (it only re-emits a
/// live-update signal from its author to this agent's UI; see `signals`).
#[hdk_extern]
pub fn init(_: ()) -> ExternResult<InitCallbackResult> {
    nondominium_types::host::zome_info_cache::install();
    let zome = zome_info()?.name;
    let mut functions = HashSet::new();
    functions.insert((zome.clone(), FunctionName::from("open_participation_signing")));
    functions.insert((zome.clone(), FunctionName::from("receive_reputation_grant")));
    functions.insert((zome, FunctionName::from(RECV_REMOTE_SIGNAL)));
    create_cap_grant(ZomeCallCapGrant {
        tag: "participation_entry_points".into(),
        access: CapAccess::Unrestricted,
        functions: GrantedFunctions::Listed(functions),
    })?;
    Ok(InitCallbackResult::Pass)
}

/// After a call of this zome commits, first sends the live-update signals
/// of what it wrote (`revisions::signals::signal_committed`: to this agent's
/// UI and the agents concerned). Then, for a Claim or a ValidationReceipt,
/// issues its receipts (REQ-PPR-02, "automatically") in a new call of its
/// own. A failure (counterparty offline) leaves the interaction pending:
/// `issue_pending_participation_receipts` retries it.
#[hdk_extern(infallible)]
pub fn post_commit(actions: Vec<SignedActionHashed>) {
    nondominium_types::host::zome_info_cache::install();
    signal_committed(&actions);
    let Ok(zome_index) = integrity_zome_index(GOVERNANCE_INTEGRITY) else { return };
    let Ok(zome) = zome_info().map(|z| z.name) else { return };
    for action in actions {
        let Some((_, EntryType::App(def))) = action.action().entry_data() else { continue };
        let interaction = def.zome_index == zome_index
            && (def.entry_index.0 == CLAIM_ENTRY_INDEX || def.entry_index.0 == VALIDATION_RECEIPT_ENTRY_INDEX);
        if interaction && matches!(action.action(), Action::Create(_)) {
            let about = action.hashed.hash.clone();
            // A write of the agent's own at the same moment moves the chain
            // head and fails this call (nothing is written): try again.
            for _ in 0..HEAD_MOVED_RETRIES {
                let answer =
                    call(CallTargetCell::Local, zome.clone(), "issue_participation_receipts".into(), None, &about);
                match answer {
                    Ok(ZomeCallResponse::Ok(_)) => break,
                    // Holochain reports it as text ("… head has moved …") or, relayed from a remote call, by its name.
                    other if ["head has moved", "HeadMoved"].iter().any(|m| format!("{other:?}").contains(m)) => {
                        continue
                    }
                    other => {
                        debug!("participation receipts not issued yet: {other:?}");
                        break;
                    }
                }
            }
        }
    }
}

/// What `issue_participation_receipts` wrote: the issuer's private receipt,
/// the attestation, and the attestation's entry hash (what a shared
/// reputation summary cites).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct IssuedReceipts {
    pub claim_hash: ActionHash,
    pub attestation_hash: ActionHash,
    pub attestation_entry_hash: EntryHash,
}

/// What the issuer sends the counterparty: the terms, the issuer's
/// signature, and the records the counterparty may not hold yet (the
/// interaction and what the issuer wrote with it).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SignatureRequest {
    pub terms: ParticipationTerms,
    pub issuer_signature: Signature,
    /// Decoded whole (`revisions::input::whole`): no second copy of a record's decoding code.
    #[serde(deserialize_with = "revisions::input::whole")]
    pub records: Vec<Record>,
}

/// Issues the two receipts of the interaction `about` (a Claim or a
/// ValidationReceipt the caller wrote; spec §6.3
/// `issue_participation_receipts`): see the module documentation. Returns
/// `None` when the interaction yields no receipts (a rejection, a role
/// grant), the existing receipts when they were already issued. Errors:
/// "issue_participation_receipts: only the author of an interaction issues
/// its receipts"; "… the counterparty could not be reached: …" or "… the
/// counterparty refused to sign: …" (the interaction stays pending); "… the
/// counterparty's signature does not verify".
#[hdk_extern]
pub fn issue_participation_receipts(about: revisions::Checked<ActionHash>) -> ExternResult<Option<IssuedReceipts>> {
    let about = about.read("issue_participation_receipts")?;
    let me = agent_info()?.agent_initial_pubkey;
    let about_record = found(&about)?;
    if about_record.action().author() != &me {
        return Err(guest_error("issue_participation_receipts: only the author of an interaction issues its receipts"));
    }
    if let Some(issued) = my_issued(&about)? {
        return Ok(Some(issued));
    }
    let mine = std::cell::RefCell::new(Vec::new());
    let fetch = |hash: &ActionHash| -> ExternResult<Record> {
        let record = found(hash)?;
        if record.action().author() == &me {
            mine.borrow_mut().push(record.clone());
        }
        Ok(record)
    };
    let Ok(terms) = participation_terms(&about_record, &fetch)? else { return Ok(None) };
    let mut records = vec![about_record];
    records.extend(mine.into_inner());
    let issuer_signature = sign(me.clone(), terms.clone())?;
    let zome = zome_info()?.name;
    let secret: CapSecret = remote(&terms.counterparty, &zome, "open_participation_signing", None, ())?;
    let request = SignatureRequest { terms: terms.clone(), issuer_signature: issuer_signature.clone(), records };
    let counterparty_signature: Signature =
        remote(&terms.counterparty, &zome, "sign_participation_claim", Some(secret), request)?;
    let bilateral_signature =
        BilateralSignature { signed_data_hash: terms_hash(&terms)?, issuer_signature, counterparty_signature };
    if check_bilateral_signature("issue_participation_receipts:", &terms, &bilateral_signature)?.is_err() {
        return Err(guest_error("issue_participation_receipts: the counterparty's signature does not verify"));
    }
    let claim = PrivateParticipationClaim {
        claim_type: terms.issuer_claim_type,
        counterparty: terms.counterparty.clone(),
        terms: terms.clone(),
        bilateral_signature: bilateral_signature.clone(),
    };
    let claim_hash = create_relaxed(EntryTypes::PrivateParticipationClaim(claim))?;
    let attestation =
        ParticipationAttestation { about, issuer: me, counterparty: terms.counterparty.clone(), bilateral_signature };
    let attestation_entry_hash = hash_entry(&attestation)?;
    let attestation_hash = create_entry(EntryTypes::ParticipationAttestation(attestation))?;
    Ok(Some(IssuedReceipts { claim_hash, attestation_hash, attestation_entry_hash }))
}

/// Retries every interaction of the caller's chain whose receipts are not
/// issued yet (the counterparty was unreachable). Returns how many pairs it
/// issued; interactions that still fail stay pending.
#[hdk_extern]
pub fn issue_pending_participation_receipts(_: ()) -> ExternResult<u32> {
    nondominium_types::host::zome_info_cache::install();
    let issued: BTreeSet<ActionHash> = my_records(PARTICIPATION_ATTESTATION_ENTRY_INDEX, EntryVisibility::Public)?
        .iter()
        .filter_map(|r| entry_of::<ParticipationAttestation>(r).ok().flatten().map(|a| a.about))
        .collect();
    let mut count = 0;
    for index in [CLAIM_ENTRY_INDEX, VALIDATION_RECEIPT_ENTRY_INDEX] {
        for record in my_records(index, EntryVisibility::Public)? {
            if issued.contains(record.action_address()) {
                continue;
            }
            if let Ok(Some(_)) = issue_participation_receipts(record.action_address().clone().into()) {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// Entry point open to any agent (spec §6.3 step before
/// `sign_participation_claim`): returns the secret of an Assigned grant to
/// the caller (`call_info().provenance`) listing only
/// `sign_participation_claim`, making one the first time. Harmless: the
/// grant only lets the caller ask; each signature is checked on its merits.
#[hdk_extern]
pub fn open_participation_signing(_: ()) -> ExternResult<CapSecret> {
    nondominium_types::host::zome_info_cache::install();
    let caller = call_info()?.provenance;
    for (_, grant) in revisions::capabilities::live_grants(|tag| tag == SIGNING_GRANT_TAG)? {
        if let CapAccess::Assigned { secret, assignees } = &grant.access {
            if assignees.contains(&caller) {
                return Ok(*secret);
            }
        }
    }
    let secret = generate_cap_secret()?;
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from("sign_participation_claim")));
    // Relaxed chain-top ordering: the grant is made in the issuer's remote call, while this agent may be writing
    // something else; no rule reads a grant's place on the chain, so it is rebased rather than failing the exchange.
    let grant = ZomeCallCapGrant {
        tag: SIGNING_GRANT_TAG.into(),
        access: CapAccess::Assigned { secret, assignees: BTreeSet::from([caller]) },
        functions: GrantedFunctions::Listed(functions),
    };
    create(CreateInput::new(
        EntryDefLocation::CapGrant,
        EntryVisibility::Private,
        Entry::CapGrant(grant),
        ChainTopOrdering::Relaxed,
    ))?;
    Ok(secret)
}

/// The counterparty's half (spec §6.3 `sign_participation_claim`), called
/// remotely by the issuer under the Assigned grant: derives the terms of
/// the interaction itself (from the records sent, once checked against
/// their authors' signatures, and the DHT), refuses any difference, checks
/// the issuer's signature, signs, and writes its own private receipt. Returns its signature (the same one again when asked
/// twice: Ed25519 is deterministic, and no second receipt is written).
/// Errors: "sign_participation_claim: only the interaction's issuer may ask
/// for a signature"; "… the terms are not those the interaction yields";
/// "… the issuer's signature does not verify"; a record sent that its
/// author did not sign; the interaction's own refusal message.
#[hdk_extern]
pub fn sign_participation_claim(request: revisions::Checked<SignatureRequest>) -> ExternResult<Signature> {
    let request = request.read("sign_participation_claim")?;
    let caller = call_info()?.provenance;
    let me = agent_info()?.agent_initial_pubkey;
    if caller != request.terms.issuer || request.terms.counterparty != me {
        return Err(guest_error("sign_participation_claim: only the interaction's issuer may ask for a signature"));
    }
    let mut sent = BTreeMap::new();
    for record in &request.records {
        let hash = record.action_address().clone();
        let checked = nondominium_types::checked_record(&hash, record)?.map_err(guest_error)?;
        sent.insert(hash, checked);
    }
    let fetch = |hash: &ActionHash| -> ExternResult<Record> {
        match sent.get(hash) {
            Some(record) => Ok(record.clone()),
            None => found(hash),
        }
    };
    let about = fetch(&request.terms.about)?;
    let terms =
        participation_terms(&about, &fetch)?.map_err(|e| guest_error(format!("sign_participation_claim: {e}")))?;
    if terms != request.terms {
        return Err(guest_error("sign_participation_claim: the terms are not those the interaction yields"));
    }
    if !verify_signature(terms.issuer.clone(), request.issuer_signature.clone(), terms.clone())? {
        return Err(guest_error("sign_participation_claim: the issuer's signature does not verify"));
    }
    if let Some((_, claim)) = my_claims()?.into_iter().find(|(_, c)| c.terms.about == terms.about) {
        return Ok(claim.bilateral_signature.counterparty_signature);
    }
    let signature = sign(me, terms.clone())?;
    let claim = PrivateParticipationClaim {
        claim_type: terms.counterparty_claim_type,
        counterparty: terms.issuer.clone(),
        bilateral_signature: BilateralSignature {
            signed_data_hash: terms_hash(&terms)?,
            issuer_signature: request.issuer_signature,
            counterparty_signature: signature.clone(),
        },
        terms,
    };
    create_relaxed(EntryTypes::PrivateParticipationClaim(claim))?;
    Ok(signature)
}

/// One of the caller's receipts as `get_my_participation_claims` returns
/// it: the private entry's action hash, when it was written (VF
/// `claimed_at`), the receipt, and the entry hash of the pair's public
/// attestation (what a shared summary cites).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ParticipationReceipt {
    pub claim_hash: ActionHash,
    pub claimed_at: Timestamp,
    pub claim: PrivateParticipationClaim,
    pub attestation_entry_hash: EntryHash,
}

/// The caller's receipts, oldest first (spec §6.1
/// `get_my_participation_claims`; REQ-USER-A-12). Read from the caller's own
/// chain: no one else can read them (REQ-PPR-10).
#[hdk_extern]
pub fn get_my_participation_claims(_: ()) -> ExternResult<Vec<ParticipationReceipt>> {
    nondominium_types::host::zome_info_cache::install();
    let mut receipts = Vec::new();
    for (record, claim) in my_claims_records()? {
        receipts.push(ParticipationReceipt {
            claim_hash: record.action_address().clone(),
            claimed_at: record.action().timestamp(),
            attestation_entry_hash: attestation_entry_hash(&claim)?,
            claim,
        });
    }
    Ok(receipts)
}

/// The caller's receipts of one claim type, oldest first (spec §6.1
/// `get_participation_claims_by_type`).
#[hdk_extern]
pub fn get_participation_claims_by_type(
    claim_type: revisions::Checked<ParticipationClaimType>,
) -> ExternResult<Vec<ParticipationReceipt>> {
    let claim_type = claim_type.read("get_participation_claims_by_type")?;
    Ok(get_my_participation_claims(())?.into_iter().filter(|r| r.claim.claim_type == claim_type).collect())
}

/// The caller's reputation now (spec §6.1 `get_reputation_summary`,
/// §4.3.10): `nondominium_types::summarize` over every receipt they hold.
#[hdk_extern]
pub fn get_reputation_summary(_: ()) -> ExternResult<ReputationSummary> {
    nondominium_types::host::zome_info_cache::install();
    let terms: Vec<ParticipationTerms> = my_claims()?.into_iter().map(|(_, c)| c.terms).collect();
    Ok(summarize(&agent_info()?.agent_initial_pubkey, &terms, sys_time()?))
}

/// Whether both signatures of the caller's receipt at `claim_hash` verify
/// against its terms (spec §6.3 `validate_participation_claim_signature`).
/// Errors: "validate_participation_claim_signature: no receipt of yours at
/// this hash".
#[hdk_extern]
pub fn validate_participation_claim_signature(claim_hash: revisions::Checked<ActionHash>) -> ExternResult<bool> {
    let claim_hash = claim_hash.read("validate_participation_claim_signature")?;
    let (_, claim) = my_claims()?
        .into_iter()
        .find(|(h, _)| h == &claim_hash)
        .ok_or(guest_error("validate_participation_claim_signature: no receipt of yours at this hash"))?;
    Ok(check_bilateral_signature("", &claim.terms, &claim.bilateral_signature)?.is_ok())
}

/// Writes a private receipt with relaxed chain-top ordering: the
/// counterparty's receipt arrives while its owner may be writing something
/// else, and a receipt's rules depend on its content alone (no history
/// rule), so it may be rebased onto a head that moved meanwhile instead of
/// failing. (The attestation, whose rule reads the chain, stays strict.)
fn create_relaxed(entry: EntryTypes) -> ExternResult<ActionHash> {
    let ScopedEntryDefIndex { zome_index, zome_type } = ScopedEntryDefIndex::try_from(&entry)?;
    let visibility = EntryVisibility::from(&entry);
    create(CreateInput::new(
        EntryDefLocation::app(zome_index, zome_type),
        visibility,
        Entry::try_from(entry)?,
        ChainTopOrdering::Relaxed,
    ))
}

/// The entry hash of the attestation of `claim`'s pair (the same entry for
/// both parties: its content is determined by the terms and signatures).
pub(crate) fn attestation_entry_hash(claim: &PrivateParticipationClaim) -> ExternResult<EntryHash> {
    hash_entry(&ParticipationAttestation {
        about: claim.terms.about.clone(),
        issuer: claim.terms.issuer.clone(),
        counterparty: claim.terms.counterparty.clone(),
        bilateral_signature: claim.bilateral_signature.clone(),
    })
}

/// The caller's receipts with their action hashes, oldest first.
pub(crate) fn my_claims() -> ExternResult<Vec<(ActionHash, PrivateParticipationClaim)>> {
    Ok(my_claims_records()?.into_iter().map(|(r, c)| (r.action_address().clone(), c)).collect())
}

fn my_claims_records() -> ExternResult<Vec<(Record, PrivateParticipationClaim)>> {
    let mut out = Vec::new();
    for record in my_records(PRIVATE_PARTICIPATION_CLAIM_ENTRY_INDEX, EntryVisibility::Private)? {
        if let Some(claim) = entry_of::<PrivateParticipationClaim>(&record)? {
            out.push((record, claim));
        }
    }
    Ok(out)
}

/// The caller's Creates of governance entry type `entry_index`, oldest first.
fn my_records(entry_index: u8, visibility: EntryVisibility) -> ExternResult<Vec<Record>> {
    let entry_type = EntryType::App(AppEntryDef {
        entry_index: EntryDefIndex(entry_index),
        zome_index: integrity_zome_index(GOVERNANCE_INTEGRITY)?,
        visibility,
    });
    query(ChainQueryFilter::new().entry_type(entry_type).action_type(ActionType::Create).include_entries(true))
}

/// The receipts already issued for `about` by the caller, if any.
fn my_issued(about: &ActionHash) -> ExternResult<Option<IssuedReceipts>> {
    let attestation =
        my_records(PARTICIPATION_ATTESTATION_ENTRY_INDEX, EntryVisibility::Public)?.into_iter().find_map(|r| {
            match entry_of::<ParticipationAttestation>(&r) {
                Ok(Some(a)) if &a.about == about => Some((r.action_address().clone(), a)),
                _ => None,
            }
        });
    let Some((attestation_hash, attestation)) = attestation else { return Ok(None) };
    let Some((claim_hash, _)) = my_claims()?.into_iter().find(|(_, c)| &c.terms.about == about) else {
        return Ok(None);
    };
    Ok(Some(IssuedReceipts { claim_hash, attestation_hash, attestation_entry_hash: hash_entry(&attestation)? }))
}

/// The record at `hash` (own store first), or "… not found yet".
pub(crate) fn found(hash: &ActionHash) -> ExternResult<Record> {
    get_local_first(hash)?.ok_or(guest_error(format!("participation receipts: record {hash} not found yet")))
}

/// Calls `fn_name` on `agent`'s cell and decodes the answer. Errors: "…
/// the counterparty could not be reached: …", "… the counterparty refused
/// to sign: …".
fn remote<I, O>(
    agent: &AgentPubKey,
    zome: &ZomeName,
    fn_name: &str,
    secret: Option<CapSecret>,
    input: I,
) -> ExternResult<O>
where
    I: serde::Serialize + std::fmt::Debug,
    O: serde::de::DeserializeOwned + std::fmt::Debug,
{
    match call_remote(agent.clone(), zome.clone(), fn_name.into(), secret, input)? {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(e.to_string())),
        ZomeCallResponse::Unauthorized(..) => {
            Err(guest_error(format!("issue_participation_receipts: the counterparty refused {fn_name}")))
        }
        other => {
            Err(guest_error(format!("issue_participation_receipts: the counterparty could not be reached: {other:?}")))
        }
    }
}
