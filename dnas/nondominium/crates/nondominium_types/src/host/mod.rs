//! The validation helpers that read the host — the `must_get_*` family and
//! the DNA info — for integrity `validate` and the coordinators that dry-run
//! it. Everything outside this module is pure (no host call) and
//! unit-tested natively. Each helper returns `ExternResult`, so a dependency
//! not yet available makes validation retry, never decide.
pub mod chain;
pub mod credentials;
pub mod economic_event;
pub mod participation;
pub mod process;
pub mod records;
pub mod verdicts;
pub mod zome_info_cache;

pub use chain::*;
pub use credentials::*;
pub use economic_event::*;
pub use participation::*;
pub use process::*;
pub use records::*;
pub use verdicts::*;
