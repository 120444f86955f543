//! A link tag that carries a copy of the link's target record: for an index
//! link written in the same zome call as its target, so that the link's
//! rules (the target's type, author and fields) are decided from the link
//! alone.
//!
//! Why: another peer receives a zome call's ops one at a time, in no fixed
//! order (kitsune2 fetches each op by itself, two at a time, in the order
//! the author's publish reached it, which goes basis by basis). When its
//! validation round runs after an index link has arrived but before the
//! record the link points at, the link's rule cannot read its target: the op
//! "awaits dependencies", and Holochain 0.6 holds every op's validation on
//! that peer until its next round, 100-3000 ms later — the record itself
//! included. Measured here (`BENCH_ONLY=visibility`, README *Performance*):
//! 3 of 40 specifications and 7 of 40 resources seen 2.9 s late instead of
//! 25-70 ms. With the target in the tag, checked against the target hash
//! (`hash_action`, `hash_entry`), the rule reads nothing else and never
//! waits.
use hdi::prelude::*;

/// Holochain's bound on a link tag's bytes (`MAX_TAG_SIZE` of its sys
/// validation): a copy of the target's entry that would not fit is left out.
pub const MAX_LINK_TAG_BYTES: usize = 1000;

/// The tag of an index link that carries its target: the target's action
/// and, when the link's rules read the target's fields and it fits, its
/// entry. Integrity accepts it only when the action hashes to the link's
/// target and the entry to the action's entry hash, so the copy is the
/// target whoever wrote the tag.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct CarriedTarget {
    /// The target's action.
    pub action: Action,
    /// The target's entry, or `None` (not read by the link's rules, or too large for a tag).
    pub entry: Option<Entry>,
}

impl CarriedTarget {
    /// The tag carrying `record`'s action, and its entry when `with_entry`
    /// and the tag then fits in [`MAX_LINK_TAG_BYTES`].
    pub fn of(record: &Record, with_entry: bool) -> ExternResult<LinkTag> {
        Self::of_within(record, with_entry, MAX_LINK_TAG_BYTES)
    }

    /// [`CarriedTarget::of`] for a tag that holds other bytes too: the entry
    /// only when the copy then fits in `max_bytes`.
    pub fn of_within(record: &Record, with_entry: bool, max_bytes: usize) -> ExternResult<LinkTag> {
        let action = record.action().clone();
        if with_entry {
            if let Some(entry) = record.entry().as_option() {
                let tag = CarriedTarget { action: action.clone(), entry: Some(entry.clone()) }.to_link_tag()?;
                if tag.0.len() <= max_bytes {
                    return Ok(tag);
                }
            }
        }
        CarriedTarget { action, entry: None }.to_link_tag()
    }

    /// The tag's bytes, for `create_link`.
    pub fn to_link_tag(&self) -> ExternResult<LinkTag> {
        crate::serialized_tag(self)
    }

    /// The copy a tag made by [`CarriedTarget::to_link_tag`] carries; `None`
    /// for any other tag. Not yet checked against a target: see
    /// `host::carried_target`.
    pub fn from_link_tag(tag: &LinkTag) -> Option<CarriedTarget> {
        crate::deserialized_tag(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_round_trips_through_its_link_tag() {
        let entry = Entry::Agent(AgentPubKey::from_raw_36(vec![4; 36]));
        let action = crate::test_records::created(entry.clone()).action().clone();
        let carried = CarriedTarget { action, entry: Some(entry) };
        assert_eq!(CarriedTarget::from_link_tag(&carried.to_link_tag().unwrap()), Some(carried));
        assert_eq!(CarriedTarget::from_link_tag(&LinkTag::new(vec![1, 2, 3])), None);
        assert_eq!(CarriedTarget::from_link_tag(&LinkTag::new(Vec::new())), None);
    }
}
