//! Roles and promotion (spec §4.1.3, §6.1; REQ-GOV-03/04/05): `assign_role`,
//! `promote_agent_to_accountable`, `get_agent_roles`, `get_my_roles`,
//! `is_accountable`. The coordinator finds the credentials and evidence to
//! cite; `person_integrity::role` decides whether they allow the grant.
use hdk::prelude::*;
use nondominium_types::{
    credential_of, effects_of, integrity_zome_index, CreateValidationReceiptInput, EconomicEvent, ValidationType,
    ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY,
};
use person_integrity::{is_progenitor, EntryTypes, LinkTypes, PromotionEvidence, Role, RoleName};
use revisions::{call_local, entry_of, error_text, guest_error, linked_records};

/// Input of `assign_role`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AssignRoleInput {
    pub agent: AgentPubKey,
    pub role_name: RoleName,
    pub notes: Option<String>,
}

/// Grants `role_name` to `agent` (spec §7: only an Accountable Agent
/// assigns any role, and only to a member with a profile), citing the
/// grantee's AgentProfile, the caller's own credentials (or none, for a
/// progenitor), for an Accountable role the candidate's first resource and
/// first transfer, and for a specialised role the grantee's own Accountable
/// credential; records a ValidationReceipt ("role_assignment", or
/// "agent_promotion" for Accountable roles) and returns the Role record.
/// Errors: "assign_role: …" naming what the caller or candidate lacks; the
/// integrity rule's message if the grant is still not allowed.
#[hdk_extern]
pub fn assign_role(input: revisions::Checked<AssignRoleInput>) -> ExternResult<Record> {
    let input = input.read("assign_role")?;
    let me = agent_info()?.agent_initial_pubkey;
    if input.agent == me {
        return Err(guest_error("assign_role: a role cannot be self-assigned"));
    }
    let name = input.role_name;
    let progenitor = is_progenitor(&me)?;
    let profile = crate::agent_profile::get_agent_profile(input.agent.clone().into())?
        .ok_or(guest_error("assign_role: the agent has no profile yet: roles go only to members with a profile"))?;
    let mut role = Role {
        agent: input.agent.clone(),
        role_name: name,
        validated_by: me.clone(),
        grantor_credential: None,
        grantor_accountable_credential: None,
        promotion_evidence: None,
        notes: input.notes,
        agent_profile: Some(profile.action_address().clone()),
        agent_credential: None,
        identity_verification: None,
    };
    if !progenitor && !name.is_specialised() {
        role.grantor_credential = Some(my_credential(&me, |r| r.is_accountable())?.ok_or(guest_error(format!(
            "assign_role: only an Accountable Agent may grant {name:?}, and you hold no Accountable credential"
        )))?);
    }
    if name.is_accountable() {
        role.promotion_evidence = Some(find_promotion_evidence(&input.agent)?.ok_or(guest_error(
            "assign_role: the candidate has not yet created a resource and then made a first transfer",
        ))?);
        role.identity_verification = Some(verify_identity(&input.agent)?);
    } else if name.is_specialised() {
        if !progenitor {
            role.grantor_credential = Some(
                my_credential(&me, |r| r == name)?
                    .ok_or(guest_error(format!("assign_role: only an agent who holds {name:?} may grant it")))?,
            );
            role.grantor_accountable_credential = Some(
                my_credential(&me, |r| r.is_accountable())?
                    .ok_or(guest_error(format!("assign_role: only an Accountable Agent may grant {name:?}")))?,
            );
        }
        if !is_progenitor(&input.agent)? {
            role.agent_credential =
                Some(my_credential(&input.agent, |r| r.is_accountable())?.ok_or(guest_error(format!(
                "assign_role: {name:?} goes only to an Accountable Agent, and the agent holds no Accountable credential"
            )))?);
        }
    }
    let hash = create_entry(&EntryTypes::Role(role))?;
    create_link(input.agent, hash.clone(), LinkTypes::AgentToRoles, ())?;
    let validation_type =
        if name.is_accountable() { ValidationType::AgentPromotion } else { ValidationType::RoleAssignment };
    record_receipt(hash.clone(), validation_type)?;
    revisions::get_record(hash, GetOptions::local())?.ok_or(guest_error("the new Role could not be read back"))
}

/// Promotes a Simple Agent to Accountable Agent (spec §6.1, REQ-GOV-03): the
/// caller, an Accountable Agent, reviews the private data the candidate
/// shared with them (`governance.validate_agent_identity`, which reads it and
/// records an identity_verification receipt the Role cites) and cites the
/// candidate's first resource and first transfer.
#[hdk_extern]
pub fn promote_agent_to_accountable(candidate: revisions::Checked<AgentPubKey>) -> ExternResult<Record> {
    let candidate = candidate.read("promote_agent_to_accountable")?;
    assign_role(
        AssignRoleInput {
            agent: candidate,
            role_name: RoleName::AccountableAgent,
            notes: Some("identity reviewed; first resource and first transfer verified".into()),
        }
        .into(),
    )
}

