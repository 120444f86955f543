//! Validation of process completions (spec §4.3.13, §6.3
//! `validate_process_completion`, `get_process_validation_requirements`;
//! REQ-GOV-05/07): where the network's DNA properties require validators for
//! a process type, each one records a `process_validation` receipt about the
//! process, and its completion cites the approving ones.
use governance_integrity::LinkTypes;
use hdk::prelude::*;
use nondominium_types::{
    check_verdict_performance, is_progenitor, process_validation_of, EconomicProcess, ProcessValidationStatus,
    ValidateProcessInput, ValidationReceipt, ValidationType,
};
use revisions::{decode_entry, guest_error, linked_records, original_of};

use crate::rules::my_credential;

/// Records the caller's verdict on the completion of someone else's process
/// (any revision), citing the credential the network's requirements for its
/// type ask for (its `validator_role`, else an Accountable role; none for a
/// progenitor), and links it from the process. A rejection's `notes` say why:
/// the completion keeps waiting and shows them. `performance` is the
/// validator's assessment (spec §4.3.14), required to approve where the
/// network sets `performance_thresholds` for the type, and at or above each
/// of them. Returns the receipt's record.
/// Errors: "validate_process_completion: …" (process not found, the caller
/// lacks the credential, the assessment is missing or below a threshold:
/// "ValidationReceipt cannot approve a Repair process below its
/// performance_thresholds: quality_score 0.5 < minimum_quality 0.8 …"); the
/// integrity rule's message (own process, a second verdict).
#[hdk_extern]
pub fn validate_process_completion(input: revisions::Checked<ValidateProcessInput>) -> ExternResult<Record> {
    let input = input.read("validate_process_completion")?;
    let fail = |why: String| guest_error(format!("validate_process_completion: {why}"));
    let id = original_of(&input.process_hash)?.ok_or(fail("process not found".into()))?;
    let record = revisions::get_record(id.clone(), GetOptions::network())?.ok_or(fail("process not found".into()))?;
    let process: EconomicProcess = decode_entry(&record, "an EconomicProcess")?;
    let me = agent_info()?.agent_initial_pubkey;
    if record.action().author() == &me {
        // Integrity refuses it too; said first, before what the verdict would need.
        return Err(fail("ValidationReceipt validator cannot validate their own process".into()));
    }
    let requirement = process_validation_of(process.process_type)?;
    check_verdict_performance(process.process_type, requirement.as_ref(), input.approved, input.performance.as_ref())
        .map_err(fail)?;
    let role = requirement.and_then(|r| r.validator_role);
    let validator_credential = match role {
        _ if is_progenitor(&me)? => None,
        Some(role) => Some(
            my_credential(|r| r == role)?
                .ok_or(fail(format!("a {:?} process is validated by holders of {role:?}", process.process_type)))?,
        ),
        None => Some(
            my_credential(|r| r.is_accountable())?
                .ok_or(fail("process completions are validated by Accountable Agents".into()))?,
        ),
    };
    crate::validation_receipt::write_receipt(ValidationReceipt {
        validator: me,
        validated_item: id,
        validation_type: ValidationType::ProcessValidation,
        approved: input.approved,
        notes: input.notes,
        validator_credential,
        performance: input.performance,
    })
}

/// Where the validation of a process (any revision) stands: how many
/// approving validators its completion waits for under this network's
/// requirements, and the `process_validation` receipts so far (one verdict
/// per validator: integrity refuses a second). Errors: "process not found".
#[hdk_extern]
pub fn get_process_validation(process_hash: revisions::Checked<ActionHash>) -> ExternResult<ProcessValidationStatus> {
    let process_hash = process_hash.read("get_process_validation")?;
    let id = original_of(&process_hash)?.ok_or(guest_error("get_process_validation: process not found"))?;
    let record = revisions::get_record(id.clone(), GetOptions::network())?
        .ok_or(guest_error("get_process_validation: process not found"))?;
    let process: EconomicProcess = decode_entry(&record, "an EconomicProcess")?;
    let requirement = process_validation_of(process.process_type)?;
    let (mut approvals, mut rejections) = (Vec::new(), Vec::new());
    for receipt_record in linked_records(LinkQuery::try_new(id, LinkTypes::ValidatedItemToReceipts)?)? {
        let Ok(receipt) = decode_entry::<ValidationReceipt>(&receipt_record, "a ValidationReceipt") else { continue };
        if receipt.validation_type != ValidationType::ProcessValidation {
            continue;
        }
        if receipt.approved {
            approvals.push(receipt_record);
        } else {
            rejections.push(receipt_record);
        }
    }
    Ok(ProcessValidationStatus {
        required: requirement.as_ref().map_or(0, |r| r.minimum_validators),
        validator_role: requirement.as_ref().and_then(|r| r.validator_role),
        performance_thresholds: requirement.and_then(|r| r.performance_thresholds).filter(|t| t.is_set()),
        approvals,
        rejections,
    })
}
