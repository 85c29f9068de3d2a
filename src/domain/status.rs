//! Order statuses and the only transitions between them (SPEC §4); every other move is refused.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Submitted,
    CustomerActionRequired,
    SupportEngaged,
    FocConfirmed,
    Completed,
    CancellationRequested,
    Canceled,
    /// Declared last: the order index stores a status by its place in this list, so the statuses
    /// that came before keep theirs.
    WaitingForSignature,
}

impl Status {
    /// In the order a draft lives through them, as lists and filters show them.
    pub const ALL: [Status; 9] = [
        Status::Draft,
        Status::WaitingForSignature,
        Status::Submitted,
        Status::CustomerActionRequired,
        Status::SupportEngaged,
        Status::FocConfirmed,
        Status::Completed,
        Status::CancellationRequested,
        Status::Canceled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::WaitingForSignature => "Waiting for signature",
            Status::Submitted => "Submitted",
            Status::CustomerActionRequired => "Customer action required",
            Status::SupportEngaged => "Support engaged",
            Status::FocConfirmed => "FOC confirmed",
            Status::Completed => "Completed",
            Status::CancellationRequested => "Cancellation requested",
            Status::Canceled => "Canceled",
        }
    }

    /// A label that fits a narrow column.
    pub fn short_label(self) -> &'static str {
        match self {
            Status::WaitingForSignature => "Awaiting sig.",
            Status::CustomerActionRequired => "Action req.",
            Status::SupportEngaged => "Support",
            Status::CancellationRequested => "Cancel req.",
            other => other.label(),
        }
    }

    /// The word scripts use (`--status`), as in the order files.
    pub fn keyword(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::WaitingForSignature => "waiting-for-signature",
            Status::Submitted => "submitted",
            Status::CustomerActionRequired => "customer-action-required",
            Status::SupportEngaged => "support-engaged",
            Status::FocConfirmed => "foc-confirmed",
            Status::Completed => "completed",
            Status::CancellationRequested => "cancellation-requested",
            Status::Canceled => "canceled",
        }
    }

    /// Reads a status as scripts write it (`foc-confirmed`) or as the screens show it (`FOC
    /// confirmed`), in any case.
    pub fn from_keyword(word: &str) -> Option<Status> {
        let word = word.trim().to_lowercase().replace([' ', '_'], "-");
        Status::ALL.into_iter().find(|s| s.keyword() == word)
    }

    /// Open orders hold their numbers: no other order may port them.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Completed | Status::Canceled)
    }

    /// The transitions of SPEC §4, and nothing else.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Draft, Submitted)
                | (Draft, SupportEngaged)
                | (Draft, WaitingForSignature)
                | (WaitingForSignature, Submitted)
                // Signed, it submits by itself: to support first when it needs a review, as a draft does.
                | (WaitingForSignature, SupportEngaged)
                | (WaitingForSignature, Draft)
                | (Submitted, CustomerActionRequired)
                | (Submitted, SupportEngaged)
                | (Submitted, FocConfirmed)
                | (CustomerActionRequired, Submitted)
                | (CustomerActionRequired, SupportEngaged)
                | (SupportEngaged, Submitted)
                | (FocConfirmed, Completed)
                | (Submitted, CancellationRequested)
                | (CustomerActionRequired, CancellationRequested)
                | (SupportEngaged, CancellationRequested)
                | (FocConfirmed, CancellationRequested)
                | (CancellationRequested, Canceled)
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A transition the rules do not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IllegalTransition {
    pub from: Status,
    pub to: Status,
}

impl fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            // Asked twice (a second cancel): nothing to do, and saying "cannot become" misleads.
            return write!(f, "the order is already {}", self.from.label());
        }
        write!(
            f,
            "an order that is {} cannot become {}",
            self.from.label(),
            self.to.label()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transition_to_the_same_status_says_the_order_is_there_already() {
        let twice = IllegalTransition {
            from: Status::CancellationRequested,
            to: Status::CancellationRequested,
        };
        assert_eq!(
            twice.to_string(),
            "the order is already Cancellation requested"
        );
        let other = IllegalTransition {
            from: Status::Draft,
            to: Status::Completed,
        };
        assert_eq!(
            other.to_string(),
            "an order that is Draft cannot become Completed"
        );
    }

    #[test]
    fn every_pair_is_allowed_only_when_the_spec_says_so() {
        use Status::*;
        let allowed = [
            (Draft, Submitted),
            (Draft, SupportEngaged),
            (Draft, WaitingForSignature),
            (WaitingForSignature, Submitted),
            (WaitingForSignature, SupportEngaged),
            (WaitingForSignature, Draft),
            (Submitted, CustomerActionRequired),
            (Submitted, SupportEngaged),
            (Submitted, FocConfirmed),
            (CustomerActionRequired, Submitted),
            (CustomerActionRequired, SupportEngaged),
            (SupportEngaged, Submitted),
            (FocConfirmed, Completed),
            (Submitted, CancellationRequested),
            (CustomerActionRequired, CancellationRequested),
            (SupportEngaged, CancellationRequested),
            (FocConfirmed, CancellationRequested),
            (CancellationRequested, Canceled),
        ];
        let mut count = 0;
        for from in Status::ALL {
            for to in Status::ALL {
                let expected = allowed.contains(&(from, to));
                assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
                count += usize::from(expected);
            }
        }
        assert_eq!(count, allowed.len());
    }

    #[test]
    fn every_open_status_but_draft_and_waiting_for_signature_can_be_canceled() {
        // A request for signature is withdrawn instead: nothing was sent to the carrier yet.
        for s in Status::ALL {
            let expected = s.is_open()
                && !matches!(
                    s,
                    Status::Draft | Status::WaitingForSignature | Status::CancellationRequested
                );
            assert_eq!(
                s.can_become(Status::CancellationRequested),
                expected,
                "{s:?}"
            );
        }
    }

    #[test]
    fn keywords_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_keyword(s.keyword()), Some(s));
            assert_eq!(Status::from_keyword(s.label()), Some(s), "as on screen");
            let shouted = s.keyword().to_uppercase();
            assert_eq!(Status::from_keyword(&shouted), Some(s), "in any case");
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.keyword()));
        }
    }
}
