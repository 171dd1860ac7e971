//! Storage: the only module that knows SQL. An SQLite file in WAL mode holds the command log
//! (every command the server accepted or rejected, in server order), each client's last
//! processed number, the current JSON of every entity with the log sequence of its last change
//! (what a pull sends), users and sessions, and the EDI inbox and outbox. The engine state is
//! rebuilt from the log at start and kept in memory.
//!
//! The boundary for another database (PostgreSQL) is this module's public API: it speaks in
//! engine and wire types ([`PushRequest`], [`PullResponse`], [`Principal`]), never in SQL.

use crate::auth::{self, Principal, Role};
use crate::error::AppError;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use takt_engine::state::EntityRef;
use takt_engine::sync::{
    CommandResult, Numbered, PullResponse, PushRequest, PushResponse, Scope, Status, entity,
};
use takt_engine::types::CustomerId;
use takt_engine::{Command, Day, Rejection, State, apply};

/// Schema migrations, applied in order; `PRAGMA user_version` counts how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE commands (
    seq         INTEGER PRIMARY KEY,
    client_id   TEXT    NOT NULL,
    client_seq  INTEGER NOT NULL,
    user_id     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('applied', 'rejected')),
    reason      TEXT,
    received_at TEXT    NOT NULL,
    UNIQUE (client_id, client_seq)
);
CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL
);
"#,
    r#"
ALTER TABLE commands ADD COLUMN message TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN owner TEXT NOT NULL DEFAULT 'system';
CREATE INDEX commands_rejected ON commands (client_id, seq) WHERE status = 'rejected';
CREATE TABLE entities (
    kind    TEXT    NOT NULL,
    id      TEXT    NOT NULL,
    version INTEGER NOT NULL,
    scope   TEXT    NOT NULL,
    body    TEXT,
    PRIMARY KEY (kind, id)
);
CREATE INDEX entities_version ON entities (version);
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('planner', 'sales', 'customer', 'system')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE user_customers (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    customer_id TEXT    NOT NULL,
    PRIMARY KEY (user_id, customer_id)
);
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE TABLE edi_inbox (
    id          INTEGER PRIMARY KEY,
    partner     TEXT NOT NULL,
    control_ref TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    body        BLOB NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'failed')),
    error       TEXT,
    UNIQUE (partner, control_ref)
);
CREATE TABLE edi_outbox (
    id           INTEGER PRIMARY KEY,
    partner      TEXT NOT NULL,
    message_type TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    acked_at     TEXT
);
CREATE INDEX edi_outbox_open ON edi_outbox (partner, id) WHERE acked_at IS NULL;
"#,
];

/// The client id under which the demo data set is logged.
pub const DEMO_CLIENT: &str = "demo-seed";

/// Client ids the server gives its own clients (one-shot commands, EDI partners); a pushing
/// client may not take them.
pub const RESERVED_CLIENT_PREFIXES: &[&str] = &["direct:", "edi:"];

/// The most commands one push may carry; larger queues are sent in several pushes.
pub const MAX_PUSH: usize = 50_000;

/// The most changes one pull page holds (a page may exceed it only to keep all changes of one
/// command together).
pub const MAX_PULL: u64 = 50_000;

/// What the store holds in memory next to the open database.
#[derive(Debug)]
pub struct Inner {
    conn: Connection,
    /// The engine state: every applied command of the log, in order.
    pub engine: State,
    /// Number of commands in the log, which is also the highest log sequence number.
    pub log_len: u64,
}

/// The store, shared by all handlers.
///
/// Writes (and the in-memory state) go through one connection behind a mutex, so commands are
/// applied one at a time. Reads that need only the database (pull, sessions, the outbox) use a
/// small pool of read-only connections: WAL gives each a consistent snapshot, and a long push
/// does not hold up every signed-in request.
#[derive(Debug)]
pub struct Store {
    inner: Mutex<Inner>,
    readers: Mutex<Vec<Connection>>,
    path: std::path::PathBuf,
}

/// Read connections kept open for reuse.
const READER_POOL: usize = 8;

/// How the database file is opened.
#[derive(Debug, Clone, Copy)]
pub struct StoreOptions {
    /// `synchronous = FULL`: a commit is on disk before the response leaves (the server's
    /// setting). Off only for the in-process simulation tests, which never lose power.
    pub durable: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { durable: true }
    }
}

/// Errors opening or migrating the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("command log entry {seq} cannot be read: {reason}")]
    Corrupt { seq: i64, reason: String },
}

