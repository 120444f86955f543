//! Peer validation of new resources (spec §4.3.5, §6.3 `validate_new_resource`,
//! `check_validation_status`; REQ-GOV-02/05/06): each validator the
//! specification's scheme admits records one `resource_approval`
//! ValidationReceipt; the status is computed from the distinct verdicts.
use governance_integrity::LinkTypes;
use hdk::prelude::*;
use nondominium_types::ValidationType;
use nondominium_types::{
    is_progenitor, validation_scheme_of, validation_state, EconomicResource, ResourceId, ResourceValidation,
    SchemeKind, ValidationReceipt, ValidationScheme,
};
use revisions::{decode_entry, entry_of, get_links_many, get_many, guest_error, original_of, original_records};

use crate::rules::my_credential;

/// Input of `validate_new_resource`: any revision of the resource, the verdict and notes.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ValidateNewResourceInput {
    pub resource_hash: ActionHash,
    pub approved: bool,
    pub notes: Option<String>,
}

fn scheme_for(resource_hash: &ActionHash) -> ExternResult<(ActionHash, ValidationScheme)> {
    let original = original_of(resource_hash)?.ok_or(guest_error("resource not found"))?;
    let record =
        revisions::get_record(original.clone(), GetOptions::network())?.ok_or(guest_error("resource not found"))?;
    let resource: EconomicResource = decode_entry(&record, "an EconomicResource")?;
    let spec = crate::rules::specification_at(&resource.conforms_to)?
        .ok_or(guest_error("the resource's specification cannot be found"))?;
    Ok((original, validation_scheme_of(&spec)))
}

/// Records the caller's verdict on a new resource, citing the credential its
/// specification's scheme requires (an Accountable credential, or the
/// scheme's validator role, which only Accountable Agents hold; none for a
/// progenitor). Returns the receipt's record.
/// Errors: "validate_new_resource: …" when the caller lacks that credential;
/// the integrity rule's message (own resource, second verdict, not a validator).
#[hdk_extern]
pub fn validate_new_resource(input: revisions::Checked<ValidateNewResourceInput>) -> ExternResult<Record> {
    let input = input.read("validate_new_resource")?;
    let (original, scheme) = scheme_for(&input.resource_hash)?;
    let me = agent_info()?.agent_initial_pubkey;
    // Named validators (simple majority, or an n_of_m pool) and the default scheme cite an Accountable
    // credential; a validator_role scheme cites that role (held only by Accountable Agents).
    let named = scheme.scheme == SchemeKind::SimpleMajority || !scheme.validators.is_empty();
    let validator_credential = match scheme.validator_role {
        _ if is_progenitor(&me)? => None,
        Some(role) if !named => Some(
            my_credential(|r| r == role)?
                .ok_or(guest_error(format!("validate_new_resource: this scheme's validators hold {role:?}")))?,
        ),
        _ => Some(my_credential(|r| r.is_accountable())?.ok_or(guest_error(
            "validate_new_resource: the scheme's validators must be Accountable Agents (REQ-GOV-02), and you hold no Accountable credential",
        ))?),
    };
    let receipt = ValidationReceipt {
        validator: me,
        validated_item: original.clone(),
        validation_type: ValidationType::ResourceApproval,
        approved: input.approved,
        notes: input.notes,
        validator_credential,
        performance: None,
    };
    crate::validation_receipt::write_receipt(receipt)
}

