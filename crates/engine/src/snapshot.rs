//! The confirmed state as one compact binary record: what the browser reads at start instead
//! of 200,000 JSON entity records (src/persist.rs keeps it in IndexedDB as bytes).
//!
//! Layout: the 8 bytes `TAKTSNAP`, the engine's schema fingerprint (16 ASCII hex digits, see
//! `build.rs`), then `(cursor, state)` in postcard. Postcard writes no field names and no tags
//! a reader must look ahead for, so 100,000 JIT calls with 10,000 items take about a quarter of
//! their JSON and read an order of magnitude faster. It is not self-describing, hence the
//! fingerprint: a snapshot written by another build of the engine is refused with
//! [`SnapshotError::OtherBuild`], and the caller falls back to the entity records, which stay
//! the source of truth. The few types whose JSON form is internally tagged (`CallKind`,
//! `PostingFailure`) choose their form by `is_human_readable`, so their JSON is unchanged.

use crate::State;

const MAGIC: &[u8; 8] = b"TAKTSNAP";

/// The fingerprint of this build's engine source (`build.rs`).
pub const SCHEMA: &str = env!("TAKT_ENGINE_SCHEMA");

/// Why a snapshot could not be read. The caller reads the entity records instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// The bytes do not start with `TAKTSNAP` (not a snapshot, or an older JSON one).
    NotASnapshot,
    /// Written by a build whose engine types may differ (its fingerprint is given).
    OtherBuild { schema: String },
    /// The body does not decode: truncated or corrupted, at the given byte offset.
    Corrupt { offset: usize, reason: String },
    /// Writing failed (postcard refuses a value).
    Encode { reason: String },
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::NotASnapshot => write!(f, "snapshot: no TAKTSNAP header"),
            SnapshotError::OtherBuild { schema } => write!(
                f,
                "snapshot: written by engine build {schema}, this is {SCHEMA}"
            ),
            SnapshotError::Corrupt { offset, reason } => {
                write!(f, "snapshot: corrupt at or after byte {offset}: {reason}")
            }
            SnapshotError::Encode { reason } => write!(f, "snapshot: cannot write: {reason}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

const HEADER: usize = MAGIC.len() + 16;

/// The snapshot of `state` at `cursor`.
pub fn encode(cursor: u64, state: &State) -> Result<Vec<u8>, SnapshotError> {
    let mut out = Vec::with_capacity(HEADER + 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(SCHEMA.as_bytes());
    postcard::to_io(&(cursor, state), &mut out).map_err(|e| SnapshotError::Encode {
        reason: e.to_string(),
    })?;
    Ok(out)
}

/// The cursor and state of a snapshot written by this build.
pub fn decode(bytes: &[u8]) -> Result<(u64, State), SnapshotError> {
    let Some(body) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(SnapshotError::NotASnapshot);
    };
    let schema = body.get(..16).ok_or(SnapshotError::Corrupt {
        offset: bytes.len(),
        reason: "the header ends early".into(),
    })?;
    if schema != SCHEMA.as_bytes() {
        return Err(SnapshotError::OtherBuild {
            schema: String::from_utf8_lossy(schema).into_owned(),
        });
    }
    let body = &bytes[HEADER..];
    match postcard::take_from_bytes::<(u64, State)>(body) {
        Ok((value, [])) => Ok(value),
        Ok((_, rest)) => Err(SnapshotError::Corrupt {
            offset: bytes.len() - rest.len(),
            reason: format!("{} bytes after the state", rest.len()),
        }),
        Err(e) => Err(SnapshotError::Corrupt {
            offset: HEADER,
            reason: e.to_string(),
        }),
    }
}
