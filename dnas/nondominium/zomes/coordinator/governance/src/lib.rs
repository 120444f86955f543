//! governance coordinator zome: the operator that decides every resource
//! state transition and records its EconomicEvent (spec §3, §5, §6.3).
pub mod claim;
pub mod commitment;
pub mod economic_event;
pub mod end_of_life;
pub mod identity_verification;
pub mod initial_transfer;
pub mod participation;
pub mod process_validation;
pub mod reputation;
pub mod resource_calls;
pub mod resource_history;
pub mod resource_validation;
pub mod rules;
pub mod signals;
pub mod state_transition;
pub mod status_transition;
pub mod validation_receipt;

pub use claim::*;
pub use commitment::*;
pub use economic_event::*;
pub use end_of_life::*;
pub use identity_verification::*;
pub use initial_transfer::*;
pub use participation::*;
pub use process_validation::*;
pub use reputation::*;
pub use resource_history::*;
pub use resource_validation::*;
pub use signals::*;
pub use state_transition::*;
pub use status_transition::*;
pub use validation_receipt::*;
