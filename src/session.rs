//! The signed-in user: sign-in against the server, the session kept in localStorage so that
//! the last user's data stays available offline, and its revalidation with the server.
//!
//! localStorage can be edited by whoever holds the browser, so the user (role, customers) in it
//! is never trusted on its own: online the server's `/api/v1/me` decides; offline the user
//! recorded next to the data (IndexedDB, written only from server answers, see
//! `persist::Meta::user`) does, for the token it was recorded with.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "takt.session";

/// A user's role, as the server assigns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Planner,
    Sales,
    Customer,
    System,
}

impl Role {
    /// The navigation areas (paths) this role uses.
    pub fn areas(self) -> &'static [&'static str] {
        match self {
            Role::Planner | Role::System => &["/jit", "/planning", "/atp", "/vmi"],
            Role::Sales => &["/atp"],
            Role::Customer => &["/vmi"],
        }
    }

    pub fn may_open(self, path: &str) -> bool {
        path == "/"
            || self
                .areas()
                .iter()
                .any(|a| path == *a || path.starts_with(&format!("{a}/")))
    }
}

/// The user as the server describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub customers: Vec<String>,
}

/// A signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub user: User,
}

/// The saved session, if any.
pub fn load() -> Option<Session> {
    LocalStorage::get(KEY).ok()
}

pub fn save(session: &Session) {
    // Without localStorage the session lasts for this page only; nothing else depends on it.
    let _ = LocalStorage::set(KEY, session);
}

pub fn clear() {
    LocalStorage::delete(KEY);
}

impl Session {
    /// A short fingerprint of the token (FNV-1a, hex): recorded with the local data so that
    /// the data and the scope it was filtered by are used only with the session they came
    /// with. Not a secret: the token itself sits in the same origin's storage.
    pub fn token_check(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.token.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}

/// What the server says about a saved session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// The token is good; this is the user it belongs to.
    Valid(User),
    /// The server refused the token (expired, signed out, or made up).
    Refused,
    /// No answer (offline, server down): decide from local evidence.
    Unknown,
}

/// Asks the server who the token belongs to (`GET /api/v1/me`).
pub async fn revalidate(token: &str) -> Validity {
    let response = gloo_net::http::Request::get("/api/v1/me")
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await;
    match response {
        Ok(r) if r.status() == 200 => match r.json::<User>().await {
            Ok(user) => Validity::Valid(user),
            Err(_) => Validity::Unknown,
        },
        Ok(r) if r.status() == 401 => Validity::Refused,
        _ => Validity::Unknown,
    }
}

#[derive(Debug, Serialize)]
struct LoginRequest<'a> {
    name: &'a str,
    password: &'a str,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    message: String,
}

/// Signs in against the server.
pub async fn sign_in(name: &str, password: &str) -> Result<Session, String> {
    let response = gloo_net::http::Request::post("/api/v1/login")
        .json(&LoginRequest { name, password })
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| "the server cannot be reached; sign-in needs a network".to_owned())?;
    if response.ok() {
        response.json::<Session>().await.map_err(|e| e.to_string())
    } else {
        let status = response.status();
        let message = response
            .json::<ErrorBody>()
            .await
            .map(|b| b.message)
            .unwrap_or_default();
        Err(if status == 401 {
            "wrong name or password".to_owned()
        } else {
            format!("{status}: {message}")
        })
    }
}
