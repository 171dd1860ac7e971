//! Outbound JIT documents: the shipping notice (what an ASN — DESADV, VDA 4913, X12 856 —
//! needs), the invoice (INVOIC, X12 810) and SSCC numbers with their GS1 check digit.

use crate::jit::model::CallType;
use crate::types::{CustomerId, IdStr, ItemId, Qty};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A shipping notice for one delivery, produced at goods issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingNotice {
    /// Notice number; the delivery number.
    pub id: IdStr,
    pub delivery: IdStr,
    pub call_type: CallType,
    /// Sold-to party.
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub unloading_point: IdStr,
    pub shipping_date: NaiveDate,
    pub goods_issued_at: NaiveDateTime,
    /// Goods issue plus the customer's transit lead time.
    pub expected_arrival: NaiveDateTime,
    /// Handling units, outer units first, each followed by its containers.
    pub packages: Vec<AsnPackage>,
    /// One item per call component, in delivery order.
    pub items: Vec<AsnItem>,
    pub total_qty: Qty,
}

/// A handling unit in a shipping notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsnPackage {
    pub sscc: IdStr,
    pub packaging_material: IdStr,
    /// SSCC of the outer unit, `None` for a top-level unit.
    pub parent: Option<IdStr>,
    /// Contents belonging to this delivery (empty for racks and pallets).
    pub contents: Vec<AsnPackageContent>,
}

/// What a container carries: a quantity of one item of the notice (see [`AsnItem::line`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsnPackageContent {
    pub item_line: u32,
    pub qty: Qty,
}

/// One delivered component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsnItem {
    pub line: u32,
    pub call: IdStr,
    pub external_call: IdStr,
    pub call_version: u32,
    pub sequence_no: Option<u64>,
    pub vehicle: Option<IdStr>,
    pub supply_area: IdStr,
    pub required_at: NaiveDateTime,
    pub position: u32,
    pub material: ItemId,
    pub customer_material: IdStr,
    pub qty: Qty,
    pub unit: IdStr,
}

/// A billing document for one delivery: the invoice sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: IdStr,
    pub invoice_date: NaiveDate,
    /// Bill-to (the sold-to party of the calls).
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub delivery: IdStr,
    pub shipping_notice: IdStr,
    pub currency: IdStr,
    pub lines: Vec<InvoiceLine>,
    /// Sum of the line amounts, in cents.
    pub net_cents: i64,
    /// Tax rate in basis points (1900 = 19 %).
    pub tax_rate_bp: u32,
    /// Net × rate, rounded half up to a cent.
    pub tax_cents: i64,
    pub total_cents: i64,
}

/// One invoiced component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line: u32,
    pub call: IdStr,
    pub external_call: IdStr,
    pub position: u32,
    pub material: ItemId,
    pub customer_material: IdStr,
    pub qty: Qty,
    pub unit: IdStr,
    /// Price in cents per `price_unit` units.
    pub unit_price_cents: i64,
    pub price_unit: u32,
    /// qty × price ÷ price unit, rounded half up to a cent.
    pub net_cents: i64,
}

/// `a × b ÷ d` rounded half away from zero, in i128 so that no product overflows.
pub fn mul_div_round(a: i64, b: i64, d: i64) -> Option<i64> {
    if d == 0 {
        return None;
    }
    let p = i128::from(a) * i128::from(b);
    let d = i128::from(d);
    let q = p / d;
    let r = p % d;
    let q = if 2 * r.abs() >= d.abs() {
        q + p.signum() * d.signum()
    } else {
        q
    };
    i64::try_from(q).ok()
}

/// The GS1 mod-10 check digit of a string of digits (weights 3, 1, 3, … from the right).
pub fn gs1_check_digit(digits: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 { 3 * d } else { d };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// Whether an 18-digit SSCC carries a correct check digit.
pub fn sscc_is_valid(sscc: &str) -> bool {
    if sscc.len() != 18 || !sscc.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (data, check) = sscc.split_at(17);
    gs1_check_digit(data).is_some_and(|c| check.as_bytes()[0] == b'0' + c)
}

/// The number range SSCCs of a packing command are drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsccRange {
    /// Extension digit, 0–9.
    pub extension_digit: u8,
    /// GS1 company prefix, 7 to 10 digits.
    pub company_prefix: String,
    /// First serial reference to use.
    pub serial_from: u64,
    /// Last serial reference that may be used (inclusive).
    pub serial_to: u64,
}

impl SsccRange {
    /// Checks the range; returns the field at fault and why.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.extension_digit > 9 {
            return Err(("sscc.extension_digit", "must be a single digit".into()));
        }
        let p = &self.company_prefix;
        if !(7..=10).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(("sscc.company_prefix", "must be 7 to 10 digits".into()));
        }
        if self.serial_from > self.serial_to {
            return Err(("sscc.serial_from", "is after serial_to".into()));
        }
        if self.serial_to > self.max_serial() {
            return Err((
                "sscc.serial_to",
                format!("does not fit into {} digits", self.serial_digits()),
            ));
        }
        Ok(())
    }

    fn serial_digits(&self) -> usize {
        16 - self.company_prefix.len()
    }

    fn max_serial(&self) -> u64 {
        10u64.pow(self.serial_digits() as u32) - 1
    }

    /// How many SSCCs the range holds.
    pub fn len(&self) -> u64 {
        self.serial_to.saturating_sub(self.serial_from) + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The SSCC of the `n`-th serial of the range (0-based); the caller checks `n < len()`.
    pub fn sscc(&self, n: u64) -> IdStr {
        // 18 digits built in a byte buffer, without format! machinery: this runs once per
        // container. A valid range (see `validate`) fills exactly 17 digits before the check.
        let mut buf = [b'0'; 18];
        buf[0] = b'0' + self.extension_digit.min(9);
        let prefix = self.company_prefix.as_bytes();
        let p = prefix.len().min(16);
        buf[1..1 + p].copy_from_slice(&prefix[..p]);
        let mut v = self.serial_from + n;
        for b in buf[1 + p..17].iter_mut().rev() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
        }
        let digits = std::str::from_utf8(&buf[..17]).unwrap_or_default();
        buf[17] = b'0' + gs1_check_digit(digits).unwrap_or(0);
        IdStr::from(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs1_check_digit_of_published_examples() {
        // Worked by hand: weighted sum 101 → check digit 9.
        assert_eq!(gs1_check_digit("37610425002123456"), Some(9));
        assert!(sscc_is_valid("376104250021234569"));
        assert!(!sscc_is_valid("376104250021234568"));
        // A GTIN-13 printed on a retail product (4006381333931): same mod-10 rule.
        assert_eq!(gs1_check_digit("400638133393"), Some(1));
    }

    #[test]
    fn sscc_range_builds_valid_numbers() {
        let r = SsccRange {
            extension_digit: 3,
            company_prefix: "4012345".into(),
            serial_from: 1,
            serial_to: 999_999_999,
        };
        assert!(r.validate().is_ok());
        let s = r.sscc(0);
        assert_eq!(s.len(), 18);
        assert!(s.starts_with("34012345000000001"));
        assert!(sscc_is_valid(&s));
        let bad = SsccRange {
            serial_to: 1_000_000_000,
            ..r.clone()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(mul_div_round(3, 5, 2), Some(8));
        assert_eq!(mul_div_round(1, 149, 100), Some(1));
        assert_eq!(mul_div_round(1, 150, 100), Some(2));
        assert_eq!(mul_div_round(-1, 150, 100), Some(-2));
        assert_eq!(mul_div_round(1, 1, 0), None);
    }
}
