//! One module per screen.

pub mod details;
pub mod history;
pub mod inventory;
pub mod wizard;
