//! The wizard's eight steps as the screens name them: the steps of the order that the field
//! registry places every field in, then the review.

use crate::domain::fields::LAST_STEP;
use crate::domain::validate::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub number: u8,
    pub name: &'static str,
    /// The name in the stepper line, where space is short.
    pub short: &'static str,
}

/// The step that reviews and submits the order, after the order's own.
pub const REVIEW: u8 = LAST_STEP + 1;

pub const STEPS: [Step; REVIEW as usize] = [
    Step {
        number: 1,
        name: "Get started",
        short: "Start",
    },
    Step {
        number: 2,
        name: "Phone numbers",
        short: "Numbers",
    },
    Step {
        number: 3,
        name: "Billing telephone number",
        short: "BTN",
    },
    Step {
        number: 4,
        name: "Account information",
        short: "Account",
    },
    Step {
        number: 5,
        name: "Service address",
        short: "Address",
    },
    Step {
        number: 6,
        name: "Documents",
        short: "Documents",
    },
    Step {
        number: 7,
        name: "Porting details",
        short: "Details",
    },
    Step {
        number: REVIEW,
        name: "Review and submit",
        short: "Review",
    },
];

pub fn step(number: u8) -> &'static Step {
    &STEPS[usize::from(number.clamp(1, REVIEW)) - 1]
}

/// Where a problem is, as the review lists it: "Step 6 Documents · LOA signed on".
pub fn place(problem: &Problem) -> String {
    let short = step(problem.step).short;
    format!("Step {} {short} · {}", problem.step, problem.field.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_are_numbered_in_order() {
        for (i, s) in STEPS.iter().enumerate() {
            assert_eq!(usize::from(s.number), i + 1, "{}", s.name);
        }
        assert_eq!(step(0).name, "Get started");
        assert_eq!(step(9).name, "Review and submit");
    }
}
