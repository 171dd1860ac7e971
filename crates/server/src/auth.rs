//! Users, roles and what each may do: password hashing (argon2), session tokens (random,
//! stored only as a SHA-256 hash), the Bearer-token extractor, the login endpoints and the
//! command and read policy — the one place that says which role may send which command.

use crate::error::{AppError, JsonBody};
use crate::{AppState, blocking, now_unix, now_utc};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRequestParts, State as AxState};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use takt_engine::State;
use takt_engine::state::EntityRef;
use takt_engine::sync::{Scope, entity};
use takt_engine::types::CustomerId;

/// How long a session lasts. Long, because sales and planners work offline for days and sync
/// when they are back; a customer's browser logs in again after it.
pub const SESSION_SECONDS: i64 = 14 * 24 * 3600;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Planner,
    Sales,
    /// A customer's user (VMI): bound to one or more customers.
    Customer,
    /// Another system (MES, EDI gateway) sending commands and fetching EDI messages.
    System,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Planner => "planner",
            Role::Sales => "sales",
            Role::Customer => "customer",
            Role::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "planner" => Some(Role::Planner),
            "sales" => Some(Role::Sales),
            "customer" => Some(Role::Customer),
            "system" => Some(Role::System),
            _ => None,
        }
    }
}

/// The signed-in user a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    #[serde(skip)]
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub customers: Vec<CustomerId>,
}

impl Principal {
    /// The server itself (demo seeding).
    pub fn system() -> Principal {
        Principal {
            user_id: 0,
            name: "system".into(),
            role: Role::System,
            customers: Vec::new(),
        }
    }

    /// May this user read an entity of this scope?
    pub fn may_read(&self, scope: &Scope) -> bool {
        match (self.role, scope) {
            (Role::Customer, Scope::Public) => true,
            (Role::Customer, Scope::Internal) => false,
            (Role::Customer, Scope::Customer(c)) => self.customers.contains(c),
            _ => true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policy

/// The commands a customer user may send: the VMI module's customer commands (stock reports,
/// proposal acceptance). The one list to extend when such commands are added.
pub const CUSTOMER_COMMANDS: &[&str] = &["vmi.report_stock", "vmi.accept_proposal"];

/// Commands sales may send: customers and sales orders, and changing a sales line's quantity
/// or date. Stock postings, purchasing, planning, JIT steps and VMI runs are the planners' (and
/// systems') business.
pub const SALES_COMMANDS: &[&str] = &[
    "upsert_customer",
    "place_sales_order",
    "mrp.change_sales_line",
];

/// May a user of this role send a command with this action (`Command::action()`)?
pub fn may_send(role: Role, kind: &str) -> bool {
    match role {
        Role::Planner | Role::System => true,
        Role::Sales => SALES_COMMANDS.contains(&kind),
        Role::Customer => CUSTOMER_COMMANDS.contains(&kind),
    }
}

/// A customer user's command must act for one of their own customers, whether or not it ends
/// up changing anything; other roles act for anyone.
pub fn acts_for_own(who: &Principal, command: &takt_engine::Command) -> bool {
    match who.role {
        Role::Customer => command
            .customer_scope()
            .is_some_and(|c| who.customers.contains(c)),
        _ => true,
    }
}

/// The first entity a command touched that the user may not see, before or after the command
/// (a customer may change only their own customers' data).
pub fn foreign_entity<'a>(
    who: &Principal,
    before: &State,
    after: &State,
    touched: &'a [EntityRef],
) -> Option<&'a EntityRef> {
    touched.iter().find(|r| {
        [before, after]
            .into_iter()
            .filter_map(|s| entity(s, r))
            .any(|(_, scope)| !who.may_read(&scope))
    })
}

// ---------------------------------------------------------------------------------------------
// Passwords and tokens

/// An argon2id PHC string for a password, with a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
}

/// Does the password match the stored hash?
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no such user").unwrap_or_default())
}

/// A new session token: 32 random bytes, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database keeps of a token: its SHA-256, hex. A stolen database holds no usable
/// token; the token has 256 random bits, so a plain hash is enough (no salt, no stretching).
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// The extractor and the endpoints

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(&parts.headers)?;
        let store = state.store.clone();
        let hash = token_hash(&token);
        blocking(move || store.session(&hash, now_unix()))
            .await?
            .ok_or_else(|| AppError::Unauthorized("the session token is invalid or expired".into()))
    }
}