/// The outcome of an inbound EDI message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inbound {
    pub id: i64,
    /// `applied` or `failed`.
    pub status: String,
    /// The message was received before; nothing was applied again.
    pub duplicate: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub results: Vec<CommandResult>,
}

/// An outbound EDI message waiting for its partner system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outbound {
    pub id: i64,
    pub partner: String,
    pub message_type: String,
    pub created_at: String,
    pub body: String,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, runs the migrations and rebuilds the
    /// engine state from the log.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, StoreOptions::default())
    }

    /// [`Store::open`] with options.
    pub fn open_with(path: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        let sqlite = |source| StoreError::Sqlite {
            path: path.display().to_string(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        let sync = if options.durable { "FULL" } else { "OFF" };
        conn.pragma_update(None, "synchronous", sync)
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        migrate(&mut conn).map_err(sqlite)?;
        let (engine, log_len) = replay(&mut conn)?;
        Ok(Store {
            inner: Mutex::new(Inner {
                conn,
                engine,
                log_len,
            }),
            readers: Mutex::new(Vec::new()),
            path: path.to_owned(),
        })
    }

    /// Runs `f` on a read-only connection from the pool.
    fn with_reader<R>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, AppError>,
    ) -> Result<R, AppError> {
        let pooled = self
            .readers
            .lock()
            .map_err(|_| AppError::Internal("reader pool lock poisoned".into()))?
            .pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open(&self.path)?;
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                c.pragma_update(None, "query_only", "ON")?;
                c
            }
        };
        let result = f(&conn);
        if let Ok(mut pool) = self.readers.lock()
            && pool.len() < READER_POOL
        {
            pool.push(conn);
        }
        result
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>, AppError> {
        self.inner
            .lock()
            .map_err(|_| AppError::Internal("store lock poisoned".into()))
    }

    /// Runs `f` on the in-memory state.
    pub fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> Result<R, AppError> {
        let guard = self.lock()?;
        Ok(f(&guard))
    }

    /// Seeds the demo data set when the log is empty. Returns how many commands were logged.
    pub fn seed_demo_if_empty(&self, as_of: Day, received_at: &str) -> Result<usize, AppError> {
        let mut guard = self.lock()?;
        if guard.log_len > 0 {
            return Ok(0);
        }
        let commands: Vec<Numbered> = takt_engine::demo::commands(as_of)
            .into_iter()
            .zip(1..)
            .map(|(command, seq)| Numbered { seq, command })
            .collect();
        let n = commands.len();
        let request = PushRequest {
            client_id: DEMO_CLIENT.into(),
            commands,
        };
        let response = push_locked(
            &mut guard,
            &Principal::system(),
            &request,
            received_at,
            |_| Ok(()),
        )?;
        if let Some(r) = response
            .results
            .iter()
            .find(|r| r.status != Status::Applied)
        {
            return Err(AppError::Internal(format!(
                "demo command {} rejected: {}",
                r.seq, r.message
            )));
        }
        Ok(n)
    }

    // -----------------------------------------------------------------------------------------
    // Sync

    /// Applies a client's batch: each new command in order, duplicates answered from the log,
    /// all in one transaction with the client's last processed number. See docs/sync.md.
    pub fn push(
        &self,
        who: &Principal,
        request: &PushRequest,
        now: &str,
    ) -> Result<PushResponse, AppError> {
        let id = request.client_id.as_str();
        if is_reserved(id) {
            return Err(AppError::BadRequest(format!(
                "client id {id} is reserved for the server's own clients"
            )));
        }
        let mut guard = self.lock()?;
        push_locked(&mut guard, who, request, now, |_| Ok(()))
    }

    /// One command from a system without its own numbering: logged under the client
    /// `direct:<user>` with the next number.
    pub fn push_one(
        &self,
        who: &Principal,
        command: Command,
        now: &str,
    ) -> Result<CommandResult, AppError> {
        let mut guard = self.lock()?;
        let client_id = format!("direct:{}", who.name);
        let last = client_row(&guard.conn, &client_id)?.map_or(0, |(_, l)| l);
        let request = PushRequest {
            client_id,
            commands: vec![Numbered {
                seq: last + 1,
                command,
            }],
        };
        let mut response = push_locked(&mut guard, who, &request, now, |_| Ok(()))?;
        response
            .results
            .pop()
            .ok_or_else(|| AppError::Internal("push of one command gave no result".into()))
    }

    /// One page of changes after `cursor` that `who` may see; see docs/sync.md.
    pub fn pull(
        &self,
        who: &Principal,
        client_id: Option<&str>,
        cursor: u64,
        limit: u64,
    ) -> Result<PullResponse, AppError> {
        self.with_reader(|reader| {
            // One read transaction: every query below sees the same snapshot.
            let tx = reader.unchecked_transaction()?;
            pull_in(&tx, who, client_id, cursor, limit)
        })
    }
}

