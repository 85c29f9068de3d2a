//! The rules of porting, with no terminal and no files: numbers, dates, addresses, orders, validation.

pub mod address;
pub mod calendar;
pub mod csr;
pub mod fields;
pub mod inventory;
pub mod limits;
pub mod numbers_seen;
pub mod order;
pub mod phone;
pub mod pin;
pub mod rejection;
pub mod status;
pub mod validate;
