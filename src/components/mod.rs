//! Reusable components of the shell.

pub mod status;
