//! The MRP card of seed 002: per period the columns G, S, PI, SPI, AMQ, RQ, SSQ, PIN, AoD,
//! as JSON (serde) and CSV.
//!
//! Signs follow Navision: what lowers inventory is negative, so G (gross requirement) ≤ 0.
//!
//! | column | meaning | formula |
//! | --- | --- | --- |
//! | G | gross requirement (sales, forecasts, extra demands) | sum, negative |
//! | S | scheduled receipts (existing purchase / production orders) | sum |
//! | PI | projected inventory | PIₜ = PIₜ₋₁ + G + S |
//! | AMQ | action message quantity: what the planning lines add or remove | |
//! | RQ | remaining quantity | RQ = S + G + AMQ |
//! | SPI | suggested projected inventory | SPIₜ = SPIₜ₋₁ + RQ |
//! | SSQ | safety stock | |
//! | PIN | projected inventory with the suggestions | PINₜ = PINₜ₋₁ + G + S + AMQ |
//! | AoD | available on date | inside the ATP period: lowest PIN from this period until the next delivery; outside: PIN |
//!
//! Worked example (weeks, ATP period 4 weeks, stock 200, no suggestions): week 1 nothing,
//! week 2 a sale of 200, week 3 a receipt of 100. PIN = 200, 0, 100. AoD week 1 =
//! min(200, 0) = 0 because the next delivery is in week 3 — the 200 on hand are already
//! promised to the week-2 sale; AoD week 2 = 0, week 3 = 100.

use super::Demand;
use super::engine::{Action, PlanningLine, Scratch, plan_item_input};
use super::input::{ItemInput, PlanningData};
use super::params::MrpSetup;
use crate::State;
use crate::types::{Day, ItemId};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Length of a card period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// ISO weeks, Monday to Sunday (the first one starts at the as-of date).
    Week,
    /// Calendar months (the first one starts at the as-of date).
    Month,
}

impl Period {
    /// The last day of the period that contains `day`.
    pub fn end_of(self, day: Day) -> Day {
        match self {
            Period::Day => day,
            Period::Week => match day.date() {
                Some(d) => day.plus(6 - d.weekday().num_days_from_monday() as i32),
                None => day,
            },
            Period::Month => match day.date() {
                Some(d) => {
                    let (y, m) = if d.month() == 12 {
                        (d.year() + 1, 1)
                    } else {
                        (d.year(), d.month() + 1)
                    };
                    NaiveDate::from_ymd_opt(y, m, 1)
                        .map(|n| Day::from_date(n).plus(-1))
                        .unwrap_or(day)
                }
                None => day,
            },
        }
    }
}

/// One period of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRow {
    pub start: Day,
    /// Last day of the period.
    pub end: Day,
    #[serde(rename = "G")]
    pub g: i64,
    #[serde(rename = "S")]
    pub s: i64,
    #[serde(rename = "PI")]
    pub pi: i64,
    #[serde(rename = "SPI")]
    pub spi: i64,
    #[serde(rename = "AMQ")]
    pub amq: i64,
    #[serde(rename = "RQ")]
    pub rq: i64,
    #[serde(rename = "SSQ")]
    pub ssq: i64,
    #[serde(rename = "PIN")]
    pub pin: i64,
    #[serde(rename = "AoD")]
    pub aod: i64,
    /// Whether the period starts inside the ATP period.
    pub in_atp_period: bool,
}

/// The MRP card of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrpCard {
    pub item: ItemId,
    pub as_of: Day,
    pub period: Period,
    /// Stock plus frozen (before `as_of`) supply minus demand.
    pub starting_inventory: i64,
    pub rows: Vec<CardRow>,
}

impl MrpCard {
    /// CSV with a header line; dates as YYYY-MM-DD.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("period_start,period_end,G,S,PI,SPI,AMQ,RQ,SSQ,PIN,AoD\n");
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                r.start, r.end, r.g, r.s, r.pi, r.spi, r.amq, r.rq, r.ssq, r.pin, r.aod
            );
        }
        out
    }
}

