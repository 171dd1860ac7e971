//! The JIT monitor: status counts, progress per day and customer, and alerts (late calls,
//! failed postings, unknown materials, sequence gaps and duplicates, changes after release).
//! A pure query of the state.

use crate::jit::model::{CallKind, CallStatus, ComponentStatus, LeadTimes, PostingFailure};
use crate::state::State;
use crate::types::{CustomerId, IdStr};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Everything the JIT monitor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monitor {
    pub as_of: NaiveDateTime,
    /// Calls per status (every status listed, zeros included).
    pub counts: BTreeMap<CallStatus, u64>,
    /// Components per status (every status listed).
    pub component_counts: BTreeMap<ComponentStatus, u64>,
    /// Progress per required day and customer, ordered by day then customer.
    pub progress: Vec<Progress>,
    pub alerts: Vec<Alert>,
}

/// Progress of the calls one customer requires on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub day: NaiveDate,
    pub customer: CustomerId,
    pub calls: u64,
    /// Production confirmed or further (not cancelled).
    pub produced: u64,
    /// Goods issued or further (not cancelled).
    pub shipped: u64,
    pub completed: u64,
    pub cancelled: u64,
}

/// Something the planner should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The call concerned; `None` for alerts about a sequence.
    pub call: Option<IdStr>,
    #[serde(flatten)]
    pub kind: AlertKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum AlertKind {
    /// The remaining lead time from `as_of` ends after the required time.
    Late {
        required_at: NaiveDateTime,
        expected_at: NaiveDateTime,
        minutes_late: i64,
    },
    PostingFailed {
        position: u32,
        failure: PostingFailure,
    },
    UnknownMaterial {
        position: u32,
        customer_material: IdStr,
    },
    /// Sequence numbers `from..=to` are missing between two received calls.
    SequenceGap {
        customer: CustomerId,
        supply_area: IdStr,
        from: u64,
        to: u64,
    },
    /// More than one live call carries the same sequence number.
    SequenceDuplicate {
        customer: CustomerId,
        supply_area: IdStr,
        sequence_no: u64,
        calls: Vec<IdStr>,
    },
    /// A newer version arrived after release and waits for the planner.
    ChangedAfterRelease { version: u32, new_version: u32 },
}

/// Lead time still ahead of a call in `status`, in minutes; `None` once goods are issued.
fn remaining_minutes(status: CallStatus, lt: &LeadTimes) -> Option<i64> {
    use CallStatus::*;
    match status {
        Received | ReleasedToProduction => {
            Some(lt.production_minutes + lt.packing_minutes + lt.transit_minutes)
        }
        ProductionConfirmed | ReleasedForPacking => Some(lt.packing_minutes + lt.transit_minutes),
        Packed | DeliveryCreated | Picked => Some(lt.transit_minutes),
        GoodsIssued | Billed | Completed | Cancelled => None,
    }
}

/// Status counts only (cheap: one pass, no allocation per call).
pub fn counts(state: &State) -> BTreeMap<CallStatus, u64> {
    let mut n = [0u64; CallStatus::ALL.len()];
    for call in state.jit.calls.values() {
        n[call.status as usize] += 1;
    }
    CallStatus::ALL
        .iter()
        .map(|s| (*s, n[*s as usize]))
        .collect()
}

/// Sequenced calls of one customer and supply area: (sequence number, call id).
type SequenceGroup<'a> = ((&'a CustomerId, &'a str), Vec<(u64, &'a str)>);

