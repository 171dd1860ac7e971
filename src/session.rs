//! The signed-in user: sign-in against the server, and the session kept in localStorage so
//! that the last user's data stays available offline.

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