/// Where the peer validation of the resource stands, from the distinct
/// validators' first verdicts under its specification's scheme.
#[hdk_extern]
pub fn check_validation_status(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<ResourceValidation> {
    let resource_hash = resource_hash.read("check_validation_status")?;
    validations_of(std::slice::from_ref(&resource_hash))?.pop().ok_or(guest_error("resource not found"))
}

/// `check_validation_status` of each resource in `resource_hashes` (any
/// revision of each), in the same order, in one call: for lists that show
/// where every pending resource stands (`find_resources`). Errors:
/// "resource not found" when one of them cannot be read.
#[hdk_extern]
pub fn check_validation_statuses(
    resource_hashes: revisions::Checked<Vec<ActionHash>>,
) -> ExternResult<Vec<ResourceValidation>> {
    validations_of(&resource_hashes.read("check_validation_statuses")?)
}

/// Where the validation of each resource in `resource_hashes` (any revision
/// of each) stands, in the same order, from a few batched reads for all of
/// them: their first revisions, their specifications (each once), one
/// `SpecificationToResourceApprovals` query per specification (narrowed by
/// tag to the resource when only one of its resources is asked about: a
/// link query costs about the same whatever it returns, so a page of twenty
/// pays one instead of twenty), the receipts. Errors: "resource not found",
/// "the resource's specification cannot be found".
fn validations_of(resource_hashes: &[ActionHash]) -> ExternResult<Vec<ResourceValidation>> {
    // The walk back to each first revision reads it: it is the record decoded below.
    let records: Vec<Record> = original_records(resource_hashes)?
        .into_iter()
        .map(|o| o.ok_or(guest_error("resource not found")))
        .collect::<ExternResult<_>>()?;
    let originals: Vec<ActionHash> = records.iter().map(|r| r.action_address().clone()).collect();
    let mut specs: Vec<(ActionHash, ValidationScheme)> = Vec::new();
    let mut schemes: Vec<ValidationScheme> = Vec::with_capacity(originals.len());
    let mut spec_of: Vec<ActionHash> = Vec::with_capacity(originals.len());
    for record in &records {
        let resource: EconomicResource = decode_entry(record, "an EconomicResource")?;
        let spec_hash = resource.conforms_to.clone();
        let scheme = match specs.iter().find(|(h, _)| *h == spec_hash) {
            Some((_, scheme)) => scheme.clone(),
            None => {
                let spec = crate::rules::specification_at(&spec_hash)?
                    .ok_or(guest_error("the resource's specification cannot be found"))?;
                specs.push((spec_hash.clone(), validation_scheme_of(&spec)));
                specs.last().expect("pushed").1.clone()
            }
        };
        schemes.push(scheme);
        spec_of.push(spec_hash);
    }
    let queries = specs
        .iter()
        .map(|(spec, _)| {
            let query = LinkQuery::try_new(spec.clone(), LinkTypes::SpecificationToResourceApprovals)?;
            let mut asked = originals.iter().zip(&spec_of).filter(|(_, s)| *s == spec).map(|(o, _)| o);
            Ok(match (asked.next(), asked.next()) {
                (Some(only), None) => query.tag_prefix(ResourceId(only.clone()).to_tag()),
                _ => query,
            })
        })
        .collect::<ExternResult<Vec<_>>>()?;
    let mut links: Vec<Link> = get_links_many(queries, GetStrategy::Network)?.into_iter().flatten().collect();
    links.sort_by_key(|l| l.timestamp);
    // (resource, receipt) for each link filed under a resource asked about, oldest first.
    let cited: Vec<(ActionHash, ActionHash)> = links
        .into_iter()
        .filter_map(|l| Some((ResourceId::split_tag(&l.tag)?.0 .0, l.target.into_action_hash()?)))
        .filter(|(resource, _)| originals.contains(resource))
        .collect();
    let receipts = get_many(&cited.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(), GetOptions::network())?;
    let mut verdicts: Vec<Vec<(ActionHash, ValidationReceipt)>> = vec![Vec::new(); originals.len()];
    for ((resource, hash), record) in cited.into_iter().zip(receipts) {
        let receipt: Option<ValidationReceipt> = record.as_ref().map(entry_of).transpose()?.flatten();
        let Some(receipt) =
            receipt.filter(|r| r.validation_type == ValidationType::ResourceApproval && r.validated_item == resource)
        else {
            continue;
        };
        for (i, _) in originals.iter().enumerate().filter(|(_, o)| **o == resource) {
            verdicts[i].push((hash.clone(), receipt.clone()));
        }
    }
    Ok(originals
        .into_iter()
        .zip(schemes)
        .zip(verdicts)
        .map(|((original, scheme), verdicts)| tally(original, &scheme, verdicts))
        .collect())
}

/// The validation of the resource `original` under `scheme` from its
/// `resource_approval` receipts, oldest first: each validator's first verdict counts.
fn tally(
    original: ActionHash,
    scheme: &ValidationScheme,
    receipts: Vec<(ActionHash, ValidationReceipt)>,
) -> ResourceValidation {
    let mut seen: Vec<AgentPubKey> = Vec::new();
    let (mut approvals, mut rejections) = (0u32, 0u32);
    let mut approval_receipts = Vec::new();
    for (hash, receipt) in receipts {
        if seen.contains(&receipt.validator) {
            continue;
        }
        seen.push(receipt.validator);
        if receipt.approved {
            approvals += 1;
            approval_receipts.push(hash);
        } else {
            rejections += 1;
        }
    }
    let (status, required) = validation_state(scheme, approvals, rejections);
    let name = match scheme.scheme {
        SchemeKind::NOfM => format!("{}-of-{}", scheme.n.unwrap_or(1), scheme.m.unwrap_or(1)),
        SchemeKind::SimpleMajority => "simple_majority".into(),
    };
    ResourceValidation {
        resource: original,
        validation_scheme: name,
        required_validators: required,
        current_validators: approvals + rejections,
        approvals,
        rejections,
        status,
        approval_receipts,
    }
}