/// Every Role credential granted to `agent`, oldest first.
#[hdk_extern]
pub fn get_agent_roles(agent: revisions::Checked<AgentPubKey>) -> ExternResult<Vec<Record>> {
    let agent = agent.read("get_agent_roles")?;
    linked_records(LinkQuery::try_new(agent, LinkTypes::AgentToRoles)?)
}

/// The caller's Role credentials.
#[hdk_extern]
pub fn get_my_roles(_: ()) -> ExternResult<Vec<Record>> {
    nondominium_types::host::zome_info_cache::install();
    get_agent_roles(agent_info()?.agent_initial_pubkey.into())
}

/// Whether `agent` is Accountable: a progenitor, or the holder of an
/// AccountableAgent or PrimaryAccountableAgent credential.
#[hdk_extern]
pub fn is_accountable(agent: revisions::Checked<AgentPubKey>) -> ExternResult<bool> {
    let agent = agent.read("is_accountable")?;
    Ok(is_progenitor(&agent)? || my_credential(&agent, |r| r.is_accountable())?.is_some())
}

/// The progenitors named in this DNA's properties, as agent keys.
#[hdk_extern]
pub fn get_progenitors(_: ()) -> ExternResult<Vec<AgentPubKey>> {
    nondominium_types::host::zome_info_cache::install();
    Ok(match person_integrity::NondominiumProperties::try_from_dna_properties() {
        Ok(p) => p.progenitors.into_iter().map(AgentPubKey::from).collect(),
        Err(_) => vec![],
    })
}

/// The first credential of `holder` whose role satisfies `allows`.
fn my_credential(holder: &AgentPubKey, allows: impl Fn(RoleName) -> bool) -> ExternResult<Option<ActionHash>> {
    Ok(credential_of(&get_agent_roles(holder.clone().into())?, holder, allows))
}

/// The candidate's first EconomicResource and the first transfer they
/// provided after it, read from their source chain.
fn find_promotion_evidence(candidate: &AgentPubKey) -> ExternResult<Option<PromotionEvidence>> {
    let of_type = |zome: &str, entry: u8| -> ExternResult<Vec<(u32, ActionHash)>> {
        let entry_type = EntryType::App(AppEntryDef {
            entry_index: EntryDefIndex(entry),
            zome_index: integrity_zome_index(zome)?,
            visibility: EntryVisibility::Public,
        });
        let filter = ChainQueryFilter::new().entry_type(entry_type).action_type(ActionType::Create);
        Ok(get_agent_activity(candidate.clone(), filter, ActivityRequest::Full)?.valid_activity)
    };
    let mut resources = of_type(RESOURCE_INTEGRITY, ECONOMIC_RESOURCE_ENTRY_INDEX)?;
    resources.sort();
    let Some((resource_seq, first_resource)) = resources.into_iter().next() else {
        return Ok(None);
    };
    let mut events = of_type(GOVERNANCE_INTEGRITY, ECONOMIC_EVENT_ENTRY_INDEX)?;
    events.sort();
    for (seq, hash) in events.into_iter().filter(|(seq, _)| *seq > resource_seq) {
        let _ = seq;
        let Some(record) = revisions::get_record(hash.clone(), GetOptions::network())? else { continue };
        let event: Option<EconomicEvent> = entry_of(&record)?;
        if event.is_some_and(|e| &e.provider == candidate && effects_of(e.action).nondominium.promotion_evidence) {
            return Ok(Some(PromotionEvidence { first_resource, first_transfer: hash }));
        }
    }
    Ok(None)
}

/// The caller's approving identity_verification receipt about the
/// candidate's IdentityDisclosure, recorded now by the governance zome's
/// `validate_agent_identity` (which reads the data the candidate shared) or
/// the one already recorded. Errors: the governance refusal (no data shared
/// with the caller, no disclosure, a refusal already recorded).
fn verify_identity(candidate: &AgentPubKey) -> ExternResult<ActionHash> {
    #[derive(Serialize, Debug)]
    struct Input<'a> {
        candidate: &'a AgentPubKey,
        approved: bool,
        notes: Option<String>,
    }
    if crate::private_data::get_agent_private_data(candidate.clone().into()).is_err() {
        return Err(guest_error(
            "assign_role: the candidate's identity data cannot be read: not shared with you, revoked or expired (an Accountable role needs a real identity review)",
        ));
    }
    let input = Input { candidate, approved: true, notes: Some("identity reviewed for promotion".into()) };
    let record: Record = call_local("governance", "validate_agent_identity", input).map_err(|e| {
        guest_error(format!("assign_role: the candidate's identity could not be verified: {}", error_text(&e)))
    })?;
    Ok(record.action_address().clone())
}

/// Records the caller's ValidationReceipt for a Role through the governance zome.
fn record_receipt(role_hash: ActionHash, validation_type: ValidationType) -> ExternResult<()> {
    let input =
        CreateValidationReceiptInput { validated_item: role_hash, validation_type, approved: true, notes: None };
    let _: Record = call_local("governance", "create_validation_receipt", input)?;
    Ok(())
}
