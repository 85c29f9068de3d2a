//! One module per screen.

pub mod details;
pub mod documents;
pub mod history;
pub mod inventory;
pub mod pager;
pub mod wizard;