/// The whole monitor as of a point in time.
pub fn monitor(state: &State, as_of: NaiveDateTime) -> Monitor {
    let jit = &state.jit;
    let mut calls_n = [0u64; CallStatus::ALL.len()];
    let mut comps_n = [0u64; 12];
    // Calls come in id order, which mostly follows the required time: remembering the last
    // progress row and sequence group saves a map lookup for almost every call.
    let mut progress: Vec<Progress> = Vec::new();
    let mut progress_at: HashMap<(NaiveDate, &CustomerId), usize> = HashMap::new();
    let mut last_row: Option<(NaiveDate, &CustomerId, usize)> = None;
    let mut alerts: Vec<Alert> = Vec::new();
    // Sequenced calls per customer and supply area: (sequence number, call id). There are
    // few groups, so a list searched from the last hit beats hashing.
    let mut sequences: Vec<SequenceGroup> = Vec::new();
    let mut last_lt: Option<(&CustomerId, &LeadTimes)> = None;
    for call in jit.calls.values() {
        calls_n[call.status as usize] += 1;
        let live = call.status != CallStatus::Cancelled;
        let day = call.required_at.date();
        let row = match last_row {
            Some((d, c, i)) if d == day && *c == call.customer => i,
            _ => {
                let i = *progress_at.entry((day, &call.customer)).or_insert_with(|| {
                    progress.push(Progress {
                        day,
                        customer: call.customer.clone(),
                        calls: 0,
                        produced: 0,
                        shipped: 0,
                        completed: 0,
                        cancelled: 0,
                    });
                    progress.len() - 1
                });
                last_row = Some((day, &call.customer, i));
                i
            }
        };
        let p = &mut progress[row];
        p.calls += 1;
        if !live {
            p.cancelled += 1;
        } else {
            p.produced += u64::from(call.status >= CallStatus::ProductionConfirmed);
            p.shipped += u64::from(call.status >= CallStatus::GoodsIssued);
            p.completed += u64::from(call.status == CallStatus::Completed);
        }
        let lt = match last_lt {
            Some((c, lt)) if *c == call.customer => lt,
            _ => {
                let lt = jit
                    .master
                    .lead_times
                    .get(&call.customer)
                    .unwrap_or(&jit.master.settings.default_lead_times);
                last_lt = Some((&call.customer, lt));
                lt
            }
        };
        if let Some(rest) = remaining_minutes(call.status, lt) {
            // Past the end of the calendar nothing can be on time.
            let expected_at = as_of
                .checked_add_signed(Duration::minutes(rest))
                .unwrap_or(NaiveDateTime::MAX);
            if expected_at > call.required_at {
                alerts.push(Alert {
                    call: Some(call.id.clone()),
                    kind: AlertKind::Late {
                        required_at: call.required_at,
                        expected_at,
                        minutes_late: (expected_at - call.required_at).num_minutes(),
                    },
                });
            }
        }
        for comp in &call.components {
            comps_n[comp.status as usize] += 1;
            if !live {
                continue;
            }
            if let Some(f) = &comp.failure
                && comp.status == ComponentStatus::PostingFailed
            {
                alerts.push(Alert {
                    call: Some(call.id.clone()),
                    kind: AlertKind::PostingFailed {
                        position: comp.position,
                        failure: f.clone(),
                    },
                });
            }
            // Production confirmation checked the material; items are never deleted.
            let checked = comp.status >= ComponentStatus::ProductionConfirmed;
            if !checked
                && comp
                    .material
                    .as_ref()
                    .is_none_or(|m| !state.items.contains_key(m))
            {
                alerts.push(Alert {
                    call: Some(call.id.clone()),
                    kind: AlertKind::UnknownMaterial {
                        position: comp.position,
                        customer_material: comp.customer_material.clone(),
                    },
                });
            }
        }
        if let Some(p) = &call.pending_change {
            alerts.push(Alert {
                call: Some(call.id.clone()),
                kind: AlertKind::ChangedAfterRelease {
                    version: call.version,
                    new_version: p.version,
                },
            });
        }
        // Replacement calls repeat their original's sequence number on purpose.
        if let CallKind::Sequenced { sequence_no, .. } = call.kind
            && call.replaces.is_none()
        {
            let key = (&call.customer, call.supply_area.as_str());
            let group = match sequences.iter().position(|(k, _)| *k == key) {
                Some(g) => g,
                None => {
                    sequences.push((key, Vec::new()));
                    sequences.len() - 1
                }
            };
            sequences[group].1.push((sequence_no, call.id.as_str()));
        }
    }
    sequences.sort_by(|a, b| a.0.cmp(&b.0));
    for ((customer, area), mut list) in sequences {
        // Stable sort: adaptive to the runs a sequence arrives in.
        list.sort();
        let mut i = 0;
        while i < list.len() {
            let (no, _) = list[i];
            let mut j = i + 1;
            while j < list.len() && list[j].0 == no {
                j += 1;
            }
            if j - i > 1 {
                // A cancelled call keeps its number: a duplicate only among live calls.
                let live: Vec<IdStr> = list[i..j]
                    .iter()
                    .filter(|(_, id)| {
                        jit.calls
                            .get(*id)
                            .is_some_and(|c| c.status != CallStatus::Cancelled)
                    })
                    .map(|(_, id)| IdStr::from(*id))
                    .collect();
                if live.len() > 1 {
                    alerts.push(Alert {
                        call: None,
                        kind: AlertKind::SequenceDuplicate {
                            customer: customer.clone(),
                            supply_area: IdStr::from(area),
                            sequence_no: no,
                            calls: live,
                        },
                    });
                }
            }
            if j < list.len() && list[j].0 > no + 1 {
                alerts.push(Alert {
                    call: None,
                    kind: AlertKind::SequenceGap {
                        customer: customer.clone(),
                        supply_area: IdStr::from(area),
                        from: no + 1,
                        to: list[j].0 - 1,
                    },
                });
            }
            i = j;
        }
    }
    progress.sort_by(|a, b| (a.day, &a.customer).cmp(&(b.day, &b.customer)));
    const COMPONENT_STATUSES: [ComponentStatus; 12] = [
        ComponentStatus::Received,
        ComponentStatus::ReleasedToProduction,
        ComponentStatus::PostingFailed,
        ComponentStatus::ProductionConfirmed,
        ComponentStatus::ReleasedForPacking,
        ComponentStatus::Packed,
        ComponentStatus::DeliveryCreated,
        ComponentStatus::Picked,
        ComponentStatus::GoodsIssued,
        ComponentStatus::Billed,
        ComponentStatus::Completed,
        ComponentStatus::Cancelled,
    ];
    Monitor {
        as_of,
        counts: CallStatus::ALL
            .iter()
            .map(|s| (*s, calls_n[*s as usize]))
            .collect(),
        component_counts: COMPONENT_STATUSES
            .iter()
            .map(|s| (*s, comps_n[*s as usize]))
            .collect(),
        progress,
        alerts,
    }
}

/// Sequence alerts of one state only; exposed for tests and the UI's sequence view.
pub fn sequence_alerts(state: &State) -> Vec<Alert> {
    // The far past as `as_of` makes no call late, leaving the other alert kinds.
    let far_past = NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap_or_default();
    monitor(state, far_past)
        .alerts
        .into_iter()
        .filter(|a| {
            matches!(
                a.kind,
                AlertKind::SequenceGap { .. } | AlertKind::SequenceDuplicate { .. }
            )
        })
        .collect()
}
