//! Typed identities of resources. A resource is a chain of revisions (a
//! Create, then Updates each naming the revision before it); two different
//! hashes point into that chain and must never be confused:
//!
//! - [`ResourceId`]: the resource itself — the action hash of its first
//!   revision. Links, commitments, containment and validation cite it.
//! - [`RevisionHash`]: one exact revision — what an event acts on and an
//!   end-of-life declaration is made on (the stale-revision rules read it).
//!
//! Both serialise exactly as the `ActionHash` they wrap (`serde(transparent)`),
//! so the wire format and stored entries are unchanged; in Rust, passing one
//! where the other is expected does not compile. `.0` is the raw hash for the
//! host calls (`get`, `must_get_valid_record`).
use hdi::prelude::*;

/// A resource's identity: the action hash of its first revision (its Create).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(transparent)]
pub struct ResourceId(pub ActionHash);

/// One exact revision of a resource (its Create or one of its Updates).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(transparent)]
pub struct RevisionHash(pub ActionHash);

impl ResourceId {
    /// This identity as a link tag: the hash's 39 raw bytes. The
    /// `CustodianToResources` index carries it, so a reader of an agent's
    /// holdings knows each resource without walking back from the revision
    /// the link targets (integrity checks the tag against that walk).
    pub fn to_tag(&self) -> LinkTag {
        hash_tag(&self.0)
    }

    /// The identity a tag made by [`ResourceId::to_tag`] carries; `None`
    /// for any other tag.
    pub fn from_tag(tag: &LinkTag) -> Option<ResourceId> {
        hash_in_tag(tag).map(ResourceId)
    }

    /// A tag that files a link under this resource and carries a copy of
    /// the link's target `record`: this identity's 39 bytes
    /// ([`ResourceId::to_tag`], so a query by that prefix still finds the
    /// link), then the copy ([`crate::CarriedTarget::of_within`], with the
    /// entry when the whole tag then fits in [`crate::MAX_LINK_TAG_BYTES`]).
    /// The `SpecificationToResourceApprovals` index carries it.
    pub fn to_tag_carrying(&self, record: &Record) -> ExternResult<LinkTag> {
        let mut bytes = self.to_tag().0;
        let room = crate::MAX_LINK_TAG_BYTES - bytes.len();
        bytes.extend_from_slice(crate::CarriedTarget::of_within(record, true, room)?.as_ref());
        Ok(LinkTag::new(bytes))
    }

    /// The identity a tag made by [`ResourceId::to_tag`] or
    /// [`ResourceId::to_tag_carrying`] files its link under, and the rest of
    /// the tag (empty, or the copy's tag); `None` for a tag shorter than a hash
    /// or that does not start with an action hash.
    pub fn split_tag(tag: &LinkTag) -> Option<(ResourceId, LinkTag)> {
        let (id, rest) = tag.as_ref().split_at_checked(39)?;
        Some((ResourceId(hash_in_tag(&LinkTag::new(id.to_vec()))?), LinkTag::new(rest.to_vec())))
    }

    /// The resource a valid `CustodianToResources` link names: the identity
    /// its tag carries ([`ResourceId::to_tag`]), or else the link's target —
    /// integrity accepts no other tag than a copy of a first revision
    /// ([`crate::CarriedTarget`], the creator's link), which is its own
    /// identity. Not decoded: a reader of an agent's holdings pays nothing
    /// for the copies.
    pub fn of_custody_link(tag: &LinkTag, target: &AnyLinkableHash) -> Option<ResourceId> {
        ResourceId::from_tag(tag).or_else(|| target.clone().into_action_hash().map(ResourceId))
    }
}

/// An action hash as a link tag: its 39 raw bytes (the one encoding of a
/// hash in a tag: [`ResourceId::to_tag`], and the event a `ResourceToClaims`
/// link is filed under).
pub fn hash_tag(hash: &ActionHash) -> LinkTag {
    LinkTag::new(hash.get_raw_39().to_vec())
}

/// A value as a link tag: its MessagePack bytes (the encoding of every
/// structured tag: `RevisionTag`, `CarriedTarget`).
pub fn serialized_tag<T>(value: &T) -> ExternResult<LinkTag>
where
    T: Clone + TryInto<SerializedBytes, Error = SerializedBytesError>,
{
    let bytes: SerializedBytes = value.clone().try_into().map_err(|e| wasm_error!(e))?;
    Ok(LinkTag::new(bytes.bytes().to_vec()))
}

/// The value a tag made by [`serialized_tag`] carries; `None` when its
/// bytes are not a `T`.
pub fn deserialized_tag<T>(tag: &LinkTag) -> Option<T>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    T::try_from(SerializedBytes::from(UnsafeBytes::from(tag.0.clone()))).ok()
}

/// The action hash a tag made by [`hash_tag`] carries; `None` for any other tag.
pub fn hash_in_tag(tag: &LinkTag) -> Option<ActionHash> {
    ActionHash::try_from_raw_39(tag.as_ref().to_vec()).ok()
}

impl core::fmt::Display for ResourceId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

impl core::fmt::Display for RevisionHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed ids travel as the bare hash: entries written before them decode.
    #[test]
    fn ids_serialise_as_the_hash_they_wrap() {
        let hash = ActionHash::from_raw_36(vec![7; 36]);
        let bare = holochain_serialized_bytes::encode(&hash).unwrap();
        assert_eq!(holochain_serialized_bytes::encode(&ResourceId(hash.clone())).unwrap(), bare);
        assert_eq!(holochain_serialized_bytes::encode(&RevisionHash(hash.clone())).unwrap(), bare);
        let back: RevisionHash = holochain_serialized_bytes::decode(&bare).unwrap();
        assert_eq!(back.0, hash);
    }

    #[test]
    fn a_resource_id_round_trips_through_its_link_tag() {
        let id = ResourceId(ActionHash::from_raw_36(vec![9; 36]));
        assert_eq!(ResourceId::from_tag(&id.to_tag()), Some(id));
        assert_eq!(ResourceId::from_tag(&LinkTag::new(vec![1, 2, 3])), None);
        assert_eq!(ResourceId::from_tag(&LinkTag::new(Vec::new())), None);
    }

    #[test]
    fn a_tag_carrying_a_copy_starts_with_the_identity() {
        let id = ResourceId(ActionHash::from_raw_36(vec![9; 36]));
        let entry = Entry::Agent(AgentPubKey::from_raw_36(vec![4; 36]));
        let record = crate::test_records::created(entry.clone());
        let action = record.action().clone();
        let tag = id.to_tag_carrying(&record).unwrap();
        assert!(tag.as_ref().starts_with(id.to_tag().as_ref()));
        let (filed_under, rest) = ResourceId::split_tag(&tag).unwrap();
        assert_eq!(filed_under, id);
        assert_eq!(
            crate::CarriedTarget::from_link_tag(&rest),
            Some(crate::CarriedTarget { action, entry: Some(entry) })
        );
        assert_eq!(ResourceId::split_tag(&id.to_tag()), Some((id, LinkTag::new(Vec::new()))));
        assert_eq!(ResourceId::split_tag(&LinkTag::new(vec![1; 38])), None);
        assert_eq!(ResourceId::split_tag(&LinkTag::new(vec![1; 50])), None);
    }
}
