//! Reusable components of the shell.

pub mod status;
pub mod sync;
