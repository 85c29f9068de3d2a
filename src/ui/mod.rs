//! The terminal interface: theme, keymaps, reusable widgets, one module per screen and the popups.

pub mod component;
pub mod keymap;
pub mod popups;
pub mod screens;
pub mod theme;
pub mod widgets;
