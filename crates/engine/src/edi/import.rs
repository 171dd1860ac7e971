//! Inbound EDI → engine commands: JIT calls become `jit.receive` (or `jit.cancel`), forecasts
//! become `mrp.set_forecast`, stock reports become `vmi.report_stock`. Pure: the caller passes
//! the state (for material mappings and known calls), the partner and the id prefix, and applies
//! the commands all or nothing with [`apply_all`].

use super::error::{EdiError, ErrorKind};
use super::master::partner_for;
use super::model::{
    CallKind as MsgCallKind, EnvelopeInfo, ForecastMsg, InboundDoc, JitCallMsg, Purpose,
    StockReportMsg, When,
};
use super::{Parsed, parse};
use crate::jit::commands::{JitCommand, NewCall};
use crate::jit::model::{CallKind, IncomingCall, IncomingComponent, SummarizedBasis};
use crate::mrp::{Forecast, MrpCommand};
use crate::state::{Applied, Command, Rejection, State, apply};
use crate::types::{CustomerId, IdStr, ItemId, LocationId};
use crate::vmi::{StockReport, VmiCommand};
use chrono::{NaiveDateTime, NaiveTime, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// How new entities created by an import are numbered: new JIT calls get `{prefix}{n:03}`
/// (n from 1 in document order). The server uses the inbox key so replays give the same ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIds {
    pub call_prefix: String,
}

impl ImportIds {
    /// Ids derived from the interchange: `EDI-{sender}-{control ref}-`.
    pub fn for_interchange(parsed: &Parsed) -> ImportIds {
        ImportIds::for_envelope(&parsed.envelope)
    }

    /// Ids derived from an interchange's envelope (see [`ImportIds::for_interchange`]).
    pub fn for_envelope(env: &EnvelopeInfo) -> ImportIds {
        ImportIds {
            call_prefix: format!("EDI-{}-{}-", env.sender.trim(), env.control_ref.trim()),
        }
    }
}

/// Whether the state already holds calls of this interchange (same sender and control
/// reference): their ids carry [`ImportIds::for_envelope`]'s prefix, whoever imported them
/// (this browser, another device, or the server's inbound endpoint). The browser has no inbox,
/// so this is how it refuses a repeated interchange; interchanges without JIT calls (forecasts,
/// stock reports) leave no such trace, but their commands replace by id, so a repeat changes
/// nothing.
pub fn imported_before(state: &State, env: &EnvelopeInfo) -> bool {
    let prefix = ImportIds::for_envelope(env).call_prefix;
    state
        .jit
        .calls
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(id, _)| id.starts_with(&prefix))
}

fn content(expected: impl Into<String>, found: impl Into<String>) -> EdiError {
    EdiError::new(ErrorKind::Content, expected, found)
}

/// The customer an interchange is from: the explicit `partner` if given (it must exist), else
/// the customer whose [`super::PartnerProfile`] has the envelope's sender id.
pub fn resolve_partner(
    state: &State,
    parsed: &Parsed,
    partner: Option<&CustomerId>,
) -> Result<CustomerId, EdiError> {
    match partner {
        Some(p) if state.customers.contains_key(p) => Ok(p.clone()),
        Some(p) => Err(content("a known customer as partner", p.to_string())),
        None => partner_for(state, &parsed.envelope)
            .map(|p| p.customer.clone())
            .ok_or_else(|| {
                let mut e = content(
                    "a sender with a partner profile (their_id)",
                    parsed.envelope.sender.clone(),
                );
                e.segment = 1;
                e.tag = match parsed.envelope.standard {
                    super::Standard::Edifact => "UNB",
                    super::Standard::X12 => "ISA",
                    super::Standard::Vda => "header",
                }
                .to_owned();
                e
            }),
    }
}

