//! The JIT monitor: status counts, progress per day and customer, and alerts (late calls,
//! failed postings, unknown materials, sequence gaps and duplicates, changes after release).
//! A pure query of the state.

use crate::jit::model::{
    CallKind, CallStatus, ComponentStatus, JitCall, LeadTimes, PostingFailure,
};
use crate::state::State;
use crate::types::{CustomerId, IdStr, ItemId};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
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

/// When a call in each stage would be done if work started at `as_of`: before production,
/// before packing, before transit (`remaining_minutes`' three cases). Past the end of the
/// calendar nothing can be on time.
fn expected_by_stage(as_of: NaiveDateTime, lt: &LeadTimes) -> [NaiveDateTime; 3] {
    let at = |minutes: i64| {
        as_of
            .checked_add_signed(Duration::minutes(minutes))
            .unwrap_or(NaiveDateTime::MAX)
    };
    [
        at(lt.production_minutes + lt.packing_minutes + lt.transit_minutes),
        at(lt.packing_minutes + lt.transit_minutes),
        at(lt.transit_minutes),
    ]
}

/// Which of `expected_by_stage`'s entries applies to a call in `status`; `None` once goods
/// are issued.
fn stage(status: CallStatus) -> Option<usize> {
    use CallStatus::*;
    match status {
        Received | ReleasedToProduction => Some(0),
        ProductionConfirmed | ReleasedForPacking => Some(1),
        Packed | DeliveryCreated | Picked => Some(2),
        GoodsIssued | Billed | Completed | Cancelled => None,
    }
}

