//! Private identity data and its sharing (spec §4.1.2; REQ-USER-S-02,
//! REQ-SEC-04/06): the data is a private entry on its owner's chain, never
//! published; the owner shares chosen fields with one named agent at a time
//! through a capability grant (assigned to that agent, listed to
//! `read_private_data` only, with an expiry), and revokes it by deleting the
//! grant, which takes effect for every call authorised after it.
use std::collections::{BTreeMap, HashSet};

use hdk::prelude::*;
use person_integrity::{
    check_private_profile_fields, EntryTypes, IdentityDisclosure, LinkTypes, PrivateProfile, UnitEntryTypes,
    PRIVATE_PROFILE_FIELDS,
};
use revisions::capabilities::{claim_grantors, claim_secret, live_grants};
use revisions::signals::RECV_REMOTE_SIGNAL;
use revisions::{entry_of, guest_error};

/// Tag prefix of the capability grants this module makes.
const GRANT_TAG: &str = "private_data";
/// Tag of the capability claims a grantee stores.
const CLAIM_TAG: &str = "private_data_from";

/// Input of `grant_private_data_access`: the grantee, the fields of
/// `PrivateProfile` they may read, and when the grant ends (µs since epoch).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct GrantPrivateDataInput {
    pub agent: AgentPubKey,
    pub fields: Vec<String>,
    pub expires_at: Timestamp,
}

/// A grant as its owner lists it. `grant_hash` revokes it;
/// `disclosure_hash` is the public IdentityDisclosure written with it (set
/// when the grant is made, `None` in listings).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct PrivateDataGrant {
    pub grant_hash: ActionHash,
    pub agent: AgentPubKey,
    pub fields: Vec<String>,
    pub expires_at: Timestamp,
    #[serde(default)]
    pub disclosure_hash: Option<ActionHash>,
}

/// What a grantee receives: only the granted fields, by name.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SharedPrivateData {
    pub owner: AgentPubKey,
    pub fields: BTreeMap<String, Option<String>>,
    pub expires_at: Timestamp,
}

/// What the owner sends the grantee so they can call back.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct GrantNotice {
    pub secret: CapSecret,
}

/// Lets any agent deliver a grant notice to this cell (it only stores a
/// capability claim on the receiver's own chain: harmless) and a live-update
/// signal (`recv_remote_signal`: it only re-emits a signal from its author
/// to this agent's UI; see `signals`).
#[hdk_extern]
pub fn init(_: ()) -> ExternResult<InitCallbackResult> {
    nondominium_types::host::zome_info_cache::install();
    let zome = zome_info()?.name;
    let mut functions = HashSet::new();
    functions.insert((zome.clone(), FunctionName::from("receive_private_data_grant")));
    functions.insert((zome, FunctionName::from(RECV_REMOTE_SIGNAL)));
    create_cap_grant(ZomeCallCapGrant {
        tag: "receive_private_data_grant".into(),
        access: CapAccess::Unrestricted,
        functions: GrantedFunctions::Listed(functions),
    })?;
    Ok(InitCallbackResult::Pass)
}

/// Stores (or replaces) the caller's private identity data as a private entry.
/// Returns the entry's action hash. Errors: a field over 512 characters.
#[hdk_extern]
pub fn store_private_data(data: revisions::Checked<PrivateProfile>) -> ExternResult<ActionHash> {
    let data = data.read("store_private_data")?;
    check_private_profile_fields(&data).map_err(guest_error)?;
    match latest_private_record()? {
        Some(previous) => update_entry(previous.action_address().clone(), &EntryTypes::PrivateProfile(data)),
        None => create_entry(&EntryTypes::PrivateProfile(data)),
    }
}

/// The caller's private identity data, or `None` before `store_private_data`.
#[hdk_extern]
pub fn get_my_private_data(_: ()) -> ExternResult<Option<PrivateProfile>> {
    nondominium_types::host::zome_info_cache::install();
    match latest_private_record()? {
        Some(record) => entry_of(&record),
        None => Ok(None),
    }
}

