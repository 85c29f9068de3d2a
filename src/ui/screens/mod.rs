//! One module per screen.

pub mod history;
pub mod wizard;
