//! Takt's engine: the pure domain shared by the browser app and the server.
//!
//! The engine is a state machine: [`apply`] takes a [`State`] and a [`Command`] and either
//! changes the state and says what it did ([`Applied`]) or leaves it untouched and says why
//! ([`Rejection`]). Everything derived (plans, ATP, proposals, alerts) is a pure query function
//! of the state. Time and ids are parameters; nothing here reads a clock, a file, the network or
//! a random number generator, so the same inputs give the same outputs on wasm and native.

pub mod csv_io;
pub mod demand;
pub mod demo;
pub mod edi;
pub mod jit;
pub mod model;
pub mod mrp;
pub mod snapshot;
pub mod state;
pub mod sync;
pub mod types;
pub mod vmi;

pub use state::{Applied, Command, Rejection, State, apply};
pub use types::{Day, Qty};
