//! Available-to-promise for sales, MPS-style discrete and cumulative ATP, consequences of
//! late or reduced supply (pegging) and reorder-point look-ahead warnings.

use serde::{Deserialize, Serialize};

/// An ATP question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpRequest {}

/// An ATP answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpResult {}

/// Placeholder.
pub fn atp_check() {}
