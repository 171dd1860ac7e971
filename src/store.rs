//! The local store: the engine state the pages read and the one `dispatch` through which they
//! change it. Provided once at the root (`provide_store`), used anywhere (`use_store`).
//!
//! Commands are applied locally at once (optimistic) by the engine's `apply`; the persistence
//! and sync service (IndexedDB, push/pull, rebase) sits behind this same interface, so pages
//! never know whether they are online.

use leptos::prelude::*;
use takt_engine::state::Applied;
use takt_engine::{Command, Day, Rejection, State, apply};

/// A command applied locally and not yet confirmed by the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The client's own number for the command (1, 2, 3, …).
    pub seq: u64,
    pub command: Command,
}

/// Copy handle to the store.
#[derive(Debug, Clone, Copy)]
pub struct Store {
    state: RwSignal<State>,
    pending: RwSignal<Vec<Pending>>,
    next_seq: RwSignal<u64>,
}

impl Store {
    fn new(state: State) -> Store {
        Store {
            state: RwSignal::new(state),
            pending: RwSignal::new(Vec::new()),
            next_seq: RwSignal::new(1),
        }
    }

    /// Reads the current (optimistic) state, tracking it for reactivity.
    pub fn with<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.state.with(f)
    }

    /// Reads the current state without tracking.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.state.with_untracked(f)
    }

    /// Applies a command locally and queues it for the server. On rejection nothing changes.
    pub fn dispatch(&self, command: Command) -> Result<Applied, Rejection> {
        let mut result = None;
        self.state
            .update(|s| result = Some(apply(s, command.clone())));
        let applied =
            result.unwrap_or_else(|| Err(Rejection::invalid("store", "not available")))?;
        let seq = self.next_seq.get_untracked();
        self.next_seq.set(seq + 1);
        self.pending.update(|p| p.push(Pending { seq, command }));
        Ok(applied)
    }

    /// Commands applied locally and not yet confirmed.
    pub fn pending_count(&self) -> usize {
        self.pending.with(Vec::len)
    }
}

/// Provides an empty store at the root.
pub fn provide_store() -> Store {
    provide_store_with(State::default())
}

/// Provides a store holding `state` (tests, demo).
pub fn provide_store_with(state: State) -> Store {
    let store = Store::new(state);
    provide_context(store);
    store
}

/// The store provided at the root.
pub fn use_store() -> Store {
    use_context::<Store>().unwrap_or_else(provide_store)
}

/// The demo data set applied to an empty state (the same commands the server seeds).
pub fn demo_state(as_of: Day) -> State {
    let mut state = State::default();
    for command in takt_engine::demo::commands(as_of) {
        // The demo is tested natively to apply cleanly; a rejected command is skipped.
        let _ = apply(&mut state, command);
    }
    state
}

/// Today in the browser's clock: the UI's `as_of` for planning queries.
#[allow(clippy::disallowed_methods)] // the app owns the clock; the engine gets it as a parameter
pub fn today() -> Day {
    Day::from_date(chrono::Local::now().date_naive())
}

/// Now in the browser's clock, for the JIT monitor's lateness.
#[allow(clippy::disallowed_methods)] // the app owns the clock; the engine gets it as a parameter
pub fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}
