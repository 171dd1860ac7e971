//! Storage: the only module that knows SQL. An SQLite file in WAL mode holds the command log
//! (every command the server accepted or rejected, in server order) and each client's last
//! applied number; the engine state is rebuilt from the log at start and kept in memory.

use crate::error::AppError;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::Mutex;
use takt_engine::{Command, Day, State, apply};

/// Schema migrations, applied in order; `PRAGMA user_version` counts how many ran.
const MIGRATIONS: &[&str] = &[r#"
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
"#];

/// The client id under which the demo data set is logged.
pub const DEMO_CLIENT: &str = "demo-seed";

/// What the store holds in memory next to the open database.
#[derive(Debug)]
pub struct Inner {
    conn: Connection,
    /// The engine state: every applied command of the log, in order.
    pub engine: State,
    /// Number of commands in the log.
    pub log_len: u64,
}

/// The store, shared by all handlers.
#[derive(Debug)]
pub struct Store {
    inner: Mutex<Inner>,
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

impl Store {
    /// Opens (creating if needed) the database at `path`, runs the migrations and rebuilds the
    /// engine state from the log.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let sqlite = |source| StoreError::Sqlite {
            path: path.display().to_string(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        migrate(&mut conn).map_err(sqlite)?;
        let (engine, log_len) = replay(&conn)?;
        Ok(Store {
            inner: Mutex::new(Inner {
                conn,
                engine,
                log_len,
            }),
        })
    }

    /// Runs `f` on the in-memory state.
    pub fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> Result<R, AppError> {
        let guard = self
            .inner
            .lock()
            .map_err(|_| AppError::Internal("store lock".into()))?;
        Ok(f(&guard))
    }

    /// Seeds the demo data set when the log is empty. Returns how many commands were logged.
    pub fn seed_demo_if_empty(&self, as_of: Day, received_at: &str) -> Result<usize, AppError> {
        let mut guard = self
            .inner
            .lock()
            .map_err(|_| AppError::Internal("store lock".into()))?;
        if guard.log_len > 0 {
            return Ok(0);
        }
        let commands = takt_engine::demo::commands(as_of);
        let mut engine = guard.engine.clone();
        let mut rows = Vec::with_capacity(commands.len());
        for (i, command) in commands.into_iter().enumerate() {
            let body = serde_json::to_string(&command)
                .map_err(|e| AppError::Internal(format!("demo command {i}: {e}")))?;
            apply(&mut engine, command)
                .map_err(|r| AppError::Internal(format!("demo command {i} rejected: {r}")))?;
            rows.push(body);
        }
        let tx = guard.conn.transaction()?;
        for (i, body) in rows.iter().enumerate() {
            tx.execute(
                "INSERT INTO commands (client_id, client_seq, user_id, body, status, received_at)
                 VALUES (?1, ?2, 'system', ?3, 'applied', ?4)",
                params![DEMO_CLIENT, i as i64 + 1, body, received_at],
            )?;
        }
        tx.execute(
            "INSERT INTO clients (client_id, last_seq) VALUES (?1, ?2)
             ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq",
            params![DEMO_CLIENT, rows.len() as i64],
        )?;
        tx.commit()?;
        guard.engine = engine;
        guard.log_len = rows.len() as u64;
        Ok(rows.len())
    }
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

fn replay(conn: &Connection) -> Result<(State, u64), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: "log".into(),
        source,
    };
    let mut stmt = conn
        .prepare("SELECT seq, body, status FROM commands ORDER BY seq")
        .map_err(sqlite)?;
    let mut rows = stmt.query([]).map_err(sqlite)?;
    let mut state = State::default();
    let mut n = 0;
    while let Some(row) = rows.next().map_err(sqlite)? {
        let seq: i64 = row.get(0).map_err(sqlite)?;
        let body: String = row.get(1).map_err(sqlite)?;
        let status: String = row.get(2).map_err(sqlite)?;
        n += 1;
        if status != "applied" {
            continue;
        }
        let command: Command = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
            seq,
            reason: e.to_string(),
        })?;
        apply(&mut state, command).map_err(|r| StoreError::Corrupt {
            seq,
            reason: format!("no longer applies: {r}"),
        })?;
    }
    Ok((state, n))
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
}
