//! Reading JSON that a person may have written or damaged (orders to import, order files, the
//! carrier file, the PIN record): a problem is told by line, column and field name, never by the
//! value found there, which may be an account PIN.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use std::fmt;

/// Where a JSON document is not what it should be. Nothing in it comes from the document's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    pub line: usize,
    pub column: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not JSON at that place (a stray character, a missing comma or quote).
    Syntax,
    /// The text ends before the document does.
    CutShort,
    /// A field the document needs is not there; `field` is its full name (`fields.order_name`).
    Missing { field: String },
    /// An object has a field that its type does not have (where unknown fields are refused); the
    /// document's name for it is not repeated. `allowed` lists the names that fit.
    UnknownField {
        within: String,
        allowed: Option<String>,
    },
    /// The value of `field` has the wrong type or is not allowed there; `expected` says what fits,
    /// in the program's words (`a string`), when serde could say it.
    WrongValue {
        field: String,
        expected: Option<String>,
    },
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = format!("line {}, column {}", self.line, self.column);
        let (what, expected) = match &self.kind {
            ProblemKind::Syntax => return write!(f, "not valid JSON at {place}"),
            ProblemKind::CutShort => return write!(f, "cut short: the JSON ends at {place}"),
            ProblemKind::Missing { field } => {
                return write!(f, "field {field} is missing ({place})");
            }
            ProblemKind::UnknownField { within, allowed } => (
                format!("{} has a field that does not belong there", named(within)),
                allowed,
            ),
            ProblemKind::WrongValue { field, expected } => {
                (format!("{} has a wrong value", named(field)), expected)
            }
        };
        write!(f, "{what} ({place})")?;
        match expected {
            Some(expected) => write!(f, ": expected {expected}"),
            None => Ok(()),
        }
    }
}

/// A field's name as told; the empty path is the whole document.
fn named(field: &str) -> &str {
    if field.is_empty() {
        "the document"
    } else {
        field
    }
}

/// Parses `bytes` as a `T`. The usual case, a good document, takes one plain pass; only a bad one
/// is read again, tracking field names, to say where it goes wrong.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonProblem> {
    serde_json::from_slice(bytes).map_err(|plain| describe::<T>(bytes, &plain))
}

/// Why `bytes` is not a `T`, given serde_json's error for it.
fn describe<T: DeserializeOwned>(bytes: &[u8], plain: &serde_json::Error) -> JsonProblem {
    let at = |kind| JsonProblem {
        line: plain.line(),
        column: plain.column(),
        kind,
    };
    match plain.classify() {
        // serde_json's reader of an enum calls any value but a string or an object a syntax
        // error (`{"country": 1}`): a document that is JSON is told as a wrong value instead.
        serde_json::error::Category::Syntax
            if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() => {}
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            return at(ProblemKind::Syntax);
        }
        serde_json::error::Category::Eof => return at(ProblemKind::CutShort),
        serde_json::error::Category::Data => {}
    }
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let Err(tracked) = serde_path_to_error::deserialize::<_, T>(&mut reader) else {
        // The same bytes parse when read again: cannot happen, but never claim a field then.
        return at(ProblemKind::WrongValue {
            field: String::new(),
            expected: None,
        });
    };
    let segments: Vec<&Segment> = tracked.path().iter().collect();
    let field = field_name(&segments);
    let inner = tracked.inner();
    // serde's data messages read "<what was found>, expected <what fits>", and "found" may be the
    // value itself: only the part after the last ", expected " (the program's own words) is kept.
    let message = inner.to_string();
    let message = message
        .strip_suffix(&format!(
            " at line {} column {}",
            inner.line(),
            inner.column()
        ))
        .unwrap_or(&message);
    let kind = if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        // The missing name comes from the program's types, not from the document.
        ProblemKind::Missing {
            field: if field.is_empty() {
                name.to_string()
            } else {
                format!("{field}.{name}")
            },
        }
    } else {
        let expected = message
            .rfind(", expected ")
            .map(|at| message[at + ", expected ".len()..].to_string());
        if message.starts_with("unknown field `") {
            // The path ends with the document's own name for the field: left out.
            ProblemKind::UnknownField {
                within: field_name(&segments[..segments.len().saturating_sub(1)]),
                allowed: expected,
            }
        } else {
            let expected = expected.or_else(|| expected_string::<T>(bytes, &segments));
            ProblemKind::WrongValue { field, expected }
        }
    };
    JsonProblem {
        line: inner.line(),
        column: inner.column(),
        kind,
    }
}