/// The whole monitor as of a point in time.
///
/// One pass over the calls. The calls come in id order, which mostly follows the required
/// time and the sequence: the loop remembers the last progress row, lead times and sequence
/// group, so almost every call needs no lookup at all. Costs are per call, not per alert.
pub fn monitor(state: &State, as_of: NaiveDateTime) -> Monitor {
    let jit = &state.jit;
    let mut calls_n = [0u64; CallStatus::ALL.len()];
    let mut comps_n = [0u64; 12];
    let mut progress: Vec<Progress> = Vec::new();
    let mut progress_at: HashMap<(NaiveDate, &CustomerId), usize> = HashMap::new();
    // The customer of the previous call: the caches below hold for it. One id comparison per
    // call instead of one per cache.
    let mut customer: Option<&CustomerId> = None;
    let mut last_row: Option<(NaiveDate, usize)> = None;
    let mut alerts: Vec<Alert> = Vec::new();
    // There are few sequence groups, so a list searched after a miss of the last one beats
    // hashing.
    let mut groups: Vec<(&CustomerId, &IdStr)> = Vec::new();
    let mut last_group: Option<(&IdStr, usize)> = None;
    // Each group's sequenced calls in id order: (sequence number, call).
    let mut lists: Vec<Vec<(u64, &JitCall)>> = Vec::new();
    let mut expected: Option<[NaiveDateTime; 3]> = None;
    // Whether a material is an item, per distinct material: a few hundred materials serve
    // 100,000 calls, and hashing a short id is far cheaper than searching the item map.
    let mut known: FxHashMap<&ItemId, bool> = FxHashMap::default();
    for call in jit.calls.values() {
        calls_n[call.status as usize] += 1;
        let live = call.status != CallStatus::Cancelled;
        if customer != Some(&call.customer) {
            customer = Some(&call.customer);
            last_row = None;
            last_group = None;
            expected = None;
        }
        let day = call.required_at.date();
        let row = match last_row {
            Some((d, i)) if d == day => i,
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
                last_row = Some((day, i));
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
        if let Some(stage) = stage(call.status) {
            let expected = expected.get_or_insert_with(|| {
                let lt = jit
                    .master
                    .lead_times
                    .get(&call.customer)
                    .unwrap_or(&jit.master.settings.default_lead_times);
                expected_by_stage(as_of, lt)
            });
            let expected_at = expected[stage];
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
            if comp.status == ComponentStatus::PostingFailed
                && let Some(f) = &comp.failure
            {
                alerts.push(Alert {
                    call: Some(call.id.clone()),
                    kind: AlertKind::PostingFailed {
                        position: comp.position,
                        failure: PostingFailure::clone(f),
                    },
                });
            }
            // Production confirmation checked the material; items are never deleted.
            let checked = comp.status >= ComponentStatus::ProductionConfirmed;
            if !checked
                && comp.material.as_ref().is_none_or(|m| {
                    !*known
                        .entry(m)
                        .or_insert_with(|| state.items.contains_key(m))
                })
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
            let group = match last_group {
                Some((area, g)) if *area == call.supply_area => g,
                _ => {
                    let key = (&call.customer, &call.supply_area);
                    let g = match groups.iter().position(|k| *k == key) {
                        Some(g) => g,
                        None => {
                            groups.push(key);
                            lists.push(Vec::new());
                            groups.len() - 1
                        }
                    };
                    last_group = Some((&call.supply_area, g));
                    g
                }
            };
            if let Some(list) = lists.get_mut(group) {
                list.push((sequence_no, call));
            }
        }
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|a, b| groups[*a].cmp(&groups[*b]));
    for g in order {
        let (customer, area) = groups[g];
        for finding in sequence_findings(&mut lists[g]) {
            let kind = match finding {
                SequenceFinding::Duplicate { sequence_no, calls } => AlertKind::SequenceDuplicate {
                    customer: customer.clone(),
                    supply_area: area.clone(),
                    sequence_no,
                    calls,
                },
                SequenceFinding::Gap { from, to } => AlertKind::SequenceGap {
                    customer: customer.clone(),
                    supply_area: area.clone(),
                    from,
                    to,
                },
            };
            alerts.push(Alert { call: None, kind });
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

/// What the sequence check finds in one group, in the order of the numbers: for each number,
/// its duplicate (if any) before the gap that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SequenceFinding {
    /// More than one live call carries the number; the calls in id order.
    Duplicate { sequence_no: u64, calls: Vec<IdStr> },
    /// No call carries `from..=to`, between two numbers that are there.
    Gap { from: u64, to: u64 },
}

/// Numbers spread over at most this many slots per call are checked by counting; sparser
/// ones by sorting.
const DENSE_SLOTS_PER_CALL: u64 = 32;

/// Gaps and duplicates among one group's sequenced calls, given in id order. A cancelled call
/// keeps its number: it fills a gap but is no duplicate.
///
/// Sequence numbers are dense (one per vehicle), so the check counts each number in a table
/// over the range of numbers instead of sorting: one pass over the calls and one over the
/// table. Numbers spread too thinly for a table are sorted instead (`list` is reordered then);
/// both ways find the same.
fn sequence_findings(list: &mut [(u64, &JitCall)]) -> Vec<SequenceFinding> {
    let (Some(min), Some(max)) = (
        list.iter().map(|(no, _)| *no).min(),
        list.iter().map(|(no, _)| *no).max(),
    ) else {
        return Vec::new();
    };
    let slots = (max - min).saturating_add(1);
    let dense_limit = (list.len() as u64)
        .saturating_mul(DENSE_SLOTS_PER_CALL)
        .saturating_add(1024);
    match usize::try_from(slots) {
        Ok(slots) if (slots as u64) <= dense_limit => dense_findings(list, min, slots),
        _ => sorted_findings(list),
    }
}

/// `sequence_findings` by counting: `count[no - min]` is 0, 1 or 2 (two or more).
fn dense_findings(list: &[(u64, &JitCall)], min: u64, slots: usize) -> Vec<SequenceFinding> {
    let slot = |no: u64| usize::try_from(no - min).unwrap_or(usize::MAX);
    let mut count = vec![0u8; slots];
    for (no, _) in list {
        if let Some(c) = count.get_mut(slot(*no)) {
            *c = (*c + 1).min(2);
        }
    }
    // The calls of each repeated number, in id order (the list's order).
    let mut repeated: BTreeMap<u64, Vec<IdStr>> = BTreeMap::new();
    for (no, call) in list {
        if count.get(slot(*no)) == Some(&2) {
            let live = repeated.entry(*no).or_default();
            if call.status != CallStatus::Cancelled {
                live.push(call.id.clone());
            }
        }
    }
    let mut findings = Vec::new();
    let mut last: Option<u64> = None;
    // Gaps can be long (a number far ahead of the rest): skip empty stretches 16 slots at a
    // time.
    let mut i = 0;
    while i < count.len() {
        if let Some(block) = count.get(i..i + 16)
            && block.iter().all(|c| *c == 0)
        {
            i += 16;
            continue;
        }
        let c = count[i];
        i += 1;
        if c == 0 {
            continue;
        }
        let no = min + (i - 1) as u64;
        if let Some(prev) = last
            && no > prev + 1
        {
            findings.push(SequenceFinding::Gap {
                from: prev + 1,
                to: no - 1,
            });
        }
        if c == 2
            && let Some(calls) = repeated.remove(&no)
            && calls.len() > 1
        {
            findings.push(SequenceFinding::Duplicate {
                sequence_no: no,
                calls,
            });
        }
        last = Some(no);
    }
    findings
}

/// `sequence_findings` by a stable sort on the number (calls of one number stay in id order).
fn sorted_findings(list: &mut [(u64, &JitCall)]) -> Vec<SequenceFinding> {
    list.sort_by_key(|(no, _)| *no);
    let mut findings = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let no = list[i].0;
        let mut j = i + 1;
        while j < list.len() && list[j].0 == no {
            j += 1;
        }
        if j - i > 1 {
            let live: Vec<IdStr> = list[i..j]
                .iter()
                .filter(|(_, c)| c.status != CallStatus::Cancelled)
                .map(|(_, c)| c.id.clone())
                .collect();
            if live.len() > 1 {
                findings.push(SequenceFinding::Duplicate {
                    sequence_no: no,
                    calls: live,
                });
            }
        }
        if j < list.len() && list[j].0 > no + 1 {
            findings.push(SequenceFinding::Gap {
                from: no + 1,
                to: list[j].0 - 1,
            });
        }
        i = j;
    }
    findings
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