/// A pull page read from one snapshot.
fn pull_in(
    conn: &Connection,
    who: &Principal,
    client_id: Option<&str>,
    cursor: u64,
    limit: u64,
) -> Result<PullResponse, AppError> {
    {
        let log_len: u64 =
            conn.query_row("SELECT coalesce(max(seq), 0) FROM commands", [], |r| {
                r.get::<_, i64>(0)
            })? as u64;
        if cursor > log_len {
            return Err(AppError::Conflict(format!(
                "cursor {cursor} is ahead of the server's log ({log_len}): pull again from 0"
            )));
        }
        let last_applied = match client_id {
            Some(c) => match client_row(conn, c)? {
                Some((owner, _)) if owner != who.name => {
                    return Err(AppError::Forbidden(format!(
                        "client {c} belongs to another user"
                    )));
                }
                Some((_, last)) => last,
                None => 0,
            },
            None => 0,
        };
        let limit = limit.clamp(1, MAX_PULL);
        // Customers see public entities and those of their customers; our own users see all.
        let filter = if who.role == Role::Customer {
            "(scope = 'public' OR scope IN
               (SELECT 'c:' || customer_id FROM user_customers WHERE user_id = ?2))"
        } else {
            "?2 = ?2"
        };
        let bound: Option<i64> = conn
            .query_row(
                &format!(
                    "SELECT version FROM entities WHERE version > ?1 AND {filter}
                     ORDER BY version LIMIT 1 OFFSET ?3"
                ),
                params![cursor as i64, who.user_id, (limit - 1) as i64],
                |r| r.get(0),
            )
            .optional()?;
        let upper = bound.unwrap_or(log_len as i64);
        let more = match bound {
            Some(b) => conn
                .query_row(
                    &format!("SELECT 1 FROM entities WHERE version > ?1 AND {filter} LIMIT 1"),
                    params![b, who.user_id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some(),
            None => false,
        };
        let new_cursor = if more { upper as u64 } else { log_len };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT kind, id, version, body FROM entities
             WHERE version > ?1 AND version <= ?3 AND {filter} ORDER BY version, kind, id"
        ))?;
        let mut rows = stmt.query(params![cursor as i64, who.user_id, new_cursor as i64])?;
        let mut changes = Vec::new();
        while let Some(row) = rows.next()? {
            let kind: String = row.get(0)?;
            let body: Option<String> = row.get(3)?;
            changes.push(takt_engine::sync::Change {
                kind: parse_kind(&kind)?,
                id: row.get(1)?,
                version: row.get::<_, i64>(2)? as u64,
                body: body
                    .map(|b| serde_json::from_str(&b))
                    .transpose()
                    .map_err(|e| AppError::Internal(format!("entity body: {e}")))?,
            });
        }
        let rejected = match client_id {
            Some(c) => rejected_between(conn, c, cursor, new_cursor)?,
            None => Vec::new(),
        };
        Ok(PullResponse {
            since: cursor,
            cursor: new_cursor,
            more,
            last_applied,
            changes,
            rejected,
        })
    }
}

impl Store {
    // -----------------------------------------------------------------------------------------
    // Users and sessions

