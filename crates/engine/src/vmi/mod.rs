//! Vendor-managed inventory (seed 003): customer-article planning data, sales organisations,
//! customer stock reports, and the sales proposals (Vertriebsvorschläge) computed from them.
//!
//! The pieces, in the order data flows through them:
//! - [`org`]: the sales-organisation tree and the master-data fallback of seed §3.1.2;
//! - [`planning`]: customer-article planning data (Kundendispositionsdaten) and its validation;
//! - [`stock`]: the customer's stock in our books, from stock reports with an as-of timestamp;
//! - [`rules`]: the arithmetic of §3.3/§9 (availability, trigger, quantity), one rule per function;
//! - [`generate`]: the run of §4/§8/§10 over a selection, as a pure function;
//! - [`proposals`]: the stored proposals, their statuses, conversion and MRP demand;
//! - [`alerts`]: customer alerts for supplier-managed inventory;
//! - [`command`]: [`VmiCommand`] and its `apply`;
//! - [`case`]: the batch entry point [`vmi_case_json`] for the scenario files;
//! - [`synth`]: a seeded workload generator for benchmarks.

pub mod alerts;
pub mod case;
pub mod command;
pub mod generate;
pub mod org;
pub mod planning;
pub mod proposals;
pub mod rules;
pub mod stock;
pub mod synth;

pub use alerts::{CustomerAlert, CustomerAlertKind, customer_alerts};
pub use case::{VmiCaseError, vmi_case_json};
pub use command::{VmiCommand, apply};
pub use generate::{Draft, ProposalRun, Selection, compute_proposals};
pub use org::{SalesOrg, effective_org, validate_org_tree};
pub use planning::PlanningData;
pub use proposals::{
    OnTheWay, OrderLineRef, Proposal, ProposalFilter, ProposalStatus, list_proposals, mrp_demands,
    on_the_way,
};
pub use stock::{CustomerStock, StockPoint, StockReport};

use crate::types::{CustomerId, ItemId, LocationId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

crate::string_id!(
    /// A sales organisation (Vertriebsorganisation).
    SalesOrgId
);
crate::string_id!(
    /// A sales proposal number. Supplied by the caller of a generation run, never invented.
    ProposalId
);

/// Key of one planning record: organisation first, so that one organisation's records are one
/// contiguous range, sorted by customer and article (generation walks exactly that range).
pub type PlanningKey = (SalesOrgId, CustomerId, ItemId);

/// Key of one customer stock figure: the customer's article at one storage location.
pub type StockKey = (CustomerId, ItemId, LocationId);

/// Everything VMI stores. Proposals-to-be, availability and alerts are derived, not stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VmiState {
    #[serde(default)]
    pub settings: VmiSettings,
    #[serde(default)]
    pub sales_orgs: BTreeMap<SalesOrgId, SalesOrg>,
    /// Customer-article planning data per sales organisation. On the wire: a list of records.
    #[serde(default, with = "keyed_vec")]
    pub planning: BTreeMap<PlanningKey, PlanningData>,
    /// Customer stock per customer, article and storage location, with its report history.
    #[serde(default, with = "keyed_vec")]
    pub stock: BTreeMap<StockKey, CustomerStock>,
    #[serde(default)]
    pub proposals: BTreeMap<ProposalId, Proposal>,
}

/// Customizing of the sales-proposal function (seed §5) and the MRP status rule (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VmiSettings {
    /// Outbound location for customers whose shipping data name none (§5, §10).
    #[serde(default)]
    pub default_outbound_location: Option<LocationId>,
    /// Proposal statuses that MRP counts as demand. Converted proposals never count (their
    /// sales order does), and deleted ones never do.
    #[serde(default = "default_mrp_statuses")]
    pub mrp_statuses: BTreeSet<ProposalStatus>,
}

fn default_mrp_statuses() -> BTreeSet<ProposalStatus> {
    [
        ProposalStatus::New,
        ProposalStatus::Edited,
        ProposalStatus::Accepted,
    ]
    .into_iter()
    .collect()
}

impl Default for VmiSettings {
    fn default() -> Self {
        VmiSettings {
            default_outbound_location: None,
            mrp_statuses: default_mrp_statuses(),
        }
    }
}

/// A record that carries its own map key, so a map of them can travel as a plain JSON list
/// (JSON object keys must be strings; our keys are tuples).
pub trait Keyed {
    type Key: Ord;
    fn key(&self) -> Self::Key;
}

/// Serde adapter: a `BTreeMap<V::Key, V>` as a sequence of `V`, rebuilt from each value's key.
pub(crate) mod keyed_vec {
    use super::Keyed;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S, V>(map: &BTreeMap<V::Key, V>, s: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        V: Keyed + Serialize,
    {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, D, V>(d: D) -> Result<BTreeMap<V::Key, V>, D::Error>
    where
        D: Deserializer<'de>,
        V: Keyed + Deserialize<'de>,
    {
        let values = Vec::<V>::deserialize(d)?;
        let n = values.len();
        let map: BTreeMap<V::Key, V> = values.into_iter().map(|v| (v.key(), v)).collect();
        if map.len() != n {
            return Err(serde::de::Error::custom("duplicate key in keyed list"));
        }
        Ok(map)
    }
}