/// Shares `fields` of the caller's private data with `agent` until
/// `expires_at`, and delivers the grant's secret to them by a remote call.
/// Also writes the public, content-free `IdentityDisclosure` (who, which
/// fields, until when) linked from the reviewer's key, which their identity
/// review must cite (REQ-SEC-06: the data never leaves this chain).
/// Errors: an unknown or empty field list, an expiry in the past, the caller
/// sharing with themselves.
#[hdk_extern]
pub fn grant_private_data_access(input: revisions::Checked<GrantPrivateDataInput>) -> ExternResult<PrivateDataGrant> {
    let input = input.read("grant_private_data_access")?;
    if input.agent == agent_info()?.agent_initial_pubkey {
        return Err(guest_error("grant_private_data_access: agent must be someone else"));
    }
    if input.fields.is_empty() {
        return Err(guest_error("grant_private_data_access: fields must name at least one field"));
    }
    if let Some(f) = input.fields.iter().find(|f| !PRIVATE_PROFILE_FIELDS.contains(&f.as_str())) {
        return Err(guest_error(format!(
            "grant_private_data_access: fields: unknown field {f} (allowed: {})",
            PRIVATE_PROFILE_FIELDS.join(", ")
        )));
    }
    if input.expires_at <= sys_time()? {
        return Err(guest_error("grant_private_data_access: expires_at must be in the future"));
    }
    let secret = generate_cap_secret()?;
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from("read_private_data")));
    let grant_hash = create_cap_grant(ZomeCallCapGrant {
        tag: encode_tag(&input.fields, input.expires_at),
        access: CapAccess::Assigned { secret, assignees: BTreeSet::from([input.agent.clone()]) },
        functions: GrantedFunctions::Listed(functions),
    })?;
    let disclosure = IdentityDisclosure {
        reviewer: input.agent.clone(),
        fields: input.fields.clone(),
        expires_at: input.expires_at,
    };
    let disclosure_hash = create_entry(&EntryTypes::IdentityDisclosure(disclosure))?;
    create_link(input.agent.clone(), disclosure_hash.clone(), LinkTypes::AgentToIdentityDisclosures, ())?;
    let notice = GrantNotice { secret };
    match call_remote(input.agent.clone(), zome_info()?.name, "receive_private_data_grant".into(), None, notice)? {
        ZomeCallResponse::Ok(_) => {}
        other => {
            return Err(guest_error(format!("grant_private_data_access: the grantee could not be reached: {other:?}")))
        }
    }
    Ok(PrivateDataGrant {
        grant_hash,
        agent: input.agent,
        fields: input.fields,
        expires_at: input.expires_at,
        disclosure_hash: Some(disclosure_hash),
    })
}

/// The caller's live private-data grants (not revoked), oldest first.
#[hdk_extern]
pub fn list_private_data_grants(_: ()) -> ExternResult<Vec<PrivateDataGrant>> {
    nondominium_types::host::zome_info_cache::install();
    let mut grants = Vec::new();
    for (grant_hash, grant) in live_grants(|tag| decode_tag(tag).is_some())? {
        let Some((fields, expires_at)) = decode_tag(&grant.tag) else { continue };
        let CapAccess::Assigned { assignees, .. } = &grant.access else { continue };
        for agent in assignees {
            grants.push(PrivateDataGrant {
                grant_hash: grant_hash.clone(),
                agent: agent.clone(),
                fields: fields.clone(),
                expires_at,
                disclosure_hash: None,
            });
        }
    }
    Ok(grants)
}

/// Revokes the grant at `grant_hash`: every read authorised after this
/// returns Unauthorized. Returns the delete's action hash.
#[hdk_extern]
pub fn revoke_private_data_access(grant_hash: revisions::Checked<ActionHash>) -> ExternResult<ActionHash> {
    let grant_hash = grant_hash.read("revoke_private_data_access")?;
    delete_cap_grant(grant_hash)
}

/// Called remotely by an owner: stores the grant's secret as a capability
/// claim naming the owner (the verified caller).
#[hdk_extern]
pub fn receive_private_data_grant(notice: revisions::Checked<GrantNotice>) -> ExternResult<()> {
    let notice = notice.read("receive_private_data_grant")?;
    let owner = call_info()?.provenance;
    create_cap_claim(CapClaimEntry { tag: CLAIM_TAG.into(), grantor: owner, secret: notice.secret })?;
    Ok(())
}

