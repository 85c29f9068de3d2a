//! Helpers of the store contract suite.

pub mod server;
