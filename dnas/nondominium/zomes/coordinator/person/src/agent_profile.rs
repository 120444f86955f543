//! `create_profile`, `update_profile`, `get_my_profile`, `get_agent_profile`,
//! `get_all_profiles`, `search_profiles` (spec §6.1; REQ-USER-S-04).
use hdk::prelude::*;
use person_integrity::anchors::all_agents_anchor;
use person_integrity::{check_agent_profile_fields, AgentProfile, EntryTypes, LinkTypes};
use revisions::{entry_of, guest_error, latest_revision, latest_revisions};

/// Input of `create_profile`: public name (1-64 characters) and optional avatar URL.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateProfileInput {
    pub name: String,
    pub avatar_url: Option<String>,
}

/// Input of `update_profile`: the revision to replace and the new values.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct UpdateProfileInput {
    pub previous_profile_hash: ActionHash,
    pub name: String,
    pub avatar_url: Option<String>,
}

/// Creates the caller's AgentProfile, links it from the `all_agents` anchor
/// and from the caller's key, and returns its record.
/// Errors: "AgentProfile already exists for this agent" when the caller has
/// one; the integrity rule's message for bad fields.
#[hdk_extern]
pub fn create_profile(input: revisions::Checked<CreateProfileInput>) -> ExternResult<Record> {
    let input = input.read("create_profile")?;
    let me = agent_info()?.agent_initial_pubkey;
    if !get_links(LinkQuery::try_new(me.clone(), LinkTypes::AgentToProfile)?, GetStrategy::Local)?.is_empty() {
        return Err(guest_error("AgentProfile already exists for this agent: use update_profile"));
    }
    let profile =
        AgentProfile { agent_pub_key: me.clone(), name: input.name.trim().to_string(), avatar_url: input.avatar_url };
    check_agent_profile_fields(&profile).map_err(guest_error)?;
    let hash = create_entry(&EntryTypes::AgentProfile(profile))?;
    create_link(all_agents_anchor()?, hash.clone(), LinkTypes::AllAgents, ())?;
    create_link(me, hash.clone(), LinkTypes::AgentToProfile, ())?;
    revisions::get_record(hash, GetOptions::local())?.ok_or(guest_error("the new AgentProfile could not be read back"))
}

/// Replaces the caller's profile revision `previous_profile_hash` with new
/// values and returns the new revision. Only the profile's agent may do so.
#[hdk_extern]
pub fn update_profile(input: revisions::Checked<UpdateProfileInput>) -> ExternResult<Record> {
    let input = input.read("update_profile")?;
    let me = agent_info()?.agent_initial_pubkey;
    let profile = AgentProfile { agent_pub_key: me, name: input.name.trim().to_string(), avatar_url: input.avatar_url };
    check_agent_profile_fields(&profile).map_err(guest_error)?;
    let hash = update_entry(input.previous_profile_hash, &EntryTypes::AgentProfile(profile))?;
    revisions::get_record(hash, GetOptions::local())?
        .ok_or(guest_error("the updated AgentProfile could not be read back"))
}

/// The caller's latest profile revision, or `None` before `create_profile`.
#[hdk_extern]
pub fn get_my_profile(_: ()) -> ExternResult<Option<Record>> {
    nondominium_types::host::zome_info_cache::install();
    get_agent_profile(agent_info()?.agent_initial_pubkey.into())
}

/// The latest profile revision of `agent`, or `None` when none is visible.
#[hdk_extern]
pub fn get_agent_profile(agent: revisions::Checked<AgentPubKey>) -> ExternResult<Option<Record>> {
    let agent = agent.read("get_agent_profile")?;
    let links = get_links(LinkQuery::try_new(agent, LinkTypes::AgentToProfile)?, GetStrategy::Network)?;
    let Some(first) = links.into_iter().min_by_key(|l| l.timestamp) else {
        return Ok(None);
    };
    let hash = first.target.into_action_hash().ok_or(guest_error("AgentToProfile target is not an action hash"))?;
    latest_revision(&hash)
}

/// The latest revision of every profile linked from the `all_agents` anchor,
/// oldest profile first (all chains followed together, one batched read per step).
#[hdk_extern]
pub fn get_all_profiles(_: ()) -> ExternResult<Vec<Record>> {
    nondominium_types::host::zome_info_cache::install();
    let mut links = get_links(LinkQuery::try_new(all_agents_anchor()?, LinkTypes::AllAgents)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let firsts: Vec<ActionHash> = links.into_iter().filter_map(|l| l.target.into_action_hash()).collect();
    Ok(latest_revisions(&firsts)?.into_iter().flatten().collect())
}

/// Profiles whose name contains `query` (case-insensitive, trimmed); every
/// profile for an empty query. Oldest profile first (REQ-USER-S-04).
#[hdk_extern]
pub fn search_profiles(query: revisions::Checked<String>) -> ExternResult<Vec<Record>> {
    let query = query.read("search_profiles")?;
    let needle = query.trim().to_lowercase();
    let mut found = Vec::new();
    for record in get_all_profiles(())? {
        let profile: Option<AgentProfile> = entry_of(&record)?;
        if profile.is_some_and(|p| p.name.to_lowercase().contains(&needle)) {
            found.push(record);
        }
    }
    Ok(found)
}
