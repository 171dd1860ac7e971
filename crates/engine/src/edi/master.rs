//! EDI master data in the state: one [`PartnerProfile`] per customer, set by a command, and the
//! lookup of the customer an interchange comes from.

use super::model::EnvelopeInfo;
use super::partner::PartnerProfile;
use crate::state::{Applied, EntityKind, EntityRef, Rejection, State};
use crate::types::CustomerId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The EDI part of the state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EdiState {
    /// Partner profiles by customer.
    pub partners: BTreeMap<CustomerId, PartnerProfile>,
}

/// EDI commands. On the wire:
/// `{"type": "edi", "command": {"type": "set_partner_profile", "profile": {…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EdiCommand {
    /// Creates or replaces the profile of `profile.customer`.
    SetPartnerProfile { profile: PartnerProfile },
    /// Removes a customer's profile.
    DeletePartnerProfile { customer: CustomerId },
}

impl EdiCommand {
    /// The command's `type` on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            EdiCommand::SetPartnerProfile { .. } => "set_partner_profile",
            EdiCommand::DeletePartnerProfile { .. } => "delete_partner_profile",
        }
    }
}

/// Applies an EDI command; on `Err` the state is unchanged.
pub fn apply(state: &mut State, cmd: EdiCommand) -> Result<Applied, Rejection> {
    match cmd {
        EdiCommand::SetPartnerProfile { profile } => {
            if !state.customers.contains_key(&profile.customer) {
                return Err(Rejection::not_found("customer", &profile.customer));
            }
            if profile.their_id.trim().is_empty() {
                return Err(Rejection::invalid("profile.their_id", "must not be empty"));
            }
            if profile.our_id.trim().is_empty() {
                return Err(Rejection::invalid("profile.our_id", "must not be empty"));
            }
            // The sender id identifies the customer of an inbound interchange, so two customers
            // must not share it.
            if let Some(other) = state.edi.partners.values().find(|p| {
                p.customer != profile.customer
                    && p.their_id == profile.their_id
                    && p.their_qualifier == profile.their_qualifier
            }) {
                return Err(Rejection::invalid(
                    "profile.their_id",
                    format!(
                        "{} is already the id of {}",
                        profile.their_id, other.customer
                    ),
                ));
            }
            let id = profile.customer.to_string();
            state.edi.partners.insert(profile.customer.clone(), profile);
            Ok(Applied::new(
                format!("partner profile of {id} saved"),
                vec![EntityRef::new(EntityKind::PartnerProfile, id)],
            ))
        }
        EdiCommand::DeletePartnerProfile { customer } => {
            if state.edi.partners.remove(&customer).is_none() {
                return Err(Rejection::not_found("partner profile", &customer));
            }
            Ok(Applied::new(
                format!("partner profile of {customer} deleted"),
                vec![EntityRef::new(
                    EntityKind::PartnerProfile,
                    customer.to_string(),
                )],
            ))
        }
    }
}

/// The customer whose profile names the interchange's sender (id, and qualifier when both
/// sides have one).
pub fn partner_for<'a>(state: &'a State, env: &EnvelopeInfo) -> Option<&'a PartnerProfile> {
    state.edi.partners.values().find(|p| {
        p.their_id == env.sender
            && match (&p.their_qualifier, &env.sender_qualifier) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    })
}
