//! portwiz: port phone numbers from a losing carrier with a terminal wizard.

pub mod carrier;
pub mod domain;
pub mod store;
pub mod text;