/// The commands one parsed interchange asks for, in document order.
pub fn commands_for(
    parsed: &Parsed,
    state: &State,
    partner: &CustomerId,
    ids: &ImportIds,
) -> Result<Vec<Command>, EdiError> {
    let mut out = Vec::new();
    let mut next_call = 1u32;
    for doc in &parsed.documents {
        match doc {
            InboundDoc::JitCall(m) => jit_calls(m, state, partner, ids, &mut next_call, &mut out)?,
            InboundDoc::Forecast(m) => forecasts(m, state, partner, &mut out)?,
            InboundDoc::StockReport(m) => {
                stock_report(m, &parsed.envelope.prepared, state, partner, &mut out)?
            }
            InboundDoc::ShippingNotice(_) | InboundDoc::Invoice(_) => {
                return Err(EdiError::new(
                    ErrorKind::Unsupported,
                    "a JIT call, forecast or stock report (we send shipping notices and invoices, we do not receive them)",
                    match doc {
                        InboundDoc::ShippingNotice(_) => "shipping notice",
                        _ => "invoice",
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// Parses `bytes`, finds the partner and returns the commands (see [`commands_for`]). Ids come
/// from [`ImportIds::for_interchange`].
pub fn import(
    bytes: &[u8],
    state: &State,
    partner: Option<&CustomerId>,
) -> Result<(Parsed, CustomerId, Vec<Command>), EdiError> {
    let parsed = parse(bytes)?;
    let customer = resolve_partner(state, &parsed, partner)?;
    let ids = ImportIds::for_interchange(&parsed);
    let commands = commands_for(&parsed, state, &customer, &ids)?;
    Ok((parsed, customer, commands))
}

/// Applies commands all or nothing: on a copy, and a command whose bulk outcome reports a
/// failed subject counts as rejected (an interchange is one unit: half a DELJIT is wrong).
pub fn apply_all(
    state: &mut State,
    commands: Vec<Command>,
) -> Result<Vec<Applied>, (usize, Rejection)> {
    let mut scratch = state.clone();
    let mut applied = Vec::with_capacity(commands.len());
    for (i, c) in commands.into_iter().enumerate() {
        let a = apply(&mut scratch, c).map_err(|r| (i, r))?;
        if let Some(bad) = a.outcomes.iter().find(|o| !o.ok) {
            return Err((i, Rejection::precondition(&bad.id, bad.message.clone())));
        }
        applied.push(a);
    }
    *state = scratch;
    Ok(applied)
}

fn datetime(w: &When) -> Result<NaiveDateTime, EdiError> {
    let d = w
        .day
        .date()
        .ok_or_else(|| content("a valid date", w.to_string()))?;
    let m = u32::from(w.minute.unwrap_or(0));
    let t = NaiveTime::from_hms_opt(m / 60, m % 60, 0)
        .ok_or_else(|| content("a valid time", w.to_string()))?;
    Ok(d.and_time(t))
}

/// Our item for a customer material: the JIT mapping, else the supplier number the partner
/// sent (PIA SA) when it is one of our items.
fn item_for(
    state: &State,
    partner: &CustomerId,
    customer_material: &str,
    our: Option<&str>,
) -> Option<ItemId> {
    state
        .jit
        .master
        .customer_materials
        .get(partner)
        .and_then(|m| m.get(customer_material))
        .cloned()
        .or_else(|| our.map(ItemId::new).filter(|i| state.items.contains_key(i)))
}

fn jit_calls(
    m: &JitCallMsg,
    state: &State,
    partner: &CustomerId,
    ids: &ImportIds,
    next: &mut u32,
    out: &mut Vec<Command>,
) -> Result<(), EdiError> {
    // The ship-to is a customer of ours if the message names one; else the sold-to itself.
    let ship_to = m
        .header
        .ship_to
        .as_ref()
        .map(|p| CustomerId::new(&p.id))
        .filter(|c| state.customers.contains_key(c))
        .unwrap_or_else(|| partner.clone());
    let known = state.jit.external_index.get(partner);
    let mut receive = Vec::new();
    let mut cancel = Vec::new();
    for call in &m.calls {
        // A call's components share one required time, unloading point and supply area in the
        // engine; an EDI call with several delivery dates becomes one call per date.
        let mut groups: BTreeMap<(NaiveDateTime, String, String), Vec<IncomingComponent>> =
            BTreeMap::new();
        for (i, c) in call.components.iter().enumerate() {
            let at = datetime(&c.required)?;
            let key = (
                at,
                c.unloading_point.as_deref().unwrap_or_default().to_owned(),
                c.supply_area.as_deref().unwrap_or_default().to_owned(),
            );
            let g = groups.entry(key).or_default();
            // Unmapped customer materials are received anyway (material null): the monitor
            // shows them as "unknown material" until someone maps them and reprocesses.
            let material = if state
                .jit
                .master
                .customer_materials
                .get(partner)
                .is_some_and(|m| m.contains_key(c.customer_material.as_str()))
            {
                None
            } else {
                item_for(
                    state,
                    partner,
                    &c.customer_material,
                    c.our_material.as_deref(),
                )
            };
            g.push(IncomingComponent {
                position: u32::try_from(i + 1).unwrap_or(u32::MAX),
                customer_material: IdStr::from(&*c.customer_material),
                material,
                qty: c.qty,
                unit: IdStr::from(&*c.unit),
                containers: None,
            });
        }
        let many = groups.len() > 1;
        for (k, ((at, unloading_point, supply_area), components)) in groups.into_iter().enumerate()
        {
            let external_id = if many {
                format!("{}-{}", call.call_number, k + 1)
            } else {
                call.call_number.to_string()
            };
            let existing = known
                .and_then(|x| x.get(external_id.as_str()))
                .and_then(|id| state.jit.calls.get(id));
            if m.header.purpose == Purpose::Cancel {
                let c = existing.ok_or_else(|| {
                    content(
                        "a cancellation of a call received before",
                        external_id.clone(),
                    )
                })?;
                cancel.push(c.id.clone());
                continue;
            }
            let kind = match (m.kind, &call.sequence) {
                (MsgCallKind::Sequenced, Some(s)) => CallKind::Sequenced {
                    sequence_no: s.sequence_no.trim().parse().map_err(|_| {
                        content("a numeric sequence number", s.sequence_no.as_str())
                    })?,
                    vehicle: s.vehicle.as_deref().unwrap_or_default().into(),
                },
                _ => CallKind::Summarized {
                    basis: SummarizedBasis::Quantity,
                },
            };
            let id = format!("{}{:03}", ids.call_prefix, *next);
            *next += 1;
            receive.push(NewCall {
                id: id.into(),
                call: IncomingCall {
                    external_id: external_id.into(),
                    customer: partner.clone(),
                    ship_to: ship_to.clone(),
                    unloading_point: unloading_point.into(),
                    supply_area: supply_area.into(),
                    required_at: at,
                    // A resent or replacing call is the next version of the one we have.
                    version: existing.map_or(1, |c| c.version + 1),
                    kind,
                    components,
                },
            });
        }
    }
    if !receive.is_empty() {
        out.push(Command::Jit {
            command: JitCommand::Receive { calls: receive },
        });
    }
    if !cancel.is_empty() {
        out.push(Command::Jit {
            command: JitCommand::Cancel {
                calls: cancel,
                reason: format!(
                    "cancelled by {} {}",
                    m.header.message_type, m.header.document_number
                ),
            },
        });
    }
    Ok(())
}

/// Forecast ids: `edi/{customer}/{item}/{first day}`. A schedule replaces the partner's earlier
/// forecast of the item, so stale periods are deleted.
fn forecasts(
    m: &ForecastMsg,
    state: &State,
    partner: &CustomerId,
    out: &mut Vec<Command>,
) -> Result<(), EdiError> {
    let mut set: BTreeMap<String, Forecast> = BTreeMap::new();
    let mut items = BTreeSet::new();
    for s in &m.schedules {
        let item = item_for(
            state,
            partner,
            &s.customer_material,
            s.our_material.as_deref(),
        )
        .ok_or_else(|| {
            content(
                format!("a customer material mapped for {partner} (or our item number in PIA)"),
                s.customer_material.clone(),
            )
        })?;
        items.insert(item.clone());
        for l in &s.lines {
            if !l.qty.is_positive() {
                continue;
            }
            let id = format!("edi/{partner}/{item}/{}", l.from);
            let f = set.entry(id.clone()).or_insert_with(|| Forecast {
                id,
                item: item.clone(),
                start: l.from,
                end: l.to.plus(1).max(l.from.plus(1)),
                qty: crate::types::Qty(0),
            });
            f.qty += l.qty;
            f.end = f.end.max(l.to.plus(1));
        }
    }
    for item in &items {
        let prefix = format!("edi/{partner}/{item}/");
        for id in state.mrp.forecasts.keys() {
            if id.starts_with(&prefix) && !set.contains_key(id) {
                out.push(Command::Mrp {
                    command: MrpCommand::DeleteForecast { id: id.clone() },
                });
            }
        }
    }
    for f in set.into_values() {
        out.push(Command::Mrp {
            command: MrpCommand::SetForecast { forecast: f },
        });
    }
    Ok(())
}

fn stock_report(
    m: &StockReportMsg,
    prepared: &Option<When>,
    state: &State,
    partner: &CustomerId,
    out: &mut Vec<Command>,
) -> Result<(), EdiError> {
    let when = m
        .as_of
        .or(m.header.issued)
        .or(*prepared)
        .ok_or_else(|| content("a stock report date (DTM+366)", ""))?;
    let as_of = Utc.from_utc_datetime(&datetime(&when)?);
    let mut reports = Vec::with_capacity(m.lines.len());
    for l in &m.lines {
        let article = item_for(
            state,
            partner,
            &l.customer_material,
            l.our_material.as_deref(),
        )
        .ok_or_else(|| {
            content(
                format!("a customer material mapped for {partner} (or our item number in PIA)"),
                l.customer_material.clone(),
            )
        })?;
        let location = l
            .location
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| partner.to_string());
        reports.push(StockReport {
            customer: partner.clone(),
            article,
            location: LocationId::new(location),
            qty: l.on_hand,
            reserved: crate::types::Qty(0),
            as_of,
        });
    }
    if !reports.is_empty() {
        out.push(Command::Vmi {
            command: VmiCommand::ReportStock { reports },
        });
    }
    Ok(())
}