fn bearer(headers: &HeaderMap) -> Result<String, AppError> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized("sign in: Authorization: Bearer <token>".into()))?;
    let value = header
        .to_str()
        .map_err(|_| AppError::Unauthorized("the Authorization header is not text".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AppError::Unauthorized("expected Authorization: Bearer <token>".into()))?;
    Ok(token.to_owned())
}

/// `/login`, `/logout`, `/me`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/me", get(me))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Login {
    name: String,
    password: String,
}

#[derive(Debug, Serialize)]
struct LoginResponse {
    token: String,
    /// Unix seconds.
    expires_at: i64,
    user: Principal,
}

async fn login(
    AxState(state): AxState<AppState>,
    JsonBody(body): JsonBody<Login>,
) -> Result<Json<LoginResponse>, AppError> {
    let store = state.store.clone();
    blocking(move || {
        let found = store.credentials(&body.name)?;
        let Some((user, hash)) = found else {
            // Spend the same time as for a wrong password, so that the answer's timing does
            // not tell which names exist.
            verify_password(&body.password, dummy_hash());
            return Err(AppError::Unauthorized("wrong name or password".into()));
        };
        if !verify_password(&body.password, &hash) {
            return Err(AppError::Unauthorized("wrong name or password".into()));
        }
        let token = new_token();
        let expires_at = now_unix() + SESSION_SECONDS;
        store.create_session(
            user.user_id,
            &token_hash(&token),
            expires_at,
            &now_utc().to_rfc3339(),
        )?;
        Ok(Json(LoginResponse {
            token,
            expires_at,
            user,
        }))
    })
    .await
}

async fn logout(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, AppError> {
    let hash = token_hash(&bearer(&headers)?);
    let store = state.store.clone();
    blocking(move || store.end_session(&hash, now_unix())).await?;
    Ok(Json(serde_json::json!({ "ok": true })))
}

async fn me(who: Principal) -> Json<Principal> {
    Json(who)
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_engine::state::EntityKind;
    use takt_engine::{Command, apply};

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("s3cret").unwrap();
        assert!(verify_password("s3cret", &h));
        assert!(!verify_password("s3cret ", &h));
        assert!(!verify_password("s3cret", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn policy_by_role() {
        assert!(may_send(Role::Planner, "adjust_stock"));
        assert!(may_send(Role::System, "anything"));
        assert!(may_send(Role::Sales, "place_sales_order"));
        assert!(!may_send(Role::Sales, "adjust_stock"));
        assert!(may_send(Role::Customer, "vmi.report_stock"));
        assert!(!may_send(Role::Customer, "vmi.generate_proposals"));
        assert!(!may_send(Role::Sales, "jit.pack"));
        assert!(!may_send(Role::Customer, "place_sales_order"));
    }

    #[test]
    fn a_customer_may_touch_only_their_own_customers_entities() {
        let mut before = State::default();
        for c in takt_engine::demo::commands(takt_engine::Day(20_000)) {
            apply(&mut before, c).unwrap();
        }
        let wob = Principal {
            user_id: 1,
            name: "c".into(),
            role: Role::Customer,
            customers: vec![CustomerId::new("OEM-WOB")],
        };
        let own = [EntityRef::new(EntityKind::SalesOrder, "SO-1001")];
        assert_eq!(foreign_entity(&wob, &before, &before, &own), None);
        let other = [EntityRef::new(EntityKind::SalesOrder, "SO-1002")];
        assert!(foreign_entity(&wob, &before, &before, &other).is_some());
        // Moving an own order to another customer is touching a foreign entity afterwards.
        let mut after = before.clone();
        let mut so = after.sales_orders[&"SO-1001".into()].clone();
        so.id = "SO-9".into();
        so.customer = CustomerId::new("OEM-LPZ");
        apply(&mut after, Command::PlaceSalesOrder { order: so }).unwrap();
        let moved = [EntityRef::new(EntityKind::SalesOrder, "SO-9")];
        assert!(foreign_entity(&wob, &before, &after, &moved).is_some());
        let stock = [EntityRef::new(EntityKind::Stock, "HR-100")];
        assert!(foreign_entity(&wob, &before, &before, &stock).is_some());
    }
}