    /// Adds a user. `password_hash` is an argon2 PHC string ([`auth::hash_password`]).
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        customers: &[CustomerId],
        password_hash: &str,
        now: &str,
    ) -> Result<i64, AppError> {
        let name = name.trim();
        if name == Principal::system().name {
            return Err(AppError::BadRequest(format!(
                "{name} is the server's own name"
            )));
        }
        if name.is_empty() || name.len() > 100 {
            return Err(AppError::BadRequest(
                "a user name has 1 to 100 characters".into(),
            ));
        }
        if (role == Role::Customer) == customers.is_empty() {
            return Err(AppError::BadRequest(
                "a customer user is bound to at least one customer; other roles to none".into(),
            ));
        }
        let mut guard = self.lock()?;
        let tx = guard.conn.transaction()?;
        let exists = tx
            .query_row("SELECT 1 FROM users WHERE name = ?1", [name], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            return Err(AppError::Conflict(format!("user {name} exists")));
        }
        tx.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.as_str(), password_hash, now],
        )?;
        let id = tx.last_insert_rowid();
        for c in customers {
            tx.execute(
                "INSERT OR IGNORE INTO user_customers (user_id, customer_id) VALUES (?1, ?2)",
                params![id, c.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Number of users.
    pub fn user_count(&self) -> Result<u64, AppError> {
        let guard = self.lock()?;
        let n: i64 = guard
            .conn
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// A user and their password hash, for login.
    pub fn credentials(&self, name: &str) -> Result<Option<(Principal, String)>, AppError> {
        self.with_reader(|conn| {
            let row: Option<(i64, String, String)> = conn
                .query_row(
                    "SELECT id, role, password_hash FROM users WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match row {
                None => Ok(None),
                Some((id, role, hash)) => {
                    let p = principal(conn, id, name, &role)?;
                    Ok(Some((p, hash)))
                }
            }
        })
    }

    /// Records a session; the token itself is never stored, only its hash.
    pub fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
        now: &str,
    ) -> Result<(), AppError> {
        let guard = self.lock()?;
        guard.conn.execute(
            "INSERT INTO sessions (token_hash, user_id, expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user_id, expires_at, now],
        )?;
        Ok(())
    }

    /// The user of a live session.
    pub fn session(&self, token_hash: &str, now_unix: i64) -> Result<Option<Principal>, AppError> {
        self.with_reader(|conn| {
            let row: Option<(i64, String, String)> = conn
                .query_row(
                    "SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                    params![token_hash, now_unix],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match row {
                None => Ok(None),
                Some((id, name, role)) => Ok(Some(principal(conn, id, &name, &role)?)),
            }
        })
    }

    /// Ends a session (logout) and drops expired ones.
    pub fn end_session(&self, token_hash: &str, now_unix: i64) -> Result<(), AppError> {
        let guard = self.lock()?;
        guard.conn.execute(
            "DELETE FROM sessions WHERE token_hash = ?1 OR expires_at <= ?2",
            params![token_hash, now_unix],
        )?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // EDI

    /// Records an inbound message and, when it parsed, applies its commands under the client
    /// `edi:<partner>` — all in one transaction, so a message is applied once or not at all.
    /// A message with a known partner and control reference is not applied again, unless it
    /// failed before (a partner may resend once the codec is fixed).
    pub fn edi_inbound(
        &self,
        who: &Principal,
        partner: &str,
        control_ref: &str,
        body: &[u8],
        read: impl FnOnce(&State) -> Result<Vec<Command>, String>,
        now: &str,
    ) -> Result<Inbound, AppError> {
        let mut guard = self.lock()?;
        let existing: Option<(i64, String)> = guard
            .conn
            .query_row(
                "SELECT id, status FROM edi_inbox WHERE partner = ?1 AND control_ref = ?2",
                params![partner, control_ref],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, status)) = &existing
            && status == "applied"
        {
            return Ok(Inbound {
                id: *id,
                status: status.clone(),
                duplicate: true,
                error: None,
                results: Vec::new(),
            });
        }
        let record = |tx: &Transaction, status: &str, error: Option<&str>| {
            tx.execute(
                "INSERT INTO edi_inbox
                   (partner, control_ref, received_at, received_by, body, status, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (partner, control_ref) DO UPDATE SET
                   received_at = excluded.received_at, received_by = excluded.received_by,
                   body = excluded.body, status = excluded.status, error = excluded.error",
                params![partner, control_ref, now, who.name, body, status, error],
            )?;
            tx.query_row(
                "SELECT id FROM edi_inbox WHERE partner = ?1 AND control_ref = ?2",
                params![partner, control_ref],
                |r| r.get::<_, i64>(0),
            )
        };
        // The codec reads against the current state (material mappings, known calls) under
        // the lock, so nothing changes between reading and applying.
        match read(&guard.engine) {
            Err(error) => {
                let tx = guard.conn.transaction()?;
                let id = record(&tx, "failed", Some(&error))?;
                tx.commit()?;
                Ok(Inbound {
                    id,
                    status: "failed".into(),
                    duplicate: false,
                    error: Some(error),
                    results: Vec::new(),
                })
            }
            Ok(commands) => {
                let client_id = format!("edi:{partner}");
                let last = client_row(&guard.conn, &client_id)?.map_or(0, |(_, l)| l);
                let request = PushRequest {
                    client_id,
                    commands: commands
                        .into_iter()
                        .zip(last + 1..)
                        .map(|(command, seq)| Numbered { seq, command })
                        .collect(),
                };
                let mut id = 0;
                let response = push_locked(&mut guard, who, &request, now, |tx| {
                    id = record(tx, "applied", None)?;
                    Ok(())
                })?;
                Ok(Inbound {
                    id,
                    status: "applied".into(),
                    duplicate: false,
                    error: None,
                    results: response.results,
                })
            }
        }
    }

    /// Queues an outbound message for a partner system (the EDI codecs call this).
    pub fn outbox_enqueue(
        &self,
        partner: &str,
        message_type: &str,
        body: &str,
        now: &str,
    ) -> Result<i64, AppError> {
        let guard = self.lock()?;
        guard.conn.execute(
            "INSERT INTO edi_outbox (partner, message_type, body, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![partner, message_type, body, now],
        )?;
        Ok(guard.conn.last_insert_rowid())
    }

    /// Unacknowledged outbound messages, oldest first.
    pub fn outbox(&self, partner: Option<&str>, limit: u64) -> Result<Vec<Outbound>, AppError> {
        self.with_reader(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, partner, message_type, created_at, body FROM edi_outbox
                 WHERE acked_at IS NULL AND (?1 IS NULL OR partner = ?1) ORDER BY id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![partner, limit.min(10_000) as i64], |r| {
                Ok(Outbound {
                    id: r.get(0)?,
                    partner: r.get(1)?,
                    message_type: r.get(2)?,
                    created_at: r.get(3)?,
                    body: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Acknowledges an outbound message; repeating it is harmless. `false`: no such message.
    pub fn outbox_ack(&self, id: i64, now: &str) -> Result<bool, AppError> {
        let guard = self.lock()?;
        let n = guard.conn.execute(
            "UPDATE edi_outbox SET acked_at = coalesce(acked_at, ?2) WHERE id = ?1",
            params![id, now],
        )?;
        Ok(n > 0)
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String, AppError> {
        let guard = self.lock()?;
        Ok(guard
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// The principal of a user row, with their customers.
fn principal(conn: &Connection, id: i64, name: &str, role: &str) -> Result<Principal, AppError> {
    let role = Role::parse(role).ok_or_else(|| AppError::Internal(format!("role {role}")))?;
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id FROM user_customers WHERE user_id = ?1 ORDER BY customer_id",
    )?;
    let customers = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .map(|c| c.map(CustomerId::new))
        .collect::<Result<_, _>>()?;
    Ok(Principal {
        user_id: id,
        name: name.to_owned(),
        role,
        customers,
    })
}

/// A client id the server gives its own clients.
fn is_reserved(client_id: &str) -> bool {
    client_id == DEMO_CLIENT
        || RESERVED_CLIENT_PREFIXES
            .iter()
            .any(|p| client_id.starts_with(p))
}

/// The owner and last processed number of a client.
fn client_row(conn: &Connection, client_id: &str) -> rusqlite::Result<Option<(String, u64)>> {
    conn.query_row(
        "SELECT owner, last_seq FROM clients WHERE client_id = ?1",
        [client_id],
        |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
    )
    .optional()
}

/// The last number applied for a client, if the client has pushed before.
pub fn last_applied(conn: &Connection, client_id: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT last_seq FROM clients WHERE client_id = ?1",
        [client_id],
        |r| r.get(0),
    )
    .optional()
}

fn result_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CommandResult> {
    let status: String = row.get(2)?;
    let reason: Option<String> = row.get(4)?;
    Ok(CommandResult {
        seq: row.get::<_, i64>(0)? as u64,
        log_seq: row.get::<_, i64>(1)? as u64,
        status: if status == "applied" {
            Status::Applied
        } else {
            Status::Rejected
        },
        message: row.get(3)?,
        reason: reason.and_then(|r| serde_json::from_str::<Rejection>(&r).ok()),
        duplicate: true,
    })
}

fn rejected_between(
    conn: &Connection,
    client_id: &str,
    after: u64,
    upto: u64,
) -> Result<Vec<CommandResult>, AppError> {
    let mut stmt = conn.prepare_cached(
        "SELECT client_seq, seq, status, message, reason FROM commands
         WHERE client_id = ?1 AND status = 'rejected' AND seq > ?2 AND seq <= ?3 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![client_id, after as i64, upto as i64], |r| {
        result_from_row(r).map(|mut c| {
            c.duplicate = false;
            c
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One command's row, written in the push transaction.
struct LogRow {
    seq: u64,
    client_seq: u64,
    body: String,
    status: Status,
    message: String,
    reason: Option<String>,
    touched: Vec<EntityRef>,
}

/// The push itself, under the store lock. `extra` runs inside the same transaction (the EDI
/// inbox row), so it commits or rolls back together with the commands.
fn push_locked(
    inner: &mut Inner,
    who: &Principal,
    request: &PushRequest,
    now: &str,
    extra: impl FnOnce(&Transaction) -> rusqlite::Result<()>,
) -> Result<PushResponse, AppError> {
    let client_id = request.client_id.as_str();
    if client_id.trim().is_empty() || client_id.len() > 200 {
        return Err(AppError::BadRequest(
            "client_id has 1 to 200 characters".into(),
        ));
    }
    if request.commands.len() > MAX_PUSH {
        return Err(AppError::BadRequest(format!(
            "at most {MAX_PUSH} commands per push"
        )));
    }
    for pair in request.commands.windows(2) {
        if pair[1].seq != pair[0].seq + 1 {
            return Err(AppError::BadRequest(format!(
                "command numbers must follow each other: {} after {}",
                pair[1].seq, pair[0].seq
            )));
        }
    }
    // Refuse the whole batch before anything is applied when one kind is not allowed.
    for n in &request.commands {
        let kind = n.command.action();
        if !auth::may_send(who.role, &kind) || !auth::acts_for_own(who, &n.command) {
            return Err(AppError::Forbidden(format!(
                "a {} user may not send {kind} (command {})",
                who.role.as_str(),
                n.seq
            )));
        }
    }
    let (owner, last) = client_row(&inner.conn, client_id)?.unwrap_or((who.name.clone(), 0));
    // The server's own clients (an EDI partner's, say) are shared by whoever may post for them.
    if owner != who.name && !is_reserved(client_id) {
        return Err(AppError::Forbidden(format!(
            "client {client_id} belongs to another user"
        )));
    }
    if let Some(first) = request.commands.first() {
        if first.seq == 0 {
            return Err(AppError::BadRequest("command numbers start at 1".into()));
        }
        if first.seq > last + 1 {
            return Err(AppError::SeqGap {
                expected: last + 1,
                got: first.seq,
            });
        }
    }
    // Answers for numbers the server already processed come from the log.
    let mut results = Vec::with_capacity(request.commands.len());
    let dups = request.commands.iter().filter(|n| n.seq <= last).count();
    if dups > 0 {
        let mut stmt = inner.conn.prepare_cached(
            "SELECT client_seq, seq, status, message, reason FROM commands
             WHERE client_id = ?1 AND client_seq >= ?2 AND client_seq <= ?3 ORDER BY client_seq",
        )?;
        let first = request.commands[0].seq;
        let rows = stmt.query_map(
            params![client_id, first as i64, (first + dups as u64 - 1) as i64],
            result_from_row,
        )?;
        for r in rows {
            results.push(r?);
        }
    }
    let mut rows = Vec::new();
    let mut seq = inner.log_len;
    for n in request.commands.iter().filter(|n| n.seq > last) {
        seq += 1;
        let body = serde_json::to_string(&n.command)
            .map_err(|e| AppError::Internal(format!("serializing a command: {e}")))?;
        let outcome = apply_as(&mut inner.engine, who, n.command.clone());
        let (status, message, reason, touched) = match outcome {
            Ok(applied) => (Status::Applied, applied.message, None, applied.touched),
            Err(r) => (Status::Rejected, r.to_string(), Some(r), Vec::new()),
        };
        results.push(CommandResult {
            seq: n.seq,
            status,
            log_seq: seq,
            message: message.clone(),
            reason: reason.clone(),
            duplicate: false,
        });
        rows.push(LogRow {
            seq,
            client_seq: n.seq,
            body,
            status,
            message,
            reason: reason
                .map(|r| serde_json::to_string(&r))
                .transpose()
                .map_err(|e| AppError::Internal(format!("serializing a rejection: {e}")))?,
            touched,
        });
    }
    let new_last = last.max(request.commands.last().map_or(0, |n| n.seq));
    // Shipping notices and invoices the commands wrote go to the outbox in the same
    // transaction; the engine decides what and how to render.
    let touched: Vec<EntityRef> = rows
        .iter()
        .flat_map(|r| r.touched.iter().cloned())
        .collect();
    let first_control: i64 =
        inner
            .conn
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM edi_outbox", [], |r| {
                r.get(0)
            })?;
    let outbound = crate::edi::outbound(&inner.engine, &touched, first_control, now);
    let extra = |tx: &Transaction| -> rusqlite::Result<()> {
        for m in &outbound {
            tx.execute(
                "INSERT INTO edi_outbox (partner, message_type, body, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![m.partner.as_str(), m.message_type, m.body, now],
            )?;
        }
        extra(tx)
    };
    match write_push(inner, who, client_id, new_last, &rows, now, extra) {
        Ok(()) => {
            inner.log_len = seq;
            Ok(PushResponse {
                client_id: client_id.to_owned(),
                last_applied: new_last,
                results,
            })
        }
        Err(e) => {
            // The memory state is ahead of the database now: rebuild it from the log, which
            // is the truth.
            match replay(&mut inner.conn) {
                Ok((engine, len)) => {
                    inner.engine = engine;
                    inner.log_len = len;
                }
                Err(r) => eprintln!("takt: rebuilding state after a failed push: {r}"),
            }
            Err(e.into())
        }
    }
}

/// Applies a command with the sender's rights. A customer user's command may touch only
/// entities of their own customers (before and after): it runs on a copy that is kept only
/// when that holds, so a refused command leaves the state as it was.
fn apply_as(
    state: &mut State,
    who: &Principal,
    command: Command,
) -> Result<takt_engine::Applied, Rejection> {
    if who.role != Role::Customer {
        return apply(state, command);
    }
    let mut copy = state.clone();
    let applied = apply(&mut copy, command)?;
    if let Some(r) = auth::foreign_entity(who, state, &copy, &applied.touched) {
        return Err(Rejection::precondition(
            format!("{:?} {}", r.kind, r.id),
            "belongs to another customer",
        ));
    }
    *state = copy;
    Ok(applied)
}

fn write_push(
    inner: &mut Inner,
    who: &Principal,
    client_id: &str,
    new_last: u64,
    rows: &[LogRow],
    now: &str,
    extra: impl FnOnce(&Transaction) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let tx = inner.conn.transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO commands
               (seq, client_id, client_seq, user_id, body, status, reason, received_at, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut upsert = tx.prepare_cached(UPSERT_ENTITY)?;
        for row in rows {
            insert.execute(params![
                row.seq as i64,
                client_id,
                row.client_seq as i64,
                who.name,
                row.body,
                status_str(row.status),
                row.reason,
                now,
                row.message,
            ])?;
        }
        // Each touched entity is written once, with the version of its last change in
        // this batch and its body as of the end of the batch (the memory state now).
        let mut last_change: BTreeMap<&EntityRef, u64> = BTreeMap::new();
        for row in rows {
            for r in &row.touched {
                last_change.insert(r, row.seq);
            }
        }
        for (r, version) in last_change {
            write_entity(&mut upsert, &inner.engine, r, version)?;
        }
        tx.execute(
            "INSERT INTO clients (client_id, last_seq, owner) VALUES (?1, ?2, ?3)
             ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq",
            params![client_id, new_last as i64, who.name],
        )?;
    }
    extra(&tx)?;
    tx.commit()
}

/// Inserts or replaces an entity row; a tombstone keeps the entity's last known scope.
const UPSERT_ENTITY: &str = "INSERT INTO entities (kind, id, version, scope, body)
     VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, body = excluded.body,
       scope = CASE WHEN excluded.body IS NULL THEN entities.scope ELSE excluded.scope END";

fn write_entity(
    upsert: &mut rusqlite::CachedStatement<'_>,
    state: &State,
    r: &EntityRef,
    version: u64,
) -> rusqlite::Result<()> {
    let (body, scope) = match entity(state, r) {
        Some((body, scope)) => (Some(body.to_string()), scope_str(&scope)),
        None => (None, "internal".to_owned()),
    };
    upsert.execute(params![
        kind_str(r.kind),
        r.id.as_str(),
        version as i64,
        scope,
        body
    ])?;
    Ok(())
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Applied => "applied",
        Status::Rejected => "rejected",
    }
}

/// How a scope is stored: `public`, `internal` or `c:<customer id>`.
fn scope_str(scope: &Scope) -> String {
    match scope {
        Scope::Public => "public".into(),
        Scope::Internal => "internal".into(),
        Scope::Customer(c) => format!("c:{c}"),
    }
}

fn kind_str(kind: takt_engine::state::EntityKind) -> String {
    // The wire name (serde's snake_case) is also the stored one.
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_kind(s: &str) -> Result<takt_engine::state::EntityKind, AppError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| AppError::Internal(format!("entity kind {s}: {e}")))
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()
}

/// Rebuilds the engine state from the log. When the entities table is empty but the log is
/// not (a database from before the table existed), it is filled from the replay.
fn replay(conn: &mut Connection) -> Result<(State, u64), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: "log".into(),
        source,
    };
    let has_entities: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM entities)", [], |r| r.get(0))
        .map_err(sqlite)?;
    let mut state = State::default();
    let mut n = 0;
    let mut versions: BTreeMap<EntityRef, u64> = BTreeMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT seq, body, status FROM commands ORDER BY seq")
            .map_err(sqlite)?;
        let mut rows = stmt.query([]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            let seq: i64 = row.get(0).map_err(sqlite)?;
            let body: String = row.get(1).map_err(sqlite)?;
            let status: String = row.get(2).map_err(sqlite)?;
            n = seq as u64;
            if status != "applied" {
                continue;
            }
            let command: Command =
                serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
                    seq,
                    reason: e.to_string(),
                })?;
            let applied = apply(&mut state, command).map_err(|r| StoreError::Corrupt {
                seq,
                reason: format!("no longer applies: {r}"),
            })?;
            if !has_entities {
                for r in applied.touched {
                    versions.insert(r, seq as u64);
                }
            }
        }
    }
    if !has_entities && !versions.is_empty() {
        let tx = conn.transaction().map_err(sqlite)?;
        {
            let mut upsert = tx.prepare_cached(UPSERT_ENTITY).map_err(sqlite)?;
            for (r, v) in &versions {
                write_entity(&mut upsert, &state, r, *v).map_err(sqlite)?;
            }
        }
        tx.commit().map_err(sqlite)?;
    }
    Ok((state, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_survives_reopen_and_is_not_repeated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takt.sqlite3");
        let store = Store::open(&path).unwrap();
        let n = store
            .seed_demo_if_empty(Day(20_000), "2026-11-22T08:00:00Z")
            .unwrap();
        assert!(n > 10, "demo has {n} commands");
        let items = store.read(|s| s.engine.items.len()).unwrap();
        drop(store);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(reopened.read(|s| s.log_len).unwrap(), n as u64);
        assert_eq!(reopened.read(|s| s.engine.items.len()).unwrap(), items);
        assert_eq!(
            reopened.seed_demo_if_empty(Day(20_000), "later").unwrap(),
            0
        );
        let conn = Connection::open(&path).unwrap();
        assert_eq!(last_applied(&conn, DEMO_CLIENT).unwrap(), Some(n as i64));
    }

    #[test]
    fn a_customer_command_touching_another_customers_order_is_rejected_and_changes_nothing() {
        let mut state = State::default();
        for c in takt_engine::demo::commands(Day(20_000)) {
            apply(&mut state, c).unwrap();
        }
        let wob = Principal {
            user_id: 1,
            name: "wob".into(),
            role: Role::Customer,
            customers: vec![CustomerId::new("OEM-WOB")],
        };
        let template = state.sales_orders[&"SO-1001".into()].clone();
        let order = |id: &str, customer: &str| {
            let mut o = template.clone();
            o.id = id.into();
            o.customer = CustomerId::new(customer);
            o.ship_to = CustomerId::new(customer);
            Command::PlaceSalesOrder { order: o }
        };
        let before = state.clone();
        let refused = apply_as(&mut state, &wob, order("SO-X", "OEM-LPZ"));
        assert!(
            matches!(refused, Err(Rejection::Precondition { .. })),
            "{refused:?}"
        );
        assert_eq!(state, before);
        apply_as(&mut state, &wob, order("SO-Y", "OEM-WOB")).unwrap();
        assert!(state.sales_orders.contains_key(&"SO-Y".into()));
    }

    #[test]
    fn sessions_expire() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("takt.sqlite3")).unwrap();
        let id = store
            .add_user("anna", Role::Planner, &[], "hash", "t")
            .unwrap();
        store.create_session(id, "h1", 1_000, "t").unwrap();
        assert_eq!(store.session("h1", 999).unwrap().unwrap().name, "anna");
        assert!(store.session("h1", 1_000).unwrap().is_none());
        assert!(store.session("h2", 0).unwrap().is_none());
        // Logging out drops expired sessions too.
        store.create_session(id, "h3", 2_000, "t").unwrap();
        store.end_session("h3", 1_500).unwrap();
        assert!(store.session("h3", 0).unwrap().is_none());
        assert!(store.session("h1", 0).unwrap().is_none());
        assert!(matches!(
            store.add_user("anna", Role::Sales, &[], "x", "t"),
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            store.add_user("c", Role::Customer, &[], "x", "t"),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn a_database_from_before_the_entities_table_gets_it_filled_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takt.sqlite3");
        let store = Store::open(&path).unwrap();
        store.seed_demo_if_empty(Day(20_000), "t").unwrap();
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let before: i64 = conn
            .query_row("SELECT count(*) FROM entities", [], |r| r.get(0))
            .unwrap();
        conn.execute("DELETE FROM entities", []).unwrap();
        drop(conn);
        let _ = Store::open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        let after: i64 = conn
            .query_row("SELECT count(*) FROM entities", [], |r| r.get(0))
            .unwrap();
        assert_eq!(before, after);
        assert!(after > 10);
    }
}
