//! TEST ONLY: sample records for the unit tests of link tags that carry a
//! copy of their target (`CarriedTarget`, `ResourceId::to_tag_carrying`)
//! and of the history rules' chain reads (`bounded_part`).
use hdi::prelude::*;

/// A public app entry's Create by a sample author, with a realistic
/// timestamp and chain position (their MessagePack size is what a real
/// copy pays), signed with a blank signature and pre-hashed.
pub(crate) fn created(entry: Entry) -> Record {
    let action = Action::Create(Create {
        author: AgentPubKey::from_raw_36(vec![2; 36]),
        timestamp: Timestamp(1_765_000_000_000_000),
        action_seq: 1_000,
        prev_action: ActionHash::from_raw_36(vec![3; 36]),
        entry_type: EntryType::App(AppEntryDef::new(1.into(), 1.into(), EntryVisibility::Public)),
        entry_hash: EntryHash::from_raw_36(vec![4; 36]),
        weight: EntryRateWeight::default(),
    });
    let hashed = ActionHashed::with_pre_hashed(action, ActionHash::from_raw_36(vec![5; 36]));
    Record::new(SignedActionHashed::with_presigned(hashed, Signature([0; 64])), Some(entry))
}

/// A sample author's action `n` on their chain (`action_seq` n), dated
/// `timestamp` µs, with hash bytes all `n`: newest-first chains are built
/// from these.
pub(crate) fn chain_action(n: u8, timestamp: i64) -> SignedActionHashed {
    let action = Action::Create(Create {
        author: AgentPubKey::from_raw_36(vec![2; 36]),
        timestamp: Timestamp(timestamp),
        action_seq: n.into(),
        prev_action: ActionHash::from_raw_36(vec![n.wrapping_sub(1); 36]),
        entry_type: EntryType::App(AppEntryDef::new(1.into(), 1.into(), EntryVisibility::Public)),
        entry_hash: EntryHash::from_raw_36(vec![4; 36]),
        weight: EntryRateWeight::default(),
    });
    let hashed = ActionHashed::with_pre_hashed(action, ActionHash::from_raw_36(vec![n; 36]));
    SignedActionHashed::with_presigned(hashed, Signature([0; 64]))
}
