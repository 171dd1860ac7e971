//! Reusable components of the shell.

pub mod csv_link;
pub mod status;
pub mod sync;