/// The card of `item` from `as_of` through `through`, with the item's current plan as AMQ.
/// `None` when the item has no planning parameters.
pub fn mrp_card(
    state: &State,
    item: &ItemId,
    as_of: Day,
    through: Day,
    period: Period,
    extra: &[Demand],
) -> Option<MrpCard> {
    let mut only = BTreeSet::new();
    only.insert(item.clone());
    let data = PlanningData::build_for(state, as_of, extra, Some(&only));
    let input = data.items.first()?;
    let plan = plan_item_input(input, as_of, &mut Scratch::default());
    Some(card_for_input(
        input,
        &plan.lines,
        as_of,
        through,
        period,
        &state.mrp.setup,
    ))
}

/// The card of prepared input and its planning lines.
pub fn card_for_input(
    input: &ItemInput,
    lines: &[PlanningLine],
    start: Day,
    through: Day,
    period: Period,
    setup: &MrpSetup,
) -> MrpCard {
    let opening = input.starting_availability(start, true);
    // Period boundaries.
    let mut rows: Vec<CardRow> = Vec::new();
    let mut p_start = start;
    loop {
        let end = period.end_of(p_start).max(p_start);
        rows.push(CardRow {
            start: p_start,
            end,
            g: 0,
            s: 0,
            pi: 0,
            spi: 0,
            amq: 0,
            rq: 0,
            ssq: input.params.ss,
            pin: 0,
            aod: 0,
            in_atp_period: p_start.0 < start.0 + setup.atp_period_days,
        });
        if end >= through {
            break;
        }
        p_start = end.plus(1);
    }
    // Row of a day; days before the start go to the first row.
    let ends: Vec<Day> = rows.iter().map(|r| r.end).collect();
    let last_end = ends.last().copied().unwrap_or(start);
    let row_of = |day: Day| -> Option<usize> {
        if day > last_end {
            return None;
        }
        Some(ends.partition_point(|e| *e < day))
    };
    for s in input.supplies.iter().filter(|s| s.day >= start) {
        if let Some(i) = row_of(s.day) {
            rows[i].s += s.qty;
        }
    }
    for d in input.demands.iter().filter(|d| d.day >= start) {
        if let Some(i) = row_of(d.day) {
            rows[i].g -= d.qty;
        }
    }
    let mut add_amq = |day: Day, q: i64| {
        if let Some(i) = row_of(day) {
            rows[i].amq += q;
        }
    };
    for l in lines {
        let orig_due = l.orig_due.unwrap_or(l.due);
        match l.action {
            Action::New => add_amq(l.due, l.qty.0),
            Action::ChangeQty => add_amq(l.due, l.qty.0 - l.orig_qty.0),
            Action::Reschedule | Action::ReschedAndChangeQty => {
                add_amq(orig_due, -l.orig_qty.0);
                add_amq(l.due, l.qty.0);
            }
            Action::Cancel => add_amq(orig_due, -l.orig_qty.0),
        }
    }
    let (mut pi, mut spi, mut pin) = (opening, opening, opening);
    for r in rows.iter_mut() {
        pi += r.g + r.s;
        r.pi = pi;
        r.rq = r.s + r.g + r.amq;
        spi += r.rq;
        r.spi = spi;
        pin += r.g + r.s + r.amq;
        r.pin = pin;
    }
    // AoD: inside the ATP period the lowest PIN until the next delivery (a later period with
    // receipts or suggested supply), not looking past the ATP period; outside it PIN.
    let n = rows.len();
    for t in 0..n {
        if !rows[t].in_atp_period {
            rows[t].aod = rows[t].pin;
            continue;
        }
        let mut low = rows[t].pin;
        for r in rows.iter().skip(t + 1) {
            if !r.in_atp_period || r.s > 0 || r.amq > 0 {
                break;
            }
            low = low.min(r.pin);
        }
        rows[t].aod = low;
    }
    MrpCard {
        item: input.item.clone(),
        as_of: start,
        period,
        starting_inventory: opening,
        rows,
    }
}
