//! The local store: the engine state the pages read and the one `dispatch` through which they
//! change it. Provided once at the root (`provide_store`), used anywhere (`use_store`).
//!
//! Behind it is the engine's pure [`SyncClient`]: a command is applied to the view at once
//! (optimistic), saved to IndexedDB in one transaction, and pushed when online; pulls bring the
//! server's changes and rebase the pending commands. Pages never know whether they are online.

use crate::persist::{self, LocalDb, Owner, PersistError};
use crate::session::{Role, Session, Validity};
use leptos::prelude::*;
use std::rc::Rc;
use takt_engine::state::Applied;
use takt_engine::sync::{Pending, PullResponse, PushResponse, RejectedCommand, SyncClient};
use takt_engine::{Command, Day, Rejection, State, apply};

/// Commands per push request.
const PUSH_BATCH: usize = 500;
/// Entities per pull page.
const PULL_LIMIT: u64 = 2_000;
/// Seconds between background syncs when all is well.
const SYNC_EVERY_S: u32 = 15;
/// Longest wait between retries after failures.
const MAX_BACKOFF_S: u32 = 30;

/// What the header shows about sync.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    /// When the last full sync finished (browser clock, RFC 3339).
    pub last_sync: Option<String>,
    /// The last sync error, cleared by a successful sync.
    pub error: Option<String>,
    pub syncing: bool,
    /// A local write failed (storage full, say): shown until dismissed.
    pub storage_error: Option<String>,
    /// False when another tab of the same user has taken over: this one only reads.
    pub active: bool,
    /// The local data has been loaded (or there is none to load).
    pub loaded: bool,
}

/// Copy handle to the store.
#[derive(Debug, Clone, Copy)]
pub struct Store {
    client: RwSignal<SyncClient>,
    status: RwSignal<SyncStatus>,
    session: RwSignal<Option<Session>>,
    db: StoredValue<Option<Rc<LocalDb>>, LocalStorage>,
    /// Bumped to ask the sync loop to run now (a new command, the network is back).
    kick: RwSignal<u64>,
}

impl Store {
    fn new(client: SyncClient, session: Option<Session>) -> Store {
        Store {
            client: RwSignal::new(client),
            status: RwSignal::new(SyncStatus {
                active: true,
                ..SyncStatus::default()
            }),
            session: RwSignal::new(session),
            db: StoredValue::new_local(None),
            kick: RwSignal::new(0),
        }
    }

