//! The sales-organisation tree and the master-data fallback of seed §3.1.2.

use super::SalesOrgId;
use crate::state::Rejection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sales organisation (Vertriebsorganisation) in a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesOrg {
    pub id: SalesOrgId,
    /// The next higher organisation; `None` at a root.
    #[serde(default)]
    pub parent: Option<SalesOrgId>,
    /// Whether the organisation may maintain its own master data ("zur Pflege eigener
    /// Stammdaten berechtigt"), and so its own customer-article planning data.
    #[serde(default)]
    pub own_master_data: bool,
}

/// The organisation whose planning data a run for `selected` uses (seed §3.1.2).
///
/// - If `selected` may maintain its own master data, its own data is used — and only its own:
///   an article without data for `selected` is not considered (no fallback).
/// - Otherwise the next higher organisation that may maintain its own master data is used.
/// - `None` when there is no such organisation: nothing can be planned.
///
/// The proposals of the run still record `selected`, not the organisation returned here.
///
/// Example: tree `DE (own) ← DE-SOUTH (not own) ← DE-SOUTH-MUC (not own)`.
/// `effective_org(DE-SOUTH-MUC) = DE`, `effective_org(DE) = DE`. With `AT (own) ← AT-VIE (own)`,
/// `effective_org(AT-VIE) = AT-VIE` even where only AT has data.
///
/// Errors: the selected organisation does not exist; the tree has a cycle on the way up.
pub fn effective_org<'a>(
    orgs: &'a BTreeMap<SalesOrgId, SalesOrg>,
    selected: &SalesOrgId,
) -> Result<Option<&'a SalesOrgId>, Rejection> {
    let Some(mut org) = orgs.get(selected) else {
        return Err(Rejection::not_found("sales organisation", selected));
    };
    // A tree of n organisations has paths of at most n steps; more means a cycle.
    for _ in 0..=orgs.len() {
        if org.own_master_data {
            return Ok(Some(&org.id));
        }
        match &org.parent {
            None => return Ok(None),
            Some(p) => match orgs.get(p) {
                Some(next) => org = next,
                None => return Err(Rejection::not_found("sales organisation", p)),
            },
        }
    }
    Err(Rejection::invalid(
        "sales_orgs",
        format!("the organisation tree has a cycle above {selected}"),
    ))
}

/// Checks the whole tree: every parent exists and following parents never comes back to an
/// organisation already visited. The error names the organisation and the cycle.
pub fn validate_org_tree(orgs: &BTreeMap<SalesOrgId, SalesOrg>) -> Result<(), Rejection> {
    for (id, org) in orgs {
        if id != &org.id {
            return Err(Rejection::invalid(
                format!("sales_orgs.{id}.id"),
                format!("key {id} does not match id {}", org.id),
            ));
        }
        if id.as_str().trim().is_empty() {
            return Err(Rejection::invalid("sales_org.id", "must not be empty"));
        }
        if let Some(p) = &org.parent
            && !orgs.contains_key(p)
        {
            return Err(Rejection::invalid(
                format!("sales_orgs.{id}.parent"),
                format!("parent organisation {p} does not exist"),
            ));
        }
    }
    for start in orgs.keys() {
        let mut path: Vec<&SalesOrgId> = vec![start];
        let mut cur = start;
        while let Some(parent) = orgs.get(cur).and_then(|o| o.parent.as_ref()) {
            if let Some(pos) = path.iter().position(|p| *p == parent) {
                let cycle: Vec<&str> = path[pos..]
                    .iter()
                    .map(|p| p.as_str())
                    .chain([parent.as_str()])
                    .collect();
                return Err(Rejection::invalid(
                    format!("sales_orgs.{start}.parent"),
                    format!("the organisation tree has a cycle: {}", cycle.join(" → ")),
                ));
            }
            path.push(parent);
            cur = parent;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(spec: &[(&str, Option<&str>, bool)]) -> BTreeMap<SalesOrgId, SalesOrg> {
        spec.iter()
            .map(|(id, p, own)| {
                (
                    SalesOrgId::from(*id),
                    SalesOrg {
                        id: SalesOrgId::from(*id),
                        parent: p.map(SalesOrgId::from),
                        own_master_data: *own,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn fallback_walks_up_to_the_next_org_with_own_data() {
        let t = tree(&[
            ("DE", None, true),
            ("DE-S", Some("DE"), false),
            ("DE-S-M", Some("DE-S"), false),
            ("AT", None, true),
            ("AT-V", Some("AT"), true),
            ("X", None, false),
        ]);
        let eff = |s: &str| effective_org(&t, &SalesOrgId::from(s)).unwrap().cloned();
        assert_eq!(eff("DE-S-M"), Some(SalesOrgId::from("DE")));
        assert_eq!(eff("DE"), Some(SalesOrgId::from("DE")));
        assert_eq!(eff("AT-V"), Some(SalesOrgId::from("AT-V")));
        assert_eq!(eff("X"), None);
        assert!(effective_org(&t, &SalesOrgId::from("NOPE")).is_err());
        assert!(validate_org_tree(&t).is_ok());
    }

    #[test]
    fn cycles_are_rejected_with_the_path() {
        let t = tree(&[
            ("A", Some("C"), false),
            ("B", Some("A"), false),
            ("C", Some("B"), false),
        ]);
        let err = validate_org_tree(&t).unwrap_err().to_string();
        assert!(err.contains("cycle: A → C → B → A"), "{err}");
        assert!(effective_org(&t, &SalesOrgId::from("A")).is_err());
        let selfloop = tree(&[("A", Some("A"), true)]);
        assert!(validate_org_tree(&selfloop).is_err());
    }

    #[test]
    fn missing_parent_is_rejected() {
        let t = tree(&[("A", Some("Z"), false)]);
        let err = validate_org_tree(&t).unwrap_err().to_string();
        assert!(
            err.contains("parent organisation Z does not exist"),
            "{err}"
        );
    }
}
