//! resource coordinator zome: specifications, resources, custody transfer
//! (spec §4.2, §6.2). The rules are in `resource_integrity`; state changes
//! are decided by the governance operator (`governance_calls.rs`).
pub mod economic_process;
pub mod economic_resource;
pub mod end_of_life;
pub mod governance_calls;
pub mod person_calls;
pub mod resource_specification;
pub mod rights_transfer;
pub mod signals;

pub use economic_process::*;
pub use economic_resource::*;
pub use end_of_life::*;
pub use resource_specification::*;
pub use rights_transfer::*;
pub use signals::*;
