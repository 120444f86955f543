//! Peer validation of new resources (spec §4.3.5, §6.3 `validate_new_resource`,
//! `check_validation_status`; REQ-GOV-02/05/06): each validator the
//! specification's scheme admits records one `resource_approval`
//! ValidationReceipt; the status is computed from the distinct verdicts.
use governance_integrity::LinkTypes;
use hdk::prelude::*;
use nondominium_types::ValidationType;
use nondominium_types::{
    is_progenitor, validation_scheme_of, validation_state, EconomicResource, ResourceValidation, SchemeKind,
    ValidationReceipt, ValidationScheme,
};
use revisions::{decode_entry, entry_of, guest_error, linked_records_many, original_of, original_records};

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
/// them: their first revisions, their specifications (each once), their
/// receipt links, the receipts. Errors: "resource not found", "the
/// resource's specification cannot be found".
fn validations_of(resource_hashes: &[ActionHash]) -> ExternResult<Vec<ResourceValidation>> {
    // The walk back to each first revision reads it: it is the record decoded below.
    let records: Vec<Record> = original_records(resource_hashes)?
        .into_iter()
        .map(|o| o.ok_or(guest_error("resource not found")))
        .collect::<ExternResult<_>>()?;
    let originals: Vec<ActionHash> = records.iter().map(|r| r.action_address().clone()).collect();
    let mut specs: Vec<(ActionHash, ValidationScheme)> = Vec::new();
    let mut schemes: Vec<ValidationScheme> = Vec::with_capacity(originals.len());
    for record in &records {
        let resource: EconomicResource = decode_entry(record, "an EconomicResource")?;
        let spec_hash = resource.conforms_to.clone();
        let scheme = match specs.iter().find(|(h, _)| *h == spec_hash) {
            Some((_, scheme)) => scheme.clone(),
            None => {
                let spec = crate::rules::specification_at(&spec_hash)?
                    .ok_or(guest_error("the resource's specification cannot be found"))?;
                specs.push((spec_hash, validation_scheme_of(&spec)));
                specs.last().expect("pushed").1.clone()
            }
        };
        schemes.push(scheme);
    }
    let queries = originals
        .iter()
        .map(|o| LinkQuery::try_new(o.clone(), LinkTypes::ValidatedItemToReceipts))
        .collect::<ExternResult<Vec<_>>>()?;
    let mut verdicts: Vec<Vec<(ActionHash, ValidationReceipt)>> = Vec::with_capacity(originals.len());
    for records in linked_records_many(queries)? {
        let mut mine = Vec::new();
        for record in records {
            let receipt: Option<ValidationReceipt> = entry_of(&record)?;
            if let Some(receipt) = receipt.filter(|r| r.validation_type == ValidationType::ResourceApproval) {
                mine.push((record.action_address().clone(), receipt));
            }
        }
        verdicts.push(mine);
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
