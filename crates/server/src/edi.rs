//! EDI exchange with partner systems: inbound messages are stored in an inbox and, through a
//! pluggable codec, turned into commands applied like any other; outbound messages wait in an
//! outbox until the partner fetches and acknowledges them.
//!
//! The codecs (EDIFACT, VDA, X12) live in the engine; [`EngineCodec`] (the default) reads a
//! message against the current state and refuses it whole if any command would be rejected.
//! Outbound messages are rendered by the engine ([`outbound`]) after every push.

use crate::auth::{Principal, Role};
use crate::error::{AppError, QueryParams, RawBody};
use crate::{AppState, blocking, now_utc};
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use takt_engine::edi::{export, import};
use takt_engine::state::{EntityKind, EntityRef};
use takt_engine::types::CustomerId;
use takt_engine::{Command, State};

/// Turns an inbound message into commands.
pub trait EdiCodec: Send + Sync + std::fmt::Debug {
    /// The commands a message from `partner` asks for, or why it cannot be read (naming the
    /// segment and field). `partner` is empty when the poster did not name one: the codec
    /// finds it from the message itself.
    fn import(&self, partner: &str, bytes: &[u8]) -> Result<Vec<Command>, String>;

    /// The same, read against the current state (under the store lock). Codecs that need the
    /// state (material mappings, known calls) override this.
    fn import_at(
        &self,
        _state: &State,
        partner: &str,
        control_ref: &str,
        bytes: &[u8],
    ) -> Result<Vec<Command>, String> {
        let _ = control_ref;
        self.import(partner, bytes)
    }
}

/// The engine's EDI codecs (EDIFACT, X12, VDA): `partner` is our customer id (empty: the
/// customer whose partner profile names the envelope's sender), `control_ref` must be the
/// interchange's own control reference. The commands are tried on a copy of the
/// state first: one rejected command refuses the whole interchange (422), nothing is applied.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineCodec;

impl EdiCodec for EngineCodec {
    fn import(&self, partner: &str, bytes: &[u8]) -> Result<Vec<Command>, String> {
        self.import_at(&State::default(), partner, "", bytes)
    }

    fn import_at(
        &self,
        state: &State,
        partner: &str,
        control_ref: &str,
        bytes: &[u8],
    ) -> Result<Vec<Command>, String> {
        let partner = Some(partner).filter(|p| !p.is_empty());
        read_interchange(state, partner, Some(control_ref), bytes).map(|(_, c)| c)
    }
}

/// Parses an interchange and returns its control reference and commands, checked to apply
/// all together on a copy of `state`. `partner`: our customer id (else from the partner
/// profile of the envelope's sender); `control_ref`: if given, must match the envelope.
pub fn read_interchange(
    state: &State,
    partner: Option<&str>,
    control_ref: Option<&str>,
    bytes: &[u8],
) -> Result<(String, Vec<Command>), String> {
    let partner = partner.map(CustomerId::new);
    let (parsed, _, commands) =
        import::import(bytes, state, partner.as_ref()).map_err(|e| e.to_string())?;
    let env = &parsed.envelope;
    if let Some(c) = control_ref
        && !c.is_empty()
        && c != env.control_ref
    {
        return Err(format!(
            "control_ref {c} does not match the interchange's control reference {}",
            env.control_ref
        ));
    }
    if commands.is_empty() {
        return Err("the interchange holds nothing to apply".into());
    }
    let mut copy = state.clone();
    import::apply_all(&mut copy, commands.clone())
        .map_err(|(i, r)| format!("command {} of the interchange is refused: {r}", i + 1))?;
    Ok((env.control_ref.clone(), commands))
}

/// The outbound messages for what a push touched: rendered by the engine, numbered from
/// `first_control`. A document that cannot be rendered is reported on stderr and skipped (the
/// command itself stands; the planner re-sends after fixing the partner profile).
pub fn outbound(
    state: &State,
    touched: &[EntityRef],
    first_control: i64,
    now: &str,
) -> Vec<export::Rendered> {
    if !touched
        .iter()
        .any(|r| matches!(r.kind, EntityKind::ShippingNotice | EntityKind::Invoice))
    {
        return Vec::new();
    }
    let prepared = chrono::DateTime::parse_from_rfc3339(now)
        .map(|t| export::when(t.naive_utc()))
        .unwrap_or_default();
    let control = u32::try_from(first_control).unwrap_or(1);
    match export::outbound_for(state, touched, control, prepared) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("takt: rendering outbound EDI: {e}");
            Vec::new()
        }
    }
}

/// The codec until the EDI codecs are wired: every message is refused with a clear reason.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCodec;

impl EdiCodec for NoCodec {
    fn import(&self, _partner: &str, _bytes: &[u8]) -> Result<Vec<Command>, String> {
        Err("no EDI codec configured".into())
    }
}

/// A codec from a plain function `fn import_edi(bytes) -> Result<Vec<Command>, String>`.
#[derive(Debug, Clone, Copy)]
pub struct FnCodec(pub fn(&[u8]) -> Result<Vec<Command>, String>);

