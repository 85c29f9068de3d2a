//! Why a command did not do what it was asked: its kind gives the exit status, and it is told on
//! standard error as a line of text or, with `--json`, as one JSON object.

use crate::domain::validate::Problem;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::screens::wizard::steps;
use serde::Serialize;
use std::io::Write;

/// What kind of failure, as scripts branch on it (`error.kind` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The command was asked wrongly (an argument, a file to read): exit 2.
    BadInput,
    /// No order or number by that name: exit 2.
    NotFound,
    /// A rule refused it (the order's status, the problems a check found): exit 1.
    Refused,
    /// The store or the output could not be read or written: exit 2.
    Failed,
}

#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
    /// Each problem with the step and field it is on, as the wizard's review lists them.
    pub problems: Vec<Problem>,
    /// The error behind a `Failed`, to tell a reader that went away from a real failure.
    cause: Option<anyhow::Error>,
}

/// What a command ends with.
pub type Outcome = Result<(), Failure>;

impl Failure {
    fn new(kind: Kind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            problems: Vec::new(),
            cause: None,
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Failure {
        Failure::new(Kind::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(Kind::NotFound, message)
    }

    pub fn refused(message: impl Into<String>) -> Failure {
        Failure::new(Kind::Refused, message)
    }

    pub fn with_problems(mut self, problems: Vec<Problem>) -> Failure {
        self.problems = problems;
        self
    }

    /// The exit status: 1 when refused, 2 otherwise.
    pub fn code(&self) -> u8 {
        match self.kind {
            Kind::Refused => 1,
            Kind::BadInput | Kind::NotFound | Kind::Failed => 2,
        }
    }

    /// Whether the output's reader went away (`portwiz orders list | head`): nothing to tell.
    pub fn reader_gone(&self) -> bool {
        self.cause.as_ref().is_some_and(|e| {
            e.chain().any(|cause| {
                let io = cause.downcast_ref::<std::io::Error>().map(|io| io.kind());
                let json = (cause.downcast_ref::<serde_json::Error>())
                    .and_then(serde_json::Error::io_error_kind);
                io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
            })
        })
    }

    /// Tells the failure on `err`: `portwiz: MESSAGE` and a line per problem, or one JSON object.
    pub fn tell(&self, json: bool, err: &mut dyn Write) -> std::io::Result<()> {
        if json {
            let problems: Vec<ProblemJson> = self.problems.iter().map(ProblemJson::of).collect();
            let error = ErrorJson {
                error: Body {
                    kind: self.kind,
                    message: strip_controls(&strings::for_command_line(&self.message)),
                    problems,
                },
            };
            serde_json::to_writer(&mut *err, &error)?;
            return writeln!(err);
        }
        let colon = if self.problems.is_empty() { "" } else { ":" };
        let message = strings::for_command_line(&self.message);
        writeln!(err, "portwiz: {}{colon}", strip_controls(&message))?;
        for p in &self.problems {
            writeln!(err, "  {}", problem_line(p))?;
        }
        Ok(())
    }
}

/// A problem as the text output lists it: `step 5 Address, ZIP / postal code: why`.
pub fn problem_line(p: &Problem) -> String {
    format!(
        "step {} {}, {}: {}",
        p.step,
        steps::step(p.step).short,
        p.field.label(),
        strip_controls(&strings::for_command_line(&p.message))
    )
}

/// The store, a file or the output failed: the error says what and where.
impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure {
            message: format!("{error:#}"),
            cause: Some(error),
            ..Failure::new(Kind::Failed, "")
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        Failure::from(anyhow::Error::new(error))
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Failure {
        Failure::from(anyhow::Error::new(error))
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(error: crate::store::StoreError) -> Failure {
        Failure::from(anyhow::Error::new(error))
    }
}

#[derive(Serialize)]
struct ErrorJson {
    error: Body,
}

#[derive(Serialize)]
struct Body {
    kind: Kind,
    message: String,
    problems: Vec<ProblemJson>,
}

/// A problem as JSON lists it, in a failure or in what a command tells is still to do.
#[derive(Serialize)]
pub struct ProblemJson {
    step: u8,
    step_name: &'static str,
    field: &'static str,
    message: String,
}

impl ProblemJson {
    pub fn of(p: &Problem) -> ProblemJson {
        ProblemJson {
            step: p.step,
            step_name: steps::step(p.step).short,
            field: p.field.label(),
            message: strip_controls(&strings::for_command_line(&p.message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::Field;

    #[test]
    fn a_failure_in_json_is_one_object_with_its_kind_and_problems() {
        let failure =
            Failure::refused("order.json was not imported; 1 problem").with_problems(vec![
                Problem {
                    step: 5,
                    field: Field::PostalCode,
                    message: "\"1234\" is not a ZIP code".into(),
                },
            ]);
        let mut err = Vec::new();
        failure.tell(true, &mut err).unwrap();
        let text = String::from_utf8(err).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["error"]["kind"], "refused");
        assert_eq!(value["error"]["problems"][0]["step"], 5);
        assert_eq!(
            value["error"]["problems"][0]["field"],
            Field::PostalCode.label()
        );
        assert_eq!(failure.code(), 1);
    }

    #[test]
    fn a_closed_pipe_behind_json_output_is_a_reader_gone() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let through_json = serde_json::Error::io(pipe);
        assert!(Failure::from(through_json).reader_gone());
        let other = Failure::from(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert!(!other.reader_gone());
        assert_eq!(other.code(), 2);
    }
}
