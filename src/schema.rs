//! Reading order files of every schema version: the current one as it is, older ones migrated step by
//! step, newer ones read-only (never rewritten). Anything else is refused with where it went wrong,
//! never with what the file says: order files hold account details.

use crate::domain::order::{Order, SCHEMA_VERSION};
use crate::json::{self, JsonProblem};
use serde_json::Value;

/// Order files larger than this are refused before parsing (999 numbers and a long history are far less).
pub const MAX_ORDER_FILE_BYTES: usize = 16 << 20;

/// An order file that could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    Current(Order),
    /// Written by an older portwiz and brought up to date (the caller keeps a backup of the original).
    Migrated {
        order: Order,
        from: u32,
    },
    /// Written by a newer portwiz: shown, never written.
    Newer {
        order: Order,
        version: u32,
    },
}

/// Why an order file could not be read; the text names the place, never the content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0} bytes, more than any order file can be")]
    TooLarge(usize),
    #[error("not valid JSON (line {line}, column {column}): damaged or cut short")]
    NotJson { line: usize, column: usize },
    #[error("it has no schema version, so it is not an order file")]
    NoVersion,
    #[error("not an order file: {0}")]
    NotAnOrder(JsonProblem),
    /// From a newer portwiz, in a form this one cannot read at all: left in place.
    #[error(
        "written by a newer portwiz (schema {0}; this one reads up to {SCHEMA_VERSION}): update portwiz to open it"
    )]
    NewerUnreadable(u32),
}

impl ReadError {
    /// A damaged file (as opposed to one from a newer version) is moved aside.
    pub fn is_damage(&self) -> bool {
        !matches!(self, ReadError::NewerUnreadable(_))
    }
}

/// Reads the text of an order of the current schema (the file's, or what migration made of it):
/// from the text rather than a JSON value, so that a problem has a line, a column and a field.
fn as_order(text: &[u8]) -> Result<Order, ReadError> {
    json::parse::<Order>(text).map_err(ReadError::NotAnOrder)
}

/// Reads an order file's bytes.
pub fn read_order(bytes: &[u8]) -> Result<Reading, ReadError> {
    if bytes.len() > MAX_ORDER_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    // Nearly every file is a current order: read it in one pass; only the rest take the slow path.
    if let Ok(order) = serde_json::from_slice::<Order>(bytes)
        && order.schema_version == SCHEMA_VERSION
    {
        return Ok(Reading::Current(order));
    }
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| ReadError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    let version = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or(ReadError::NoVersion)?;
    let version = u32::try_from(version).map_err(|_| ReadError::NoVersion)?;
    match version.cmp(&SCHEMA_VERSION) {
        std::cmp::Ordering::Equal => as_order(bytes).map(Reading::Current),
        std::cmp::Ordering::Greater => match serde_json::from_value::<Order>(value) {
            Ok(order) => Ok(Reading::Newer { order, version }),
            Err(_) => Err(ReadError::NewerUnreadable(version)),
        },
        std::cmp::Ordering::Less => {
            if version == 0 {
                return Err(ReadError::NoVersion);
            }
            for from in version..SCHEMA_VERSION {
                migrate(&mut value, from);
            }
            let text = serde_json::to_vec(&value).unwrap_or_default();
            as_order(&text).map(|order| Reading::Migrated {
                order,
                from: version,
            })
        }
    }
}

/// One step: from schema `from` to `from + 1`.
fn migrate(value: &mut Value, from: u32) {
    if from == 1 {
        // Version 1 had only the time of the one submission; version 2 keeps what was sent.
        let object = value
            .as_object_mut()
            .expect("checked: an object with a version");
        let submitted_at = object.remove("submitted_at").filter(|v| !v.is_null());
        if let Some(at) = submitted_at {
            let fields = object.get("fields").cloned().unwrap_or(Value::Null);
            object.insert(
                "submissions".into(),
                serde_json::json!([{ "number": 1, "at": at, "by": "administrator", "fields": fields }]),
            );
            object.insert("status_since".into(), at);
        }
    }
    value["schema_version"] = Value::from(from + 1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::Status;
    use crate::json::ProblemKind;

    const V1_SUBMITTED: &str = r#"{
        "schema_version": 1, "id": "PW-261120-001", "revision": 7, "status": "submitted",
        "created_at": "2026-11-20T15:00:00Z", "updated_at": "2026-11-20T15:30:00Z",
        "fields": {"country": "US", "order_name": "Old order", "account_pin": "4829"},
        "wizard": {"step": 8, "field": 0},
        "requested_port_at": "2026-12-14T09:00:00-05:00[America/New_York]",
        "submitted_at": "2026-11-20T15:30:00Z",
        "timeline": [{"at": "2026-11-20T15:00:00Z", "actor": "administrator", "detail": "Draft created"}]
    }"#;

    #[test]
    fn a_version_1_submitted_order_gets_its_submission_record() {
        let Ok(Reading::Migrated { order, from }) = read_order(V1_SUBMITTED.as_bytes()) else {
            panic!("migrates")
        };
        assert_eq!(from, 1);
        assert_eq!(order.schema_version, SCHEMA_VERSION);
        assert_eq!((order.status, order.revision), (Status::Submitted, 7));
        assert_eq!(order.submissions.len(), 1);
        assert_eq!(order.submissions[0].fields.order_name, "Old order");
        assert_eq!(order.since().to_string(), "2026-11-20T15:30:00Z");
    }

    #[test]
    fn a_newer_file_is_read_only_or_left_alone() {
        let newer = V1_SUBMITTED.replace("\"schema_version\": 1", "\"schema_version\": 9");
        assert!(matches!(
            read_order(newer.as_bytes()),
            Ok(Reading::Newer { version: 9, .. })
        ));
        let alien = r#"{"schema_version": 9, "id": 5}"#;
        assert_eq!(
            read_order(alien.as_bytes()),
            Err(ReadError::NewerUnreadable(9))
        );
        assert!(!ReadError::NewerUnreadable(9).is_damage());
    }

    #[test]
    fn damage_is_named_by_place_never_by_content() {
        let cut = &V1_SUBMITTED.as_bytes()[..120];
        let err = read_order(cut).unwrap_err();
        assert!(matches!(err, ReadError::NotJson { .. }));
        assert!(err.is_damage());
        let wrong = r#"{"schema_version": 2, "id": "PW-1", "revision": "secret-4829"}"#;
        let err = read_order(wrong.as_bytes()).unwrap_err();
        let ReadError::NotAnOrder(problem) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            problem.kind,
            ProblemKind::WrongValue {
                field: "revision".into(),
                expected: Some("u64".into())
            }
        );
        assert_eq!(problem.line, 1);
        assert!(!err.to_string().contains("4829"), "{err}");
        assert_eq!(read_order(b"[1, 2]"), Err(ReadError::NoVersion));
        assert_eq!(
            read_order(br#"{"schema_version": 0}"#),
            Err(ReadError::NoVersion)
        );
        assert!(matches!(
            read_order(&vec![b' '; MAX_ORDER_FILE_BYTES + 1]),
            Err(ReadError::TooLarge(_))
        ));
    }
}