impl EdiCodec for FnCodec {
    fn import(&self, _partner: &str, bytes: &[u8]) -> Result<Vec<Command>, String> {
        (self.0)(bytes)
    }
}

/// Content types an inbound message may carry.
const EDI_TYPES: &[&str] = &[
    "application/edifact",
    "application/edi-x12",
    "application/edi-consent",
    "application/octet-stream",
    "text/plain",
];

/// `/edi/inbound`, `/edi/outbox`, `/edi/outbox/{id}/ack`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/edi/inbound", post(inbound))
        .route("/edi/outbox", get(outbox))
        .route("/edi/outbox/{id}/ack", post(ack))
}

/// Partner systems and planners exchange EDI; nobody else.
fn may_exchange(who: &Principal) -> Result<(), AppError> {
    match who.role {
        Role::System | Role::Planner => Ok(()),
        r => Err(AppError::Forbidden(format!(
            "a {} user may not exchange EDI messages",
            r.as_str()
        ))),
    }
}

/// Both optional: a partner system (or a VAN / AS2 gateway) posts just the file, and the
/// interchange's envelope names the sender and the control reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InboundParams {
    /// Our customer id; it also files the message in the inbox instead of the envelope's sender.
    #[serde(default)]
    partner: Option<String>,
    /// Must match the envelope's control reference when given.
    #[serde(default)]
    control_ref: Option<String>,
}

/// Who sent the message and its control reference, the inbox key under which a resent
/// interchange is recognised: the query parameters where given, else the envelope (UNB sender
/// and control reference, ISA06 and ISA13, the VDA header's sender and transmission number).
fn inbox_key(p: &InboundParams, body: &[u8]) -> Result<(String, String), AppError> {
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    if let (Some(partner), Some(control_ref)) = (given(&p.partner), given(&p.control_ref)) {
        return Ok((partner.to_owned(), control_ref.to_owned()));
    }
    let env = takt_engine::edi::envelope(body).map_err(|e| {
        AppError::BadRequest(format!(
            "the interchange envelope cannot be read ({e}); \
             name partner and control_ref as query parameters"
        ))
    })?;
    let partner = given(&p.partner).unwrap_or(&env.sender).to_owned();
    let control_ref = given(&p.control_ref).unwrap_or(&env.control_ref).to_owned();
    if partner.is_empty() || control_ref.is_empty() {
        return Err(AppError::BadRequest(
            "the envelope names no sender or control reference; name partner and control_ref"
                .into(),
        ));
    }
    Ok((partner, control_ref))
}

#[derive(Debug, Serialize)]
struct InboundFailed {
    error: &'static str,
    message: String,
    id: i64,
}

async fn inbound(
    AxState(state): AxState<AppState>,
    who: Principal,
    QueryParams(p): QueryParams<InboundParams>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    may_exchange(&who)?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !EDI_TYPES.contains(&ctype.as_str()) {
        return Err(AppError::UnsupportedMediaType(format!(
            "post the raw message as one of {}",
            EDI_TYPES.join(", ")
        )));
    }
    if body.is_empty() {
        return Err(AppError::BadRequest("the message is empty".into()));
    }
    let (inbox_partner, control_ref) = inbox_key(&p, &body)?;
    // The codec gets the customer only when the poster named one; else it finds the customer
    // from the partner profile of the envelope's sender.
    let customer = p
        .partner
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let store = state.store.clone();
    let codec = state.edi.clone();
    let outcome = blocking(move || {
        store.edi_inbound(
            &who,
            &inbox_partner,
            &control_ref,
            &body,
            |state| codec.import_at(state, &customer, &control_ref, &body),
            &now_utc().to_rfc3339(),
        )
    })
    .await?;
    Ok(match (&outcome.error, outcome.duplicate) {
        (Some(e), _) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(InboundFailed {
                error: "unprocessable",
                message: e.clone(),
                id: outcome.id,
            }),
        )
            .into_response(),
        (None, true) => (StatusCode::OK, Json(outcome)).into_response(),
        (None, false) => (StatusCode::ACCEPTED, Json(outcome)).into_response(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutboxParams {
    #[serde(default)]
    partner: Option<String>,
    #[serde(default)]
    limit: Option<u64>,
}

#[derive(Debug, Serialize)]
struct OutboxResponse {
    messages: Vec<crate::store::Outbound>,
}

async fn outbox(
    AxState(state): AxState<AppState>,
    who: Principal,
    QueryParams(p): QueryParams<OutboxParams>,
) -> Result<Json<OutboxResponse>, AppError> {
    may_exchange(&who)?;
    let store = state.store.clone();
    blocking(move || store.outbox(p.partner.as_deref(), p.limit.unwrap_or(100)))
        .await
        .map(|messages| Json(OutboxResponse { messages }))
}

async fn ack(
    AxState(state): AxState<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    may_exchange(&who)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::BadRequest(format!("{id} is not a message id")))?;
    let store = state.store.clone();
    if blocking(move || store.outbox_ack(id, &now_utc().to_rfc3339())).await? {
        Ok(Json(serde_json::json!({ "id": id, "acked": true })))
    } else {
        Err(AppError::NotFound(format!("no outbound message {id}")))
    }
}
