//! The customer's stock in our books (Fremdbestand, seed §3.1.3), kept from the customer's
//! stock reports, with the history of reports for the customer's chart.

use super::{Keyed, StockKey};
use crate::state::Rejection;
use crate::types::{CustomerId, ItemId, LocationId, Qty};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One stock report line as the customer (or EDI: INVRPT, X12 846) sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockReport {
    pub customer: CustomerId,
    pub article: ItemId,
    pub location: LocationId,
    /// Stock on hand at the location.
    pub qty: Qty,
    /// Part of `qty` already reserved; never available for planning (§3.1.3).
    #[serde(default)]
    pub reserved: Qty,
    /// When the count was taken. Orders reports: a report never overwrites a newer one.
    pub as_of: DateTime<Utc>,
}

/// One point of the stock history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPoint {
    pub as_of: DateTime<Utc>,
    pub qty: Qty,
    pub reserved: Qty,
}

impl StockPoint {
    /// Stock less reserved: what the customer can consume.
    pub fn unreserved(&self) -> Qty {
        self.qty - self.reserved
    }
}

/// A customer's article at one location: every report received, oldest first. The current
/// figure is the newest report, whatever order the reports arrived in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerStock {
    pub customer: CustomerId,
    pub article: ItemId,
    pub location: LocationId,
    /// Sorted by `as_of`, at most one point per timestamp, never empty once stored.
    pub history: Vec<StockPoint>,
}

impl Keyed for CustomerStock {
    type Key = StockKey;
    fn key(&self) -> StockKey {
        (
            self.customer.clone(),
            self.article.clone(),
            self.location.clone(),
        )
    }
}

/// What applying a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportEffect {
    /// The report is the newest: it is now the current figure.
    Current,
    /// An older report arrived late: kept in the history, the current figure is unchanged.
    History,
    /// This very report was applied before: nothing changed.
    Duplicate,
}

impl CustomerStock {
    /// The newest report, if any.
    pub fn current(&self) -> Option<&StockPoint> {
        self.history.last()
    }

    /// Checks a report before anything changes: quantities not negative, reserved within stock.
    pub fn validate(report: &StockReport) -> Result<(), Rejection> {
        let at = |f: &str| format!("stock_report[{}/{}].{f}", report.customer, report.article);
        if report.location.as_str().trim().is_empty() {
            return Err(Rejection::invalid(at("location"), "must not be empty"));
        }
        if report.qty.is_negative() {
            return Err(Rejection::invalid(at("qty"), "must not be negative"));
        }
        if report.reserved.is_negative() {
            return Err(Rejection::invalid(at("reserved"), "must not be negative"));
        }
        Ok(())
    }

    /// What `report` would do here, or why it cannot be applied: a different report with the
    /// same timestamp is a conflict the sender must resolve, not something to guess.
    pub fn effect_of(&self, report: &StockReport) -> Result<ReportEffect, Rejection> {
        match self
            .history
            .binary_search_by(|p| p.as_of.cmp(&report.as_of))
        {
            Ok(i) => {
                let p = &self.history[i];
                if p.qty == report.qty && p.reserved == report.reserved {
                    Ok(ReportEffect::Duplicate)
                } else {
                    Err(Rejection::precondition(
                        format!("{}/{}/{}", self.customer, self.article, self.location),
                        format!(
                            "a different stock report as of {} was already applied ({} / {} reserved)",
                            report.as_of.to_rfc3339(),
                            p.qty,
                            p.reserved
                        ),
                    ))
                }
            }
            Err(i) if i == self.history.len() => Ok(ReportEffect::Current),
            Err(_) => Ok(ReportEffect::History),
        }
    }

    /// Records a report already checked with [`CustomerStock::effect_of`].
    pub(crate) fn record(&mut self, report: &StockReport) {
        if let Err(i) = self
            .history
            .binary_search_by(|p| p.as_of.cmp(&report.as_of))
        {
            self.history.insert(
                i,
                StockPoint {
                    as_of: report.as_of,
                    qty: report.qty,
                    reserved: report.reserved,
                },
            );
        }
    }

    pub(crate) fn empty(report: &StockReport) -> CustomerStock {
        CustomerStock {
            customer: report.customer.clone(),
            article: report.article.clone(),
            location: report.location.clone(),
            history: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(ts: &str, qty: i64) -> StockReport {
        StockReport {
            customer: "K1".into(),
            article: "A".into(),
            location: "L".into(),
            qty: Qty(qty),
            reserved: Qty(1),
            as_of: ts.parse().unwrap(),
        }
    }

    #[test]
    fn older_reports_go_to_history_and_duplicates_change_nothing() {
        let r1 = report("2026-03-01T18:00:00Z", 40);
        let r0 = report("2026-02-28T18:00:00Z", 70);
        let mut s = CustomerStock::empty(&r1);
        assert_eq!(s.effect_of(&r1).unwrap(), ReportEffect::Current);
        s.record(&r1);
        assert_eq!(s.effect_of(&r1).unwrap(), ReportEffect::Duplicate);
        let before = s.clone();
        s.record(&r1);
        assert_eq!(s, before);
        assert_eq!(s.effect_of(&r0).unwrap(), ReportEffect::History);
        s.record(&r0);
        assert_eq!(s.current().unwrap().qty, Qty(40));
        assert_eq!(s.history.len(), 2);
        assert!(s.effect_of(&report("2026-03-01T18:00:00Z", 41)).is_err());
    }

    #[test]
    fn timestamps_with_offsets_compare_as_instants() {
        let a = report("2026-03-01T20:00:00+02:00", 1);
        let b = report("2026-03-01T18:00:00Z", 2);
        let mut s = CustomerStock::empty(&a);
        s.record(&a);
        // Same instant, different figures: a conflict, not a newer report.
        assert!(s.effect_of(&b).is_err());
    }
}