    /// Reads the current (optimistic) state, tracking it for reactivity.
    pub fn with<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.client.with(|c| f(c.view()))
    }

    /// Reads the current state without tracking.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.client.with_untracked(|c| f(c.view()))
    }

    /// Applies a command locally, saves it and queues it for the server. On rejection nothing
    /// changes and nothing is queued.
    pub fn dispatch(&self, command: Command) -> Result<Applied, Rejection> {
        if !self.status.with_untracked(|s| s.active) {
            return Err(Rejection::precondition(
                "this tab",
                "Takt is open in another tab; choose \u{201c}Use here\u{201d} to work in this one",
            ));
        }
        let mut result = None;
        self.client.update(|c| result = Some(c.submit(command)));
        let applied =
            result.unwrap_or_else(|| Err(Rejection::invalid("store", "not available")))?;
        self.save_last_submitted();
        self.kick.update(|k| *k += 1);
        Ok(applied)
    }

    /// Saves the command just submitted; when the write fails the command is taken back, so
    /// what the user sees is what is stored.
    fn save_last_submitted(&self) {
        let Some(db) = self.db.get_value() else {
            return;
        };
        let store = *self;
        let started = self.client.with_untracked(|c| {
            let pending = c.pending.last()?.clone();
            let last_sync = store.status.with_untracked(|s| s.last_sync.clone());
            Some((
                pending.seq,
                db.save_submitted(c, &pending, last_sync.as_deref()),
            ))
        });
        let Some((seq, started)) = started else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = match started {
                Ok(tx) => persist::commit(tx).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                store.client.update(|c| {
                    c.pending.retain(|p| p.seq != seq);
                    c.rebuild_view();
                });
                store
                    .status
                    .update(|s| s.storage_error = Some(e.to_string()));
            }
        });
    }

    /// Commands applied locally and not yet confirmed.
    pub fn pending_count(&self) -> usize {
        self.client.with(|c| c.pending.len())
    }

    /// Commands the server refused, with their reasons.
    pub fn rejected(&self) -> Vec<RejectedCommand> {
        self.client.with(|c| c.rejected.clone())
    }

    /// Sends a refused command again (after the user fixed what it depends on).
    /// It leaves the inbox only when it applies locally (then it is queued under a new
    /// number); otherwise it stays there and the local reason is returned.
    pub fn retry_rejected(&self, seq: u64) -> Result<Applied, Rejection> {
        let command = self.client.with_untracked(|c| {
            c.rejected
                .iter()
                .find(|r| r.seq == seq)
                .map(|r| r.command.clone())
        });
        let Some(command) = command else {
            return Err(Rejection::not_found("rejected command", seq));
        };
        let applied = self.dispatch(command)?;
        self.client.update(|c| c.rejected.retain(|r| r.seq != seq));
        self.save_synced(Vec::new());
        Ok(applied)
    }

    /// Forgets one refused command.
    pub fn discard_rejected(&self, seq: u64) {
        self.client.update(|c| c.rejected.retain(|r| r.seq != seq));
        self.save_synced(Vec::new());
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    pub fn dismiss_storage_error(&self) {
        self.status.update(|s| s.storage_error = None);
    }

    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// Asks the sync loop to run now.
    pub fn sync_now(&self) {
        self.kick.update(|k| *k += 1);
    }

    fn save_synced(&self, changes: Vec<takt_engine::sync::Change>) {
        let Some(db) = self.db.get_value() else {
            return;
        };
        let store = *self;
        let last_sync = self.status.with_untracked(|s| s.last_sync.clone());
        let started = self
            .client
            .with_untracked(|c| db.save_synced(c, &changes, last_sync.as_deref()));
        leptos::task::spawn_local(async move {
            let result = match started {
                Ok(tx) => persist::commit(tx).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                store
                    .status
                    .update(|s| s.storage_error = Some(e.to_string()));
            }
        });
    }

    /// Opens the user's local database, loads what it holds and starts syncing. `fresh` is
    /// a session the server has just handed out (sign-in); a saved one is checked first
    /// ([`Store::trusted_session`]).
    pub fn start(&self, session: Session, fresh: bool) {
        if fresh {
            self.session.set(Some(session.clone()));
        }
        let store = *self;
        leptos::task::spawn_local(async move {
            match LocalDb::open(&session.user.name).await {
                Ok(db) => {
                    let session = if fresh {
                        session
                    } else {
                        match store.trusted_session(&db, session).await {
                            Some(s) => s,
                            None => return,
                        }
                    };
                    db.set_owner(Owner {
                        user: session.user.clone(),
                        token_check: session.token_check(),
                    });
                    let scope = (session.user.role == Role::Customer)
                        .then(|| session.user.customers.clone());
                    match db.load(scope.as_deref()).await {
                        Ok(Some((client, last_sync))) => {
                            store.client.set(client);
                            store.status.update(|s| s.last_sync = last_sync);
                        }
                        Ok(None) => store.client.set(SyncClient::new(new_client_id())),
                        Err(e) => store
                            .status
                            .update(|s| s.storage_error = Some(e.to_string())),
                    }
                    store.db.set_value(Some(Rc::new(db)));
                    store.save_synced(Vec::new());
                }
                Err(e) => store
                    .status
                    .update(|s| s.storage_error = Some(e.to_string())),
            }
            store.status.update(|s| s.loaded = true);
            store.sync_loop().await;
        });
    }

    /// The saved session with the user it really belongs to: the server's word when it
    /// answers, else the user recorded with the local data for this token. `None` when the
    /// session is refused or cannot be checked (then the sign-in form shows, with a reason).
    async fn trusted_session(&self, db: &LocalDb, mut session: Session) -> Option<Session> {
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(false);
        let validity = if online {
            crate::session::revalidate(&session.token).await
        } else {
            Validity::Unknown
        };
        let user = match validity {
            Validity::Valid(user) => user,
            Validity::Refused => {
                self.refuse_session("your session has ended: sign in again");
                return None;
            }
            Validity::Unknown => match db.stored_owner().await {
                Ok(Some(owner)) if owner.token_check == session.token_check() => owner.user,
                // No record of this token here (another user's database, data saved by an
                // older version, an edited token): nothing local can vouch for the user.
                _ => {
                    self.refuse_session(
                        "this session cannot be checked offline: sign in when the network is back",
                    );
                    return None;
                }
            },
        };
        if user.name != session.user.name {
            // The saved session named another user than its token's: the wrong local database
            // is open. Save the right user and start again.
            session.user = user;
            crate::session::save(&session);
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
            return None;
        }
        if user != session.user {
            session.user = user;
            crate::session::save(&session);
        }
        self.session.set(Some(session.clone()));
        Some(session)
    }

    fn refuse_session(&self, why: &str) {
        crate::session::clear();
        self.session.set(None);
        self.status.update(|s| {
            s.loaded = true;
            s.error = Some(why.to_owned());
        });
    }

    /// Signs out: the local data stays (for the next sign-in), the session goes.
    pub fn sign_out(&self) {
        crate::session::clear();
        self.session.set(None);
        self.client.set(SyncClient::new(String::new()));
        self.db.set_value(None);
    }

    /// Another tab took over (`false`) or this tab takes over again (`true`, reloading what
    /// the other tab saved).
    pub fn set_active(&self, active: bool) {
        self.status.update(|s| s.active = active);
        if active && let Some(db) = self.db.get_value() {
            let store = *self;
            leptos::task::spawn_local(async move {
                let scope = store.session.with_untracked(|s| {
                    s.as_ref()
                        .filter(|s| s.user.role == Role::Customer)
                        .map(|s| s.user.customers.clone())
                });
                if let Ok(Some((client, last_sync))) = db.load(scope.as_deref()).await {
                    store.client.set(client);
                    store.status.update(|s| s.last_sync = last_sync);
                }
                store.sync_now();
            });
        }
    }

    async fn sync_loop(self) {
        let mut backoff = 1;
        loop {
            let session = self.session.get_untracked();
            let Some(session) = session else { return };
            let online = web_sys::window()
                .map(|w| w.navigator().on_line())
                .unwrap_or(false);
            let mut wait = SYNC_EVERY_S;
            if online && self.status.with_untracked(|s| s.active) {
                self.status.update(|s| s.syncing = true);
                match self.sync_once(&session.token).await {
                    Ok(()) => {
                        backoff = 1;
                        self.status.update(|s| {
                            s.error = None;
                            s.last_sync = Some(now_rfc3339());
                        });
                        self.save_synced(Vec::new());
                    }
                    Err(SyncFailure::Unauthorized) => {
                        self.status.update(|s| {
                            s.syncing = false;
                            s.error = Some("your session has expired: sign in again".into());
                        });
                        return;
                    }
                    Err(SyncFailure::Other(e)) => {
                        self.status.update(|s| s.error = Some(e));
                        wait = backoff;
                        backoff = (backoff * 2).min(MAX_BACKOFF_S);
                    }
                }
                self.status.update(|s| s.syncing = false);
            }
            // Wait, waking early when a command is queued or the network comes back.
            let kicked = self.kick.get_untracked();
            let online_now = online;
            for _ in 0..(wait * 4) {
                gloo_timers::future::TimeoutFuture::new(250).await;
                let back_online = !online_now
                    && web_sys::window()
                        .map(|w| w.navigator().on_line())
                        .unwrap_or(false);
                if self.kick.get_untracked() != kicked || back_online {
                    break;
                }
            }
        }
    }

    async fn sync_once(&self, token: &str) -> Result<(), SyncFailure> {
        // Push everything pending, in batches.
        while let Some(request) = self.client.with_untracked(|c| c.push_request(PUSH_BATCH)) {
            let response = gloo_net::http::Request::post("/api/v1/push")
                .header("Authorization", &format!("Bearer {token}"))
                .json(&request)
                .map_err(|e| SyncFailure::Other(e.to_string()))?
                .send()
                .await
                .map_err(|_| SyncFailure::Other("the server cannot be reached".into()))?;
            match response.status() {
                200 => {
                    let body: PushResponse = response
                        .json()
                        .await
                        .map_err(|e| SyncFailure::Other(e.to_string()))?;
                    self.client.update(|c| c.on_push_response(&body));
                    self.save_synced(Vec::new());
                }
                401 => return Err(SyncFailure::Unauthorized),
                403 => {
                    // The server refused a command this user may not send: it would be refused
                    // forever, so it goes to the rejection inbox with the server's reason.
                    let message = error_message(response).await;
                    let first = request.commands.first().map(|n| n.seq);
                    self.client.update(|c| {
                        if let Some(i) = c.pending.iter().position(|p| Some(p.seq) == first) {
                            let p: Pending = c.pending.remove(i);
                            c.rejected.push(RejectedCommand {
                                seq: p.seq,
                                command: p.command,
                                message: message.clone(),
                                reason: None,
                            });
                            c.rebuild_view();
                        }
                    });
                    self.save_synced(Vec::new());
                }
                status => {
                    let message = error_message(response).await;
                    return Err(SyncFailure::Other(format!(
                        "push refused ({status}): {message}"
                    )));
                }
            }
        }
        // Pull until the server has nothing more.
        loop {
            let (cursor, client_id) = self
                .client
                .with_untracked(|c| (c.cursor, c.client_id.clone()));
            let url = format!(
                "/api/v1/pull?cursor={cursor}&client_id={}&limit={PULL_LIMIT}",
                js_sys::encode_uri_component(&client_id)
            );
            let response = gloo_net::http::Request::get(&url)
                .header("Authorization", &format!("Bearer {token}"))
                .send()
                .await
                .map_err(|_| SyncFailure::Other("the server cannot be reached".into()))?;
            match response.status() {
                200 => {}
                401 => return Err(SyncFailure::Unauthorized),
                status => {
                    let message = error_message(response).await;
                    return Err(SyncFailure::Other(format!(
                        "pull refused ({status}): {message}"
                    )));
                }
            }
            let page: PullResponse = response
                .json()
                .await
                .map_err(|e| SyncFailure::Other(e.to_string()))?;
            let mut result = Ok(());
            self.client.update(|c| result = c.on_pull(&page));
            result.map_err(|e| SyncFailure::Other(format!("{e:?}")))?;
            let more = page.more;
            self.save_synced(page.changes);
            if !more {
                return Ok(());
            }
        }
    }
}

