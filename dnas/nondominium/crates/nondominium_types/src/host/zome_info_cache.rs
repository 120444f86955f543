//! One `zome_info` host call per zome call instead of one per type
//! conversion.
//!
//! Every conversion the HDI's macros generate — an `EntryTypes` value to the
//! entry's location for `create_entry`/`update_entry`, a `LinkTypes` value
//! to a scoped link type for `create_link` and `LinkQuery::try_new`, an `Op`
//! flattened for `validate` — calls `zome_info()`, and each call costs the
//! host about 6 ms on the test machine (it carries the zome's every extern
//! name, entry definition and the DNA's properties; `dna_info` costs 35 µs).
//! A `find_resources` page of 20 made 20 such calls for its link queries
//! alone; a write makes one per entry and link it creates, and its
//! validation one per op.
//!
//! [`install`] puts [`CachedZomeInfo`] in front of the HDI for the rest of
//! the zome call: it answers `zome_info` from the first answer while the
//! DNA hash is the same (checked through `dna_info`, so an instance that
//! would ever serve another cell asks again), and passes every other call to
//! the HDI it replaced.
use hdi::hdi::{set_hdi, HdiT};
use hdi::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

thread_local! {
    /// The HDI that [`install`] replaced, to which every call but `zome_info` goes.
    static INNER: RefCell<Option<Rc<dyn HdiT>>> = const { RefCell::new(None) };
    /// The last `zome_info` answer and the DNA it was for.
    static CACHE: RefCell<Option<(DnaHash, ZomeInfo)>> = const { RefCell::new(None) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    /// What an integrity zome said of itself ([`install_integrity`]).
    static SELF_DESCRIBED: RefCell<Option<IntegrityZome>> = const { RefCell::new(None) };
}

/// What an integrity zome knows of itself at compile time: all the host's
/// `zome_info` would tell its `validate` callback, but the names of its
/// exported functions.
#[derive(Clone, Copy)]
pub struct IntegrityZome {
    /// Its name in the DNA manifest (`dna.yaml`), e.g. `"resource_integrity"`.
    pub name: &'static str,
    /// Its entry definitions, in the order of its `EntryTypes` (`EntryTypes::ENTRY_DEFS`).
    pub entry_defs: &'static [EntryDef],
    /// How many link types it defines (`LinkTypes::len()`).
    pub link_types: u8,
}

/// [`install`] for an integrity zome's `validate` callback, which answers
/// `zome_info` without asking the host at all. The host's answer costs
/// about 6 ms because it runs every integrity zome's `entry_defs` callback
/// and reads the wasm module's exports; every `validate` runs in a new wasm
/// instance, so the per-call cache alone still paid it once per op
/// validated. The answer is built here as the host builds it for an
/// integrity zome (Holochain 0.6 `RealRibosome::zome_info`): `id` is the
/// zome's position among the DNA's integrity zomes (`dna_info().zome_names`,
/// 35 µs), `zome_types` its own `0..n` entry and link types under that
/// index, `entry_defs` its own definitions, `properties` empty. Only
/// `extern_fns` is left empty; nothing in a validation reads it (the HDI
/// reads `zome_types`, this crate `id`). When the DNA has no integrity zome
/// of that name, the host is asked as before.
pub fn install_integrity(zome: IntegrityZome) {
    install();
    SELF_DESCRIBED.with(|s| *s.borrow_mut() = Some(zome));
}

/// The `zome_info` the host would give the integrity zome `zome` of the DNA
/// `dna`; `None` when `dna` has no integrity zome of that name.
fn described(zome: &IntegrityZome, dna: &DnaInfo) -> Option<ZomeInfo> {
    let position = dna.zome_names.iter().position(|n| n.0 == zome.name)?;
    let id = ZomeIndex(u8::try_from(position).ok()?);
    let entry_count = u8::try_from(zome.entry_defs.len()).ok()?;
    Some(ZomeInfo {
        name: ZomeName::from(zome.name),
        id,
        properties: SerializedBytes::default(),
        entry_defs: EntryDefs(zome.entry_defs.to_vec()),
        extern_fns: vec![],
        zome_types: ScopedZomeTypesSet {
            entries: ScopedZomeTypes(vec![(id, (0..entry_count).map(EntryDefIndex).collect())]),
            links: ScopedZomeTypes(vec![(id, (0..zome.link_types).map(LinkType).collect())]),
        },
    })
}

/// Puts [`CachedZomeInfo`] in front of the HDI of this wasm instance (once;
/// later calls do nothing). Called first thing by every `validate` callback,
/// every coordinator function that decodes an input
/// (`revisions::Checked::read`), and the coordinator functions without one
/// and callbacks (`init`, `post_commit`, `recv_remote_signal`).
pub fn install() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let previous = set_hdi(CachedZomeInfo);
    INNER.with(|inner| *inner.borrow_mut() = Some(previous));
}

