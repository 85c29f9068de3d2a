//! portwiz: port phone numbers from a losing carrier with a terminal wizard.

pub mod app;
pub mod carrier;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod files;
pub mod jobs;
pub mod json;
pub mod lifecycle;
pub mod loa;
pub mod machine;
pub mod numbers_file;
pub mod safe_file;
pub mod schema;
pub mod secrets;
pub mod store;
pub mod strings;
pub mod text;
pub mod tui;
pub mod ui;
pub mod workspace;
