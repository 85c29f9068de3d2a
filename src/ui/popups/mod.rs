//! Dialogs drawn over a screen; an open popup takes every key.

pub mod calendar;
pub mod confirm;
pub mod file_browser;
pub mod help;
pub mod prompt;