#[derive(Debug)]
enum SyncFailure {
    Unauthorized,
    Other(String),
}

async fn error_message(response: gloo_net::http::Response) -> String {
    #[derive(serde::Deserialize)]
    struct Body {
        message: String,
    }
    response
        .json::<Body>()
        .await
        .map(|b| b.message)
        .unwrap_or_default()
}

/// A new client id: random enough that two browsers never share one.
fn new_client_id() -> String {
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("web-{:x}-{a:08x}{b:08x}", js_sys::Date::now() as u64)
}

fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Provides the store at the root, with the saved session (if any) started.
pub fn provide_store() -> Store {
    let session = crate::session::load();
    let store = Store::new(SyncClient::new(String::new()), None);
    provide_context(store);
    match session {
        Some(s) => store.start(s, false),
        None => store.status.update(|st| st.loaded = true),
    }
    store
}

/// Provides a store holding `state` without persistence or sync (tests, previews).
pub fn provide_store_with(state: State) -> Store {
    let mut client = SyncClient::new("local");
    client.confirmed = state;
    client.rebuild_view();
    let store = Store::new(client, None);
    store.status.update(|s| s.loaded = true);
    provide_context(store);
    store
}

/// The store provided at the root.
pub fn use_store() -> Store {
    use_context::<Store>().unwrap_or_else(|| provide_store_with(State::default()))
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

/// Whether persisting reported that the browser's storage is full.
pub fn is_quota(e: &PersistError) -> bool {
    matches!(e, PersistError::QuotaExceeded)
}

impl Store {
    /// Applies `commands` all or nothing (an EDI interchange is one unit): each is submitted in
    /// order; when one is rejected, or a bulk command reports a failed subject, the ones
    /// submitted before it are taken back, so nothing is queued and the view is as before.
    /// Returns the index and reason of the refused command. Saved in one transaction.
    pub fn dispatch_all(&self, commands: Vec<Command>) -> Result<Vec<Applied>, (usize, Rejection)> {
        if !self.status.with_untracked(|s| s.active) {
            return Err((
                0,
                Rejection::precondition(
                    "this tab",
                    "Takt is open in another tab; choose \u{201c}Use here\u{201d} to work in this one",
                ),
            ));
        }
        let mut result = Ok(Vec::with_capacity(commands.len()));
        self.client.update(|c| {
            let (before, next_seq) = (c.pending.len(), c.next_seq);
            let mut applied = Vec::with_capacity(commands.len());
            for (i, command) in commands.into_iter().enumerate() {
                let outcome =
                    c.submit(command)
                        .and_then(|a| match a.outcomes.iter().find(|o| !o.ok) {
                            Some(bad) => Err(Rejection::precondition(&bad.id, bad.message.clone())),
                            None => Ok(a),
                        });
                match outcome {
                    Ok(a) => applied.push(a),
                    Err(r) => {
                        c.pending.truncate(before);
                        c.next_seq = next_seq;
                        c.rebuild_view();
                        result = Err((i, r));
                        return;
                    }
                }
            }
            result = Ok(applied);
        });
        if result.is_ok() {
            self.save_synced(Vec::new());
            self.kick.update(|k| *k += 1);
        }
        result
    }
}
