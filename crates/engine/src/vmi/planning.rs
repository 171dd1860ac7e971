//! Customer-article planning data (Kundendispositionsdaten, seed §3.1.1) and its validation.

use super::{Keyed, PlanningKey, SalesOrgId};
use crate::state::{Rejection, State};
use crate::types::{CustomerId, ItemId, LocationId, Qty};
use serde::{Deserialize, Deserializer, Serialize};

/// The planning parameters for one customer's article, kept by one sales organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanningData {
    pub customer: CustomerId,
    pub article: ItemId,
    pub sales_org: SalesOrgId,
    /// Sales lot size (Vertriebslosgröße): proposals are multiples of it. 0 = none.
    #[serde(default)]
    pub lot_size: Qty,
    /// Reorder point (Meldebestand). 0 (or `null` on input) = not set: then the minimum stock
    /// is the trigger. When set it is not below the minimum stock.
    #[serde(default, deserialize_with = "null_as_zero")]
    pub reorder_point: Qty,
    /// Minimum stock (Mindestbestand) the customer should hold.
    #[serde(default, deserialize_with = "null_as_zero")]
    pub min_stock: Qty,
    /// Fill-up (order-up-to) level (Füllbestand). Used only when above the reorder point.
    #[serde(default, deserialize_with = "null_as_zero")]
    pub fill_up: Qty,
    /// Sales planner (Vertriebsdisponent) responsible; may be empty.
    #[serde(default)]
    pub planner: String,
    /// The storage location where the customer's stock is kept in our books (Lagerort).
    pub storage_location: LocationId,
    /// Replenishment lead time (Wiederbeschaffungszeit) in calendar days, never negative.
    #[serde(default)]
    pub lead_time_days: i32,
}

fn null_as_zero<'de, D: Deserializer<'de>>(d: D) -> Result<Qty, D::Error> {
    // Binary forms (the snapshot) hold what was written: a plain quantity.
    if !d.is_human_readable() {
        return Qty::deserialize(d);
    }
    Ok(Option::<Qty>::deserialize(d)?.unwrap_or_default())
}

impl Keyed for PlanningData {
    type Key = PlanningKey;
    fn key(&self) -> PlanningKey {
        (
            self.sales_org.clone(),
            self.customer.clone(),
            self.article.clone(),
        )
    }
}

impl PlanningData {
    /// The level whose crossing triggers a proposal: the reorder point when set, else the
    /// minimum stock ("betrachteter Meldebestand").
    pub fn trigger_level(&self) -> Qty {
        if self.reorder_point.is_positive() {
            self.reorder_point
        } else {
            self.min_stock
        }
    }

    /// Checks the record on its own: every error names customer, article and field.
    pub fn validate(&self) -> Result<(), Rejection> {
        let at = |field: &str| {
            format!(
                "planning[{}/{}/{}].{field}",
                self.sales_org, self.customer, self.article
            )
        };
        for (field, empty) in [
            ("customer", self.customer.as_str().trim().is_empty()),
            ("article", self.article.as_str().trim().is_empty()),
            ("sales_org", self.sales_org.as_str().trim().is_empty()),
            (
                "storage_location",
                self.storage_location.as_str().trim().is_empty(),
            ),
        ] {
            if empty {
                return Err(Rejection::invalid(at(field), "must not be empty"));
            }
        }
        for (field, q) in [
            ("lot_size", self.lot_size),
            ("reorder_point", self.reorder_point),
            ("min_stock", self.min_stock),
            ("fill_up", self.fill_up),
        ] {
            if q.is_negative() {
                return Err(Rejection::invalid(
                    at(field),
                    format!("must not be negative ({q})"),
                ));
            }
        }
        if self.lead_time_days < 0 {
            return Err(Rejection::invalid(
                at("lead_time_days"),
                format!(
                    "replenishment lead time is in calendar days and must not be negative ({})",
                    self.lead_time_days
                ),
            ));
        }
        if self.reorder_point.is_positive() && self.reorder_point < self.min_stock {
            return Err(Rejection::invalid(
                at("reorder_point"),
                format!(
                    "reorder point {} is below the minimum stock {} for customer {} article {}",
                    self.reorder_point, self.min_stock, self.customer, self.article
                ),
            ));
        }
        Ok(())
    }

    /// Checks the record against the state: customer, article and organisation exist.
    pub fn validate_in(&self, state: &State) -> Result<(), Rejection> {
        self.validate()?;
        if !state.customers.contains_key(&self.customer) {
            return Err(Rejection::not_found("customer", &self.customer));
        }
        if !state.items.contains_key(&self.article) {
            return Err(Rejection::not_found("item", &self.article));
        }
        if !state.vmi.sales_orgs.contains_key(&self.sales_org) {
            return Err(Rejection::not_found("sales organisation", &self.sales_org));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> PlanningData {
        PlanningData {
            customer: "K1".into(),
            article: "A100".into(),
            sales_org: "DE".into(),
            lot_size: Qty(0),
            reorder_point: Qty(50),
            min_stock: Qty(20),
            fill_up: Qty(120),
            planner: "MEIER".into(),
            storage_location: "K1-CONSIGN".into(),
            lead_time_days: 5,
        }
    }

    #[test]
    fn reorder_point_below_min_stock_names_customer_article_and_field() {
        let p = PlanningData {
            reorder_point: Qty(10),
            ..sample()
        };
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("planning[DE/K1/A100].reorder_point"), "{e}");
        assert!(e.contains("below the minimum stock 20"), "{e}");
    }

    #[test]
    fn negative_lead_time_is_rejected() {
        let p = PlanningData {
            lead_time_days: -1,
            ..sample()
        };
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("lead_time_days"), "{e}");
        assert!(
            PlanningData {
                lot_size: Qty(-5),
                ..sample()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn unset_reorder_point_falls_back_to_min_stock() {
        let p = PlanningData {
            reorder_point: Qty(0),
            ..sample()
        };
        assert!(p.validate().is_ok());
        assert_eq!(p.trigger_level(), Qty(20));
        assert_eq!(sample().trigger_level(), Qty(50));
        let parsed: PlanningData = serde_json::from_str(
            r#"{"customer":"K","article":"A","sales_org":"O","reorder_point":null,
                "min_stock":3,"storage_location":"L"}"#,
        )
        .unwrap();
        assert_eq!(parsed.reorder_point, Qty(0));
    }
}