/// Called remotely by a grantee under their assigned grant: returns only the
/// granted fields. Errors: no grant behind the call, or the grant expired.
#[hdk_extern]
pub fn read_private_data(_: ()) -> ExternResult<SharedPrivateData> {
    nondominium_types::host::zome_info_cache::install();
    let info = call_info()?;
    let CapGrant::RemoteAgent(grant) = info.cap_grant else {
        return Err(guest_error("read_private_data: only a grantee may call this remotely"));
    };
    let (fields, expires_at) =
        decode_tag(&grant.tag).ok_or(guest_error("read_private_data: not a private data grant"))?;
    if sys_time()? >= expires_at {
        return Err(guest_error("read_private_data: this grant has expired"));
    }
    let data = get_my_private_data(())?.unwrap_or(PrivateProfile {
        legal_name: None,
        address: None,
        email: None,
        photo_id_hash: None,
    });
    let all: [(&str, &Option<String>); 4] = [
        ("legal_name", &data.legal_name),
        ("address", &data.address),
        ("email", &data.email),
        ("photo_id_hash", &data.photo_id_hash),
    ];
    let shared = all
        .iter()
        .filter(|(name, _)| fields.iter().any(|f| f == name))
        .map(|(name, value)| (name.to_string(), (*value).clone()))
        .collect();
    Ok(SharedPrivateData { owner: agent_info()?.agent_initial_pubkey, fields: shared, expires_at })
}

/// Reads the private data `owner` shared with the caller, by a remote call
/// under the owner's grant. Errors: "no private data grant from this agent";
/// "private data access refused by the owner" when the grant was revoked or
/// has expired; the owner not reachable.
#[hdk_extern]
pub fn get_agent_private_data(owner: revisions::Checked<AgentPubKey>) -> ExternResult<SharedPrivateData> {
    let owner = owner.read("get_agent_private_data")?;
    let secret = claim_secret(CLAIM_TAG, &owner)?
        .ok_or(guest_error("get_agent_private_data: no private data grant from this agent"))?;
    match call_remote(owner, zome_info()?.name, "read_private_data".into(), Some(secret), ())? {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(e.to_string())),
        ZomeCallResponse::Unauthorized(..) => Err(guest_error(
            "get_agent_private_data: private data access refused by the owner (revoked, expired or never granted)",
        )),
        other => Err(guest_error(format!("get_agent_private_data: the owner could not be reached: {other:?}"))),
    }
}

/// The agents who have shared private data with the caller (the grants the
/// caller holds a claim for; a claim stays after its grant is revoked, so a
/// read may still be refused). An Accountable Agent's review queue.
#[hdk_extern]
pub fn get_private_data_shared_with_me(_: ()) -> ExternResult<Vec<AgentPubKey>> {
    nondominium_types::host::zome_info_cache::install();
    claim_grantors(CLAIM_TAG)
}

/// The latest unexpired IdentityDisclosure `owner` made to the caller, or
/// `None`: what an identity review cites (`governance.validate_agent_identity`).
#[hdk_extern]
pub fn get_identity_disclosure_from(owner: revisions::Checked<AgentPubKey>) -> ExternResult<Option<ActionHash>> {
    let owner = owner.read("get_identity_disclosure_from")?;
    let me = agent_info()?.agent_initial_pubkey;
    let now = sys_time()?;
    let mut links = get_links(LinkQuery::try_new(me, LinkTypes::AgentToIdentityDisclosures)?, GetStrategy::Network)?;
    links.sort_by_key(|l| std::cmp::Reverse(l.timestamp));
    for link in links.into_iter().filter(|l| l.author == owner) {
        let Some(hash) = link.target.into_action_hash() else { continue };
        let Some(record) = revisions::get_record(hash.clone(), GetOptions::network())? else { continue };
        let disclosure: IdentityDisclosure = revisions::decode_entry(&record, "an IdentityDisclosure")?;
        if disclosure.expires_at > now {
            return Ok(Some(hash));
        }
    }
    Ok(None)
}

fn latest_private_record() -> ExternResult<Option<Record>> {
    let entry_type: EntryType = UnitEntryTypes::PrivateProfile.try_into()?;
    Ok(query(ChainQueryFilter::new().entry_type(entry_type).include_entries(true))?.into_iter().last())
}

/// "private_data|<expires µs>|field,field".
fn encode_tag(fields: &[String], expires_at: Timestamp) -> String {
    format!("{GRANT_TAG}|{}|{}", expires_at.as_micros(), fields.join(","))
}

fn decode_tag(tag: &str) -> Option<(Vec<String>, Timestamp)> {
    let mut parts = tag.splitn(3, '|');
    if parts.next()? != GRANT_TAG {
        return None;
    }
    let expires = parts.next()?.parse::<i64>().ok()?;
    let fields = parts.next()?.split(',').filter(|f| !f.is_empty()).map(String::from).collect();
    Some((fields, Timestamp::from_micros(expires)))
}