/// The HDI in front of the host's: `zome_info` from the cache, everything
/// else passed through. See the module documentation.
pub struct CachedZomeInfo;

fn inner() -> ExternResult<Rc<dyn HdiT>> {
    INNER
        .with(|inner| inner.borrow().clone())
        .ok_or(wasm_error!(WasmErrorInner::Guest("the cached HDI has no HDI behind it".into())))
}

impl HdiT for CachedZomeInfo {
    fn zome_info(&self, _: ()) -> ExternResult<ZomeInfo> {
        let inner = inner()?;
        let dna_info = inner.dna_info(())?;
        let dna = dna_info.hash.clone();
        if let Some(info) = CACHE.with(|c| c.borrow().as_ref().filter(|(d, _)| *d == dna).map(|(_, i)| i.clone())) {
            return Ok(info);
        }
        let info = match SELF_DESCRIBED.with(|s| *s.borrow()).and_then(|zome| described(&zome, &dna_info)) {
            Some(info) => info,
            None => inner.zome_info(())?,
        };
        CACHE.with(|c| *c.borrow_mut() = Some((dna, info.clone())));
        Ok(info)
    }
    fn verify_signature(&self, input: VerifySignature) -> ExternResult<bool> {
        inner()?.verify_signature(input)
    }
    fn must_get_entry(&self, input: MustGetEntryInput) -> ExternResult<EntryHashed> {
        inner()?.must_get_entry(input)
    }
    fn must_get_action(&self, input: MustGetActionInput) -> ExternResult<SignedActionHashed> {
        inner()?.must_get_action(input)
    }
    fn must_get_valid_record(&self, input: MustGetValidRecordInput) -> ExternResult<Record> {
        inner()?.must_get_valid_record(input)
    }
    fn must_get_agent_activity(&self, input: MustGetAgentActivityInput) -> ExternResult<Vec<RegisterAgentActivity>> {
        inner()?.must_get_agent_activity(input)
    }
    fn dna_info(&self, input: ()) -> ExternResult<DnaInfo> {
        inner()?.dna_info(input)
    }
    fn trace(&self, input: TraceMsg) -> ExternResult<()> {
        inner()?.trace(input)
    }
    fn x_salsa20_poly1305_decrypt(&self, input: XSalsa20Poly1305Decrypt) -> ExternResult<Option<XSalsa20Poly1305Data>> {
        inner()?.x_salsa20_poly1305_decrypt(input)
    }
    fn x_25519_x_salsa20_poly1305_decrypt(
        &self,
        input: X25519XSalsa20Poly1305Decrypt,
    ) -> ExternResult<Option<XSalsa20Poly1305Data>> {
        inner()?.x_25519_x_salsa20_poly1305_decrypt(input)
    }
    fn ed_25519_x_salsa20_poly1305_decrypt(
        &self,
        input: Ed25519XSalsa20Poly1305Decrypt,
    ) -> ExternResult<XSalsa20Poly1305Data> {
        inner()?.ed_25519_x_salsa20_poly1305_decrypt(input)
    }
}

/// The first of the two DNA manifests — `dnas/nondominium/workdir/dna.yaml`
/// and the test DNA's `tests/workdir/dna/dna.yaml` — that does not list
/// `name` among its integrity zomes (or cannot be read), as its path; `None`
/// when both list it. For the unit test of each integrity crate's
/// `ZOME_NAME` ([`test_zome_name_in_manifests!`]; `crate_dir` is the crate's
/// `CARGO_MANIFEST_DIR`, three folders below `dnas/nondominium`): a name the
/// manifests do not list would silently send [`install_integrity`] back to
/// the host's slow answer. Native only.
pub fn manifest_without_integrity_zome(crate_dir: &str, name: &str) -> Option<String> {
    ["../../../workdir/dna.yaml", "../../../../../tests/workdir/dna/dna.yaml"]
        .into_iter()
        .map(|manifest| format!("{crate_dir}/{manifest}"))
        .find(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let integrity = text.split("coordinator:").next().unwrap_or_default();
            !integrity.contains(&format!("- name: {name}\n"))
        })
}

/// The unit test of an integrity crate's `ZOME_NAME`
/// ([`manifest_without_integrity_zome`]): `test_zome_name_in_manifests!(ZOME_NAME);`
/// at the crate's root.
#[macro_export]
macro_rules! test_zome_name_in_manifests {
    ($name:expr) => {
        #[cfg(test)]
        #[test]
        fn zome_name_is_in_both_dna_manifests() {
            let crate_dir = env!("CARGO_MANIFEST_DIR");
            let unlisted = $crate::host::zome_info_cache::manifest_without_integrity_zome(crate_dir, $name);
            assert_eq!(unlisted, None);
        }
    };
}
