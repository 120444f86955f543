//! Validators' answers to an end-of-life declaration (REQ-GOV-12/13,
//! REQ-USER-P-06): `confirm_end_of_life` after the challenge period,
//! `challenge_end_of_life` during it. Both write an `end_of_life`
//! ValidationReceipt citing the caller's Accountable credential; integrity
//! checks the dates, the validator and one answer of each kind per validator.
use hdk::prelude::*;
use nondominium_types::{
    end_of_life_rule_of, is_progenitor, EconomicResource, EndOfLifeDeclaration, EndOfLifeTally, ResourceSpecification,
    ValidationReceipt,
};
use nondominium_types::{seconds_until, ValidationType};
use revisions::{decode_entry, get_local_first, guest_error};

use crate::rules::my_credential;

/// Input of `confirm_end_of_life` and `challenge_end_of_life`: the
/// declaration and optional notes (for a challenge, the reason).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EndOfLifeAnswerInput {
    pub declaration_hash: ActionHash,
    pub notes: Option<String>,
}

/// The moment the declaration's challenge period ends and the number of
/// confirmations it needs, from the `end_of_life` rule of the declared
/// resource's specification.
fn period_and_quorum(declaration_hash: &ActionHash) -> ExternResult<(Timestamp, u32)> {
    let declaration = get_local_first(declaration_hash)?.ok_or(guest_error("declaration not found"))?;
    let declared: EndOfLifeDeclaration = decode_entry(&declaration, "the declaration")?;
    let resource =
        get_local_first(&declared.resource.0)?.ok_or(guest_error("the declared resource cannot be found"))?;
    let resource: EconomicResource = decode_entry(&resource, "the declared resource")?;
    let spec =
        get_local_first(&resource.conforms_to)?.ok_or(guest_error("the resource's specification cannot be found"))?;
    let rule = end_of_life_rule_of(&decode_entry::<ResourceSpecification>(&spec, "the specification")?);
    Ok((rule.period_ends(declaration.action().timestamp()), rule.confirmations))
}

/// Where the answers to an end-of-life declaration stand (REQ-GOV-12/13):
/// the end of its challenge period, the confirmations it needs, the
/// confirming and challenging receipts, and the challengers who have not
/// confirmed since. Errors: "declaration not found".
#[hdk_extern]
pub fn get_end_of_life_tally(declaration_hash: revisions::Checked<ActionHash>) -> ExternResult<EndOfLifeTally> {
    let declaration_hash = declaration_hash.read("get_end_of_life_tally")?;
    let (challenge_period_ends, required_confirmations) = period_and_quorum(&declaration_hash)?;
    let (mut confirmations, mut challenges) = (Vec::new(), Vec::new());
    for record in crate::validation_receipt::get_validation_history(declaration_hash.into())? {
        let receipt: ValidationReceipt = decode_entry(&record, "a receipt")?;
        if receipt.validation_type != ValidationType::EndOfLife {
            continue;
        }
        if receipt.approved {
            confirmations.push(record);
        } else {
            challenges.push(record);
        }
    }
    let confirmed_by: Vec<AgentPubKey> = confirmations.iter().map(|r| r.action().author().clone()).collect();
    let mut open_challenges: Vec<AgentPubKey> = Vec::new();
    for c in &challenges {
        let challenger = c.action().author().clone();
        if !confirmed_by.contains(&challenger) && !open_challenges.contains(&challenger) {
            open_challenges.push(challenger);
        }
    }
    Ok(EndOfLifeTally { challenge_period_ends, required_confirmations, confirmations, challenges, open_challenges })
}

fn answer(input: EndOfLifeAnswerInput, approved: bool) -> ExternResult<Record> {
    let me = agent_info()?.agent_initial_pubkey;
    let (ends, _) = period_and_quorum(&input.declaration_hash)?;
    let now = sys_time()?;
    if approved && now < ends {
        return Err(guest_error(format!(
            "confirm_end_of_life: the challenge period ends in {} s",
            seconds_until(ends, now)
        )));
    }
    if !approved && now >= ends {
        return Err(guest_error("challenge_end_of_life: the challenge period is over"));
    }
    let validator_credential = if is_progenitor(&me)? {
        None
    } else {
        Some(my_credential(|r| r.is_accountable())?.ok_or(guest_error(if approved {
            "confirm_end_of_life: only Accountable Agents confirm an end of life"
        } else {
            "challenge_end_of_life: only Accountable Agents challenge an end of life"
        }))?)
    };
    let receipt = ValidationReceipt {
        validator: me,
        validated_item: input.declaration_hash.clone(),
        validation_type: ValidationType::EndOfLife,
        approved,
        notes: input.notes,
        validator_credential,
        performance: None,
    };
    crate::validation_receipt::write_receipt(receipt)
}

/// Confirms an end-of-life declaration (REQ-GOV-12), once its challenge
/// period is over; a validator who challenged it resolves their challenge
/// this way. Returns the receipt. Errors: "confirm_end_of_life: the challenge
/// period ends in <n> s"; "… only Accountable Agents confirm an end of life";
/// the integrity rule's message (own declaration, second confirmation).
#[hdk_extern]
pub fn confirm_end_of_life(input: revisions::Checked<EndOfLifeAnswerInput>) -> ExternResult<Record> {
    let input = input.read("confirm_end_of_life")?;
    answer(input, true)
}

/// Challenges an end-of-life declaration during its challenge period
/// (REQ-GOV-13): the declaration cannot be finalised while any challenger has
/// not confirmed it since. Returns the receipt. Errors: "challenge_end_of_life:
/// the challenge period is over"; "… only Accountable Agents challenge an end
/// of life"; the integrity rule's message.
#[hdk_extern]
pub fn challenge_end_of_life(input: revisions::Checked<EndOfLifeAnswerInput>) -> ExternResult<Record> {
    let input = input.read("challenge_end_of_life")?;
    answer(input, false)
}
