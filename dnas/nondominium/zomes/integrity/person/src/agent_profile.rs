//! `AgentProfile` (spec §4.1.1) and its links: every rule, one function each.
use hdi::prelude::*;

use crate::anchors::all_agents_anchor;
use nondominium_types::{typed_record, validate_index_link_once, verdict, AGENT_PROFILE_ENTRY_INDEX, PERSON_INTEGRITY};

/// An agent's public face (spec §4.1.1). `agent_pub_key` is always the author.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct AgentProfile {
    pub agent_pub_key: AgentPubKey,
    /// Public name or pseudonym, 1-64 characters, not blank.
    pub name: String,
    /// Optional avatar URL, at most 2048 characters.
    pub avatar_url: Option<String>,
}

/// Field rules: name not blank and at most 64 characters; avatar_url at most 2048.
pub fn check_agent_profile_fields(profile: &AgentProfile) -> Result<(), String> {
    if profile.name.trim().is_empty() {
        return Err("AgentProfile name must not be empty".into());
    }
    if profile.name.chars().count() > 64 {
        return Err("AgentProfile name must be at most 64 characters".into());
    }
    if profile.avatar_url.as_ref().is_some_and(|u| u.chars().count() > 2048) {
        return Err("AgentProfile avatar_url must be at most 2048 characters".into());
    }
    Ok(())
}

/// Create: the fields are valid, `agent_pub_key` is the author (REQ-SEC-06:
/// no one speaks for another), and the author has no profile yet.
pub fn validate_create_agent_profile(
    action: &EntryCreationAction,
    profile: &AgentProfile,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_agent_profile_fields(profile) {
        return Ok(ValidateCallbackResult::Invalid(e));
    }
    if &profile.agent_pub_key != action.author() {
        return Ok(ValidateCallbackResult::Invalid("AgentProfile agent_pub_key must be the author".into()));
    }
    if let EntryCreationAction::Create(create) = action {
        if has_created_profile_before(create)? {
            return Ok(ValidateCallbackResult::Invalid(
                "AgentProfile already exists for this agent: update it instead".into(),
            ));
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The history rule alone, for the RegisterAgentActivity op (the author's
/// neighbours enforce one profile per agent too).
pub fn validate_agent_profile_history(create: &Create) -> ExternResult<ValidateCallbackResult> {
    Ok(verdict(!has_created_profile_before(create)?, || {
        "AgentProfile already exists for this agent: update it instead".into()
    }))
}

/// One profile per agent: whether the author's chain before `create` already
/// holds an AgentProfile create (enforcement source 3, the author's history).
fn has_created_profile_before(create: &Create) -> ExternResult<bool> {
    let my_zome = zome_info()?.id;
    let history = nondominium_types::chain_back(&create.author, &create.prev_action, None)?;
    Ok(history.iter().any(|a| {
        matches!(&a.hashed.content, Action::Create(c) if matches!(&c.entry_type,
            EntryType::App(def) if def.zome_index == my_zome && def.entry_index.0 == AGENT_PROFILE_ENTRY_INDEX))
    }))
}

/// Update: the create rules, then only the profile's own agent may update it
/// and `agent_pub_key` is immutable.
pub fn validate_update_agent_profile(
    action: &Update,
    profile: &AgentProfile,
    original_action_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let create = validate_create_agent_profile(&EntryCreationAction::Update(action.clone()), profile)?;
    if create != ValidateCallbackResult::Valid {
        return Ok(create);
    }
    let (_, original) = match typed_record::<AgentProfile>(
        original_action_hash,
        PERSON_INTEGRITY,
        AGENT_PROFILE_ENTRY_INDEX,
        "AgentProfile update",
        "an AgentProfile",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    if original.agent_pub_key != profile.agent_pub_key {
        return Ok(ValidateCallbackResult::Invalid("AgentProfile agent_pub_key is immutable".into()));
    }
    Ok(ValidateCallbackResult::Valid)
}

/// `AllAgents` link: from the `all_agents` anchor to an AgentProfile the link's author wrote.
pub fn validate_create_link_all_agents(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    _tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    if base.clone().into_entry_hash() != Some(all_agents_anchor()?) {
        return Ok(ValidateCallbackResult::Invalid("AllAgents link base must be the all_agents anchor".into()));
    }
    link_target_is_own_profile(action, target, "AllAgents")
}

/// `AgentToProfile` link: from the author's own key to the author's own AgentProfile.
pub fn validate_create_link_agent_to_profile(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    _tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    if base.clone().into_agent_pub_key().as_ref() != Some(&action.author) {
        return Ok(ValidateCallbackResult::Invalid("AgentToProfile link base must be the author's agent key".into()));
    }
    link_target_is_own_profile(action, target, "AgentToProfile")
}

fn link_target_is_own_profile(
    action: &CreateLink,
    target: &AnyLinkableHash,
    link_name: &str,
) -> ExternResult<ValidateCallbackResult> {
    let Some(hash) = target.clone().into_action_hash() else {
        return Ok(ValidateCallbackResult::Invalid(format!("{link_name} link target must be an action hash")));
    };
    let what = format!("{link_name} link target");
    let (_, profile) = match nondominium_types::held_record::<AgentProfile>(
        &hash,
        PERSON_INTEGRITY,
        AGENT_PROFILE_ENTRY_INDEX,
        &what,
        "an AgentProfile",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    if profile.agent_pub_key != action.author {
        return Ok(ValidateCallbackResult::Invalid(format!(
            "{link_name} link target must be the author's own AgentProfile"
        )));
    }
    validate_index_link_once(action, link_name)
}