/// What fits at `path` when serde could not say it (an enum's reader refuses a number without
/// naming its variants): the document is read again with an empty string there, and what serde
/// then says is expected (`` `US` or `CA` ``) is told, when the problem stays at that place.
fn expected_string<T: DeserializeOwned>(bytes: &[u8], path: &[&Segment]) -> Option<String> {
    let mut document: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mut at = &mut document;
    for segment in path {
        at = match segment {
            Segment::Map { key } => at.get_mut(key.as_str())?,
            Segment::Seq { index } => at.get_mut(*index)?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    *at = serde_json::Value::String(String::new());
    let again = serde_json::to_vec(&document).ok()?;
    let mut reader = serde_json::Deserializer::from_slice(&again);
    let tracked = serde_path_to_error::deserialize::<_, T>(&mut reader).err()?;
    let again_at: Vec<&Segment> = tracked.path().iter().collect();
    let same_place = field_name(&again_at) == field_name(path);
    let message = tracked.inner().to_string();
    let expected = message.rfind(", expected ")?;
    let expected = &message[expected + ", expected ".len()..];
    let expected = expected.split(" at line ").next().unwrap_or(expected);
    same_place.then(|| expected.to_string())
}

/// `carriers[2].accounts[0].pin`: the path to the field, from the names of the program's types.
fn field_name(path: &[&Segment]) -> String {
    let mut name = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => name.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(&crate::text::strip_controls(key));
            }
            Segment::Unknown => {}
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Account {
        number: String,
        pin: String,
        kind: Kind,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        Mobile,
    }

    #[derive(Debug, Deserialize)]
    struct Book {
        accounts: Vec<Account>,
    }

    fn problem(text: &str) -> JsonProblem {
        parse::<Book>(text.as_bytes()).unwrap_err()
    }

    /// An enum given a number is a wrong value at its field, with the values that fit, not
    /// "not valid JSON" (serde_json's enum reader calls it a syntax error).
    #[test]
    fn a_number_where_a_name_belongs_names_the_field_and_what_fits() {
        let told = problem(r#"{"accounts": [{"number": "A1", "pin": "4829", "kind": 7}]}"#);
        assert_eq!(
            told.kind,
            ProblemKind::WrongValue {
                field: "accounts[0].kind".into(),
                expected: Some("`mobile`".into()),
            }
        );
        assert!(told.to_string().contains("expected `mobile`"), "{told}");
        assert!(!told.to_string().contains('7'), "{told}");
        // Where the document is not JSON after all, it is told so.
        let broken = problem(r#"{"accounts": [{"number": "A1", "pin": "1", "kind": 7]}"#);
        assert_eq!(broken.kind, ProblemKind::Syntax);
    }

    #[test]
    fn a_good_document_parses() {
        let book: Book =
            parse(br#"{"accounts": [{"number": "A1", "pin": "4829", "kind": "mobile"}]}"#).unwrap();
        let [account] = book.accounts.as_slice() else {
            panic!("one account")
        };
        assert_eq!(
            (account.number.as_str(), account.pin.as_str(), &account.kind),
            ("A1", "4829", &Kind::Mobile)
        );
    }

    #[test]
    fn a_wrong_type_names_the_field_and_never_the_value() {
        let text = "{\"accounts\": [\n  {\"number\": \"A1\", \"pin\": \"1\", \"kind\": \"mobile\"},\n  {\"number\": \"A2\", \"pin\": 482913, \"kind\": \"mobile\"}\n]}";
        let found = problem(text);
        assert_eq!(
            found,
            JsonProblem {
                line: 3,
                column: 32,
                kind: ProblemKind::WrongValue {
                    field: "accounts[1].pin".into(),
                    expected: Some("a string".into()),
                },
            }
        );
        let shown = found.to_string();
        assert_eq!(
            shown,
            "accounts[1].pin has a wrong value (line 3, column 32): expected a string"
        );
        assert!(!shown.contains("482913"));
    }

    #[test]
    fn an_unknown_choice_lists_what_fits_without_repeating_it() {
        let found =
            problem(r#"{"accounts": [{"number": "A", "pin": "1", "kind": "secret-4829"}]}"#);
        let ProblemKind::WrongValue { field, expected } = &found.kind else {
            panic!("{found:?}")
        };
        assert_eq!(field, "accounts[0].kind");
        assert_eq!(expected.as_deref(), Some("`mobile`"));
        assert!(!found.to_string().contains("4829"));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        #[serde(rename = "name")]
        _name: String,
    }

    #[test]
    fn an_unknown_field_is_pointed_at_not_repeated() {
        let found = parse::<Vec<Strict>>(br#"[{"name": "a", "pin-482913": 1}]"#).unwrap_err();
        assert_eq!(
            found.kind,
            ProblemKind::UnknownField {
                within: "[0]".into(),
                allowed: Some("`name`".into())
            }
        );
        assert!(!found.to_string().contains("482913"), "{found}");
    }

    #[test]
    fn a_missing_field_is_named_in_full() {
        let found = problem(r#"{"accounts": [{"number": "A", "kind": "mobile"}]}"#);
        assert_eq!(
            found.kind,
            ProblemKind::Missing {
                field: "accounts[0].pin".into()
            }
        );
        assert_eq!(
            problem("{}").kind,
            ProblemKind::Missing {
                field: "accounts".into()
            }
        );
    }

    #[test]
    fn broken_text_is_told_by_place_alone() {
        let found = problem("{\"accounts\": [\n  {\"pin\" \"4829\"}]}");
        assert_eq!(
            (found.line, found.column, found.kind),
            (2, 10, ProblemKind::Syntax)
        );
        let cut = problem("{\"accounts\": [{\"pin\": \"48291");
        assert_eq!(cut.kind, ProblemKind::CutShort);
        assert!(!cut.to_string().contains("48291"));
        let top = problem(r#""secret-4829""#);
        assert_eq!(
            top.kind,
            ProblemKind::WrongValue {
                field: String::new(),
                expected: Some("struct Book".into())
            }
        );
        assert_eq!(
            top.to_string(),
            "the document has a wrong value (line 1, column 13): expected struct Book"
        );
    }
}
