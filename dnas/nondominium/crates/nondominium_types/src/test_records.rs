//! TEST ONLY: sample records for the unit tests of link tags that carry a
//! copy of their target (`CarriedTarget`, `ResourceId::to_tag_carrying`)
//! and of the history rules' chain reads (`bounded_part`, `chain_back`).
use hdi::prelude::*;

/// A public app entry's Create by a sample author, with a realistic
/// timestamp and chain position (their MessagePack size is what a real
/// copy pays), signed with a blank signature and pre-hashed.
pub(crate) fn created(entry: Entry) -> Record {
    let action = signed(sample_create(1_765_000_000_000_000, 1_000, 3), 5);
    Record::new(action, Some(entry))
}

/// A sample author's action `n` on their chain (`action_seq` n), dated
/// `timestamp` µs, with hash bytes all `n`: newest-first chains are built
/// from these.
pub(crate) fn chain_action(n: u8, timestamp: i64) -> SignedActionHashed {
    signed(sample_create(timestamp, n.into(), n.wrapping_sub(1)), n)
}

/// The sample author's genesis action (`Dna`, `action_seq` 0, no previous
/// action), dated `timestamp` µs, with hash bytes all 0: the bottom of the
/// chains built from [`chain_action`].
pub(crate) fn genesis(timestamp: i64) -> SignedActionHashed {
    let action = Action::Dna(Dna {
        author: AgentPubKey::from_raw_36(vec![2; 36]),
        timestamp: Timestamp(timestamp),
        hash: DnaHash::from_raw_36(vec![7; 36]),
    });
    signed(action, 0)
}

/// The sample author's Create of a public app entry, dated `timestamp` µs,
/// at `action_seq`, after the action whose hash bytes are all `prev`.
fn sample_create(timestamp: i64, action_seq: u32, prev: u8) -> Action {
    Action::Create(Create {
        author: AgentPubKey::from_raw_36(vec![2; 36]),
        timestamp: Timestamp(timestamp),
        action_seq,
        prev_action: ActionHash::from_raw_36(vec![prev; 36]),
        entry_type: EntryType::App(AppEntryDef::new(1.into(), 1.into(), EntryVisibility::Public)),
        entry_hash: EntryHash::from_raw_36(vec![4; 36]),
        weight: EntryRateWeight::default(),
    })
}

/// `action` with hash bytes all `hash`, signed with a blank signature.
fn signed(action: Action, hash: u8) -> SignedActionHashed {
    let hashed = ActionHashed::with_pre_hashed(action, ActionHash::from_raw_36(vec![hash; 36]));
    SignedActionHashed::with_presigned(hashed, Signature([0; 64]))
}
