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
        let dna = inner.dna_info(())?.hash;
        if let Some(info) = CACHE.with(|c| c.borrow().as_ref().filter(|(d, _)| *d == dna).map(|(_, i)| i.clone())) {
            return Ok(info);
        }
        let info = inner.zome_info(())?;
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
