//! The life of an order after the wizard (SPEC §4, §6, §8): submitting, the carrier's answer after its
//! response time, support's work, completion at the FOC, cancellation, assistance and cloning. Pure:
//! it changes orders in memory, with the time given; the app and the commands save them.

use crate::carrier::{self, AccountHistories, Answer, CarrierNetwork};
use crate::clock::show;
use crate::domain::calendar::{
    TimeWindow, eastern, first_recommended, judge_day, nth_business_day_after, parse_date,
    parse_time, port_moment,
};
use crate::domain::order::PortType;
use crate::domain::order::{Actor, Comment, Order, Rejection, SupportCase, Ticket, changes};
use crate::domain::phone::Country;
use crate::domain::rejection::LOA_CERTIFIED;
use crate::domain::status::{IllegalTransition, Status};
use crate::domain::validate::{self, Field, Problem, effective_port_type, time_window};
use crate::loa::esign;
use crate::store::OrderSummary;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan, Zoned};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Business days support takes to review an order and resubmit it.
pub const SUPPORT_REVIEW_BUSINESS_DAYS: u32 = 2;
/// Business days a move of the organization's own numbers to Calling Plan takes to be confirmed.
pub const OWN_MOVE_BUSINESS_DAYS: u32 = 1;
/// Business days the carrier takes to confirm a cancellation.
pub const CANCELLATION_ANSWER_BUSINESS_DAYS: u32 = 1;
/// Orders with more numbers than this are reviewed by support before they are submitted.
pub const REVIEW_ABOVE_NUMBERS: usize = 200;

/// Something that happens to an order by itself once its time comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    CarrierAnswer,
    SupportResubmit,
    Completion,
    CancellationAnswer,
    /// The simulated signer answers the request for signature of the LOA.
    SignerAnswers,
    SignatureExpires,
}

impl Due {
    pub fn describe(self) -> &'static str {
        match self {
            Due::CarrierAnswer => "the carrier's answer",
            Due::SupportResubmit => "support sends it to the carrier",
            Due::Completion => "the port completes",
            Due::CancellationAnswer => "the carrier answers the cancellation",
            Due::SignerAnswers => "the signer answers",
            Due::SignatureExpires => "the request for signature expires",
        }
    }
}

fn country(order: &Order) -> Country {
    order.fields.country.unwrap_or(Country::UnitedStates)
}

fn day_of(at: Timestamp) -> Date {
    at.to_zoned(eastern()).date()
}

/// The moment `days` business days after `at`, at the same time of day (Eastern).
fn business_days_later(country: Country, at: Timestamp, days: u32) -> Timestamp {
    let zoned = at.to_zoned(eastern());
    let day = nth_business_day_after(country, zoned.date(), days);
    day.to_datetime(zoned.time())
        .to_zoned(eastern())
        .map(|z| z.timestamp())
        .unwrap_or(at)
}

/// What decides when an order's next event falls due: the same for a whole order and its summary.
pub struct Timing<'a> {
    pub status: Status,
    pub since: Timestamp,
    pub country: Country,
    pub carrier_id: Option<&'a str>,
    pub foc_at: Option<Timestamp>,
    /// The latest moment in the timeline: after a request for signature, whether the signer
    /// answered it already (then only its expiry is left).
    pub last_event_at: Option<Timestamp>,
}

impl<'a> Timing<'a> {
    pub fn of_order(order: &'a Order) -> Timing<'a> {
        Timing {
            status: order.status,
            since: order.since(),
            country: country(order),
            carrier_id: order.fields.group.as_ref().map(|g| g.carrier_id.as_str()),
            foc_at: order.foc_at.as_ref().map(Zoned::timestamp),
            // Only a request for signature asks for it: the timeline is not walked for the rest.
            last_event_at: (order.status == Status::WaitingForSignature)
                .then(|| order.timeline.iter().map(|e| e.at).max())
                .flatten(),
        }
    }

    pub fn of_summary(summary: &'a OrderSummary) -> Timing<'a> {
        Timing {
            status: summary.status,
            since: summary.since(),
            country: summary.country.unwrap_or(Country::UnitedStates),
            carrier_id: summary.carrier_id.as_deref(),
            foc_at: summary.foc_at,
            last_event_at: summary.last_event_at,
        }
    }
}

/// When the next event of this order falls due, and what it is.
pub fn next_due(order: &Order, network: &dyn CarrierNetwork) -> Option<(Timestamp, Due)> {
    next_due_by(&Timing::of_order(order), network)
}

/// Whether an order in `status` waits for an event that falls due by itself (an answer, a
/// completion): exactly the statuses [`next_due_by`] can give a time for.
pub fn waits(status: Status) -> bool {
    matches!(
        status,
        Status::WaitingForSignature
            | Status::Submitted
            | Status::SupportEngaged
            | Status::FocConfirmed
            | Status::CancellationRequested
    )
}

/// When the next event falls due, from what decides it.
pub fn next_due_by(timing: &Timing, network: &dyn CarrierNetwork) -> Option<(Timestamp, Due)> {
    let since = timing.since;
    let country = timing.country;
    match timing.status {
        Status::Submitted => {
            let days = response_business_days(timing.carrier_id?, network)?;
            Some((
                business_days_later(country, since, days),
                Due::CarrierAnswer,
            ))
        }
        Status::SupportEngaged => Some((
            business_days_later(country, since, SUPPORT_REVIEW_BUSINESS_DAYS),
            Due::SupportResubmit,
        )),
        Status::FocConfirmed => Some((timing.foc_at?, Due::Completion)),
        Status::CancellationRequested => Some((
            business_days_later(country, since, CANCELLATION_ANSWER_BUSINESS_DAYS),
            Due::CancellationAnswer,
        )),
        // The signer answers first (signing, or not reached); once answered unsigned, it expires.
        Status::WaitingForSignature if timing.last_event_at.is_none_or(|last| last <= since) => {
            Some((
                business_days_later(country, since, esign::SIGNING_BUSINESS_DAYS),
                Due::SignerAnswers,
            ))
        }
        Status::WaitingForSignature => Some((signature_expiry(since), Due::SignatureExpires)),
        _ => None,
    }
}

/// When a request for signature sent at `sent` expires unsigned.
pub fn signature_expiry(sent: Timestamp) -> Timestamp {
    sent + (esign::EXPIRY_DAYS * 24).hours()
}

/// Business days the carrier takes to answer a submission (a move of the organization's own
/// numbers is confirmed by the platform).
fn response_business_days(carrier_id: &str, network: &dyn CarrierNetwork) -> Option<u32> {
    if carrier::is_own(carrier_id) {
        Some(OWN_MOVE_BUSINESS_DAYS)
    } else {
        network.response_business_days(carrier_id)
    }
}

/// What the confirmation before a submission promises: the carrier's response time in business
/// days and the moment its answer falls due, for a submission made at `at`.
pub fn expected_answer(
    order: &Order,
    network: &dyn CarrierNetwork,
    at: Timestamp,
) -> Option<(u32, Timestamp)> {
    let carrier_id = order.fields.group.as_ref()?.carrier_id.as_str();
    let days = response_business_days(carrier_id, network)?;
    Some((days, business_days_later(country(order), at, days)))
}

fn own_move(order: &Order) -> bool {
    order
        .fields
        .group
        .as_ref()
        .is_some_and(|g| carrier::is_own(&g.carrier_id))
}

fn carrier_name(order: &Order) -> String {
    order.carrier_name().unwrap_or("the carrier").to_string()
}

/// Opens the order's ticket, or adds to the one it has.
fn engage_support(order: &mut Order, at: Timestamp, author: Actor, text: &str) -> String {
    match &mut order.ticket {
        Some(ticket) => {
            ticket.comments.push(Comment {
                at,
                author,
                text: text.to_string(),
            });
            ticket.id.clone()
        }
        None => {
            let id = format!(
                "SUP-{}",
                order.id.trim_start_matches("PW-").replace('-', "")
            );
            order.ticket = Some(Ticket {
                id: id.clone(),
                opened_at: at,
                reason: text.to_string(),
                comments: Vec::new(),
            });
            id
        }
    }
}

/// Renames an order or changes its notification emails, with the wizard's rules for both, while it
/// is a draft or with the carrier; each change is recorded in the timeline. Refused, with the field
/// and why, nothing changes.
pub fn edit_names(
    order: &mut Order,
    name: &str,
    emails: &str,
    context: &validate::Context,
    at: Timestamp,
) -> Result<(), String> {
    if !matches!(
        order.status,
        Status::Draft | Status::Submitted | Status::CustomerActionRequired | Status::FocConfirmed
    ) {
        return Err(format!(
            "a {} order keeps its name and emails",
            order.status.label()
        ));
    }
    let mut fields = order.fields.clone();
    fields.order_name = name.trim().to_string();
    fields.notification_emails = emails.trim().to_string();
    for field in [Field::OrderName, Field::NotificationEmails] {
        if let Some(error) = validate::check_field(&fields, field, context).error {
            return Err(format!("{}: {error}", field.label()));
        }
    }
    if fields.order_name != order.fields.order_name {
        let renamed = format!(
            "Renamed from {:?} to {:?}",
            order.fields.order_name, fields.order_name
        );
        order.record(at, Actor::Administrator, renamed);
    }
    if fields.notification_emails != order.fields.notification_emails {
        order.record(at, Actor::Administrator, "Notification emails changed");
    }
    order.fields = fields;
    Ok(())
}

/// One field of the rename dialog saved over what may have been stored meanwhile, from the value
/// the dialog opened with, the one typed and the one stored now: a field left as it opened keeps
/// the stored value (another session's change stays), a typed one replaces it unless the stored
/// value too moved away from the opening one, to something else: then `Err` with that stored value,
/// a conflict for the administrator to decide.
pub fn merge_edited(opened: &str, typed: &str, stored: &str) -> Result<String, String> {
    let (opened, typed, stored) = (opened.trim(), typed.trim(), stored.trim());
    if typed == opened {
        Ok(stored.to_string())
    } else if stored == opened || stored == typed {
        Ok(typed.to_string())
    } else {
        Err(stored.to_string())
    }
}

/// Whether support must look at the order before it goes to the carrier.
pub fn needs_review(order: &Order) -> Option<String> {
    let f = &order.fields;
    let count = order.numbers().len();
    if count > REVIEW_ABOVE_NUMBERS {
        return Some(format!(
            "{count} numbers, over the {REVIEW_ABOVE_NUMBERS} an order sends straight to the carrier"
        ));
    }
    if effective_port_type(f) == Some(PortType::Partial) && validate::btn_is_ported(f) == Some(true)
    {
        return Some(
            "a Partial port that takes the BTN along (the account stays open without its main number)"
                .into(),
        );
    }
    None
}

/// Sends the order to the carrier's gateway: Submitted, or Support engaged after a submission error.
fn send_to_carrier(
    order: &mut Order,
    network: &dyn CarrierNetwork,
    at: Timestamp,
    by: Actor,
) -> Result<(), IllegalTransition> {
    let number = order.submissions.len() as u32 + 1;
    order.submissions.push(crate::domain::order::Submission {
        number,
        at,
        by,
        fields: order.fields.clone(),
    });
    order.foc_at = None;
    let carrier = carrier_name(order);
    let received = if own_move(order) {
        Ok(())
    } else {
        network.submit(order)
    };
    match received {
        Err(reason) => {
            let ticket = engage_support(
                order,
                at,
                Actor::Carrier,
                &format!("Submission error: {reason}"),
            );
            order.support_case = Some(SupportCase::SubmissionError);
            order.transition(
                Status::SupportEngaged,
                at,
                Actor::Carrier,
                format!("Submission {number} failed: {reason}. Support has ticket {ticket} and will resubmit"),
            )
        }
        Ok(()) => {
            let days = order
                .fields
                .group
                .as_ref()
                .and_then(|g| response_business_days(&g.carrier_id, network))
                .unwrap_or(3);
            let requested = order
                .requested_port_at
                .as_ref()
                .map(show)
                .unwrap_or_default();
            let who = match by {
                Actor::Support => format!("Support resubmitted to {carrier}"),
                Actor::Clock => {
                    format!("Submitted automatically to {carrier} once the LOA was signed")
                }
                Actor::Administrator | Actor::Carrier => format!("Submitted to {carrier}"),
            };
            order.transition(
                Status::Submitted,
                at,
                by,
                format!(
                    "{who} (submission {number}): {} number{}, port requested for {requested}; the carrier answers in about {days} business day{}",
                    order.numbers().len(),
                    crate::strings::plural(order.numbers().len()),
                    crate::strings::plural(days as usize)
                ),
            )
        }
    }
}

/// The requested port moment from the fields, in Eastern time.
fn requested_moment(order: &Order) -> Option<Zoned> {
    let day = parse_date(&order.fields.port_date).ok()?;
    let time = parse_time(&order.fields.port_time).ok()?;
    port_moment(day, time)
}

/// Submits a draft or resubmits after Update: to the carrier, or to support when it needs a review.
pub fn submit(
    order: &mut Order,
    network: &dyn CarrierNetwork,
    at: Timestamp,
) -> Result<(), IllegalTransition> {
    submit_by(order, network, at, Actor::Administrator)
}

/// Submits as `submit` does, for `by`: the administrator, or the clock once the signer signed.
fn submit_by(
    order: &mut Order,
    network: &dyn CarrierNetwork,
    at: Timestamp,
    by: Actor,
) -> Result<(), IllegalTransition> {
    order.requested_port_at = requested_moment(order);
    if matches!(order.status, Status::Draft | Status::WaitingForSignature)
        && let Some(reason) = needs_review(order)
    {
        let ticket = engage_support(
            order,
            at,
            Actor::Support,
            &format!("Review before submission: {reason}"),
        );
        order.support_case = Some(SupportCase::ReviewBeforeSubmission);
        let sent = match by {
            Actor::Clock => "Sent to support automatically once the LOA was signed,",
            _ => "Sent to support",
        };
        return order.transition(
            Status::SupportEngaged,
            at,
            by,
            format!("{sent} for review before submission ({reason}); ticket {ticket}"),
        );
    }
    send_to_carrier(order, network, at, by)
}

/// The FOC: the requested moment if still allowed on the day the carrier answers, else the next allowed one.
fn foc_moment(order: &Order, decided_on: Date) -> Option<Zoned> {
    let country = country(order);
    let window = time_window(&order.fields).unwrap_or(TimeWindow::for_order(
        country,
        crate::domain::phone::NumberType::Geographic,
    ));
    let requested = order.requested_port_at.clone();
    let time = requested
        .as_ref()
        .map(|z| z.time())
        .filter(|t| window.contains(*t))
        .unwrap_or(window.default_time());
    let from = requested
        .as_ref()
        .map(|z| z.date())
        .unwrap_or(decided_on)
        .max(decided_on);
    (0..60)
        .filter_map(|offset| from.checked_add(offset.days()).ok())
        .find(|day| judge_day(country, decided_on, *day).status.allowed())
        .and_then(|day| port_moment(day, time))
}

/// Applies one event at its time; `accounts` is what the carrier remembers of the accounts. A
/// document the event made (a signed LOA) is added to `documents`, to be kept with the order.
fn apply(
    order: &mut Order,
    due: Due,
    at: Timestamp,
    network: &dyn CarrierNetwork,
    accounts: &AccountHistories,
    documents: &mut Vec<Document>,
) -> Result<(), IllegalTransition> {
    let carrier = carrier_name(order);
    match due {
        Due::CarrierAnswer => {
            let decided_on = day_of(at);
            // The organization's own numbers have no CSR to check: the move is confirmed.
            let answer = if own_move(order) {
                Answer::Accept
            } else {
                network.answer(order, decided_on, &accounts.of_account(&order.fields))
            };
            match answer {
                Answer::Accept => match foc_moment(order, decided_on) {
                    Some(foc) => {
                        let detail =
                            format!("{carrier} confirmed the port (FOC) for {}", show(&foc));
                        order.foc_at = Some(foc);
                        order.transition(Status::FocConfirmed, at, Actor::Carrier, detail)
                    }
                    None => refuse_date(order, at, &carrier),
                },
                Answer::Reject(categories) => {
                    let titles: Vec<&str> = categories.iter().map(|c| c.title()).collect();
                    let detail = format!("{carrier} rejected the order: {}", titles.join("; "));
                    order.rejections.push(Rejection { at, categories });
                    order.transition(Status::CustomerActionRequired, at, Actor::Carrier, detail)
                }
                Answer::RefuseDate => refuse_date(order, at, &carrier),
            }
        }
        Due::SupportResubmit => {
            if order.support_case == Some(SupportCase::DateRefused) {
                // The recommended lead time: still valid when the carrier answers days later.
                let day = first_recommended(country(order), day_of(at));
                order.fields.port_date = day.to_string();
                order.requested_port_at = requested_moment(order);
                let ticket = engage_support(
                    order,
                    at,
                    Actor::Support,
                    &format!("Support moved the requested port date to {day}."),
                );
                order.record(
                    at,
                    Actor::Support,
                    format!("Support moved the requested port date to {day} (ticket {ticket})"),
                );
            } else if let Some(moved) = support_port_date(order, network, at) {
                let ticket = engage_support(order, at, Actor::Support, &moved);
                order.record(at, Actor::Support, format!("{moved} (ticket {ticket})"));
            }
            order.support_case = None;
            send_to_carrier(order, network, at, Actor::Support)
        }
        Due::Completion => {
            let count = order.numbers().len();
            order.transition(
                Status::Completed,
                at,
                Actor::Clock,
                format!("Port completed: {count} numbers moved from {carrier} and are now the organization's"),
            )
        }
        Due::CancellationAnswer => order.transition(
            Status::Canceled,
            at,
            Actor::Carrier,
            format!("{carrier} confirmed the cancellation; nothing was ported"),
        ),
        Due::SignerAnswers => signer_answers(order, at, network, documents),
        Due::SignatureExpires => {
            let request = order.signature_request.take();
            let email = request.as_ref().map_or("", |r| r.email.as_str());
            order.transition(
                Status::Draft,
                at,
                Actor::Clock,
                format!(
                    "The request for signature sent to {email} expired unsigned after {} days; the order is a draft again: send it for signature again, or attach a signed LOA",
                    esign::EXPIRY_DAYS
                ),
            )
        }
    }
}

/// Support resubmits only a port date the administrator's own checks allow on the day it
/// resubmits (SPEC §5): a date they would refuse (past, too soon, a weekend, a holiday, too far) is
/// moved to the first day still allowed when the carrier answers, which the carrier then confirms
/// as requested. What was moved, in words, for the ticket and the timeline; `None` when the
/// requested date stands.
fn support_port_date(
    order: &mut Order,
    network: &dyn CarrierNetwork,
    at: Timestamp,
) -> Option<String> {
    let country = country(order);
    let today = day_of(at);
    let requested = parse_date(&order.fields.port_date).ok();
    let verdict = requested.map(|day| judge_day(country, today, day));
    if verdict.as_ref().is_some_and(|v| v.status.allowed()) {
        return None;
    }
    let answers_on = expected_answer(order, network, at).map_or(today, |(_, due)| day_of(due));
    let day = crate::domain::calendar::lead_dates(country, answers_on).earliest;
    order.fields.port_date = day.to_string();
    order.requested_port_at = requested_moment(order);
    let from = verdict.map_or_else(
        || "none valid".to_string(),
        |v| {
            let why = v.status.keyword().replace('-', " ");
            format!("{} ({why})", v.day.strftime("%a %Y-%m-%d"))
        },
    );
    Some(format!(
        "Support moved the requested port date from {from} to {}, the first day still allowed when {} answers",
        day.strftime("%a %Y-%m-%d"),
        carrier_name(order)
    ))
}

/// A document an event made, to be kept with its order: its stored name and bytes.
pub type Document = (String, Vec<u8>);

/// The simulated signer answers: signs (the signed copy is attached and the order submits
/// itself), or never reads a request it cannot receive, which then waits for its expiry.
fn signer_answers(
    order: &mut Order,
    at: Timestamp,
    network: &dyn CarrierNetwork,
    documents: &mut Vec<Document>,
) -> Result<(), IllegalTransition> {
    let Some(request) = order.signature_request.clone() else {
        return order.transition(
            Status::Draft,
            at,
            Actor::Clock,
            "The order waited for a signature but holds no request for one; it is a draft again: send it for signature again",
        );
    };
    if !esign::reaches_signer(&request.email) {
        order.record(
            at,
            Actor::Clock,
            format!(
                "The request for signature has not reached {}: mail to that address cannot arrive. It expires on {} unless withdrawn on its details page; send it again to an address that receives mail",
                request.email,
                show(&signature_expiry(request.sent_at).to_zoned(eastern()))
            ),
        );
        return Ok(());
    }
    match esign::signed_copy(order, &request, at) {
        Ok((document, bytes)) => {
            documents.push((document.stored_name.clone(), bytes));
            order.fields.loa_path.clear();
            order.fields.loa = Some(document);
            order.fields.loa_signed_on = day_of(at).to_string();
            if let Some(r) = &mut order.signature_request {
                r.signed_at = Some(at);
            }
            order.record(
                at,
                Actor::Clock,
                format!(
                    "{} signed the LOA electronically ({}); the signed copy is attached",
                    request.signer, request.email
                ),
            );
            submit_by(order, network, at, Actor::Clock)
        }
        Err(e) => {
            order.signature_request = None;
            order.transition(
                Status::Draft,
                at,
                Actor::Clock,
                format!(
                    "The LOA could not be signed ({e}); the order is a draft again: send it for signature again"
                ),
            )
        }
    }
}

/// Sends the generated LOA for e-signature: the order waits for the signature, then submits
/// itself.
pub fn send_for_signature(
    order: &mut Order,
    request: crate::domain::order::SignatureRequest,
    at: Timestamp,
) -> Result<(), IllegalTransition> {
    let detail = format!(
        "LOA sent for e-signature to {} ({}); the order submits itself once it is signed; the request expires on {}",
        request.signer,
        request.email,
        show(&signature_expiry(at).to_zoned(eastern()))
    );
    if !order.status.can_become(Status::WaitingForSignature) {
        return Err(IllegalTransition {
            from: order.status,
            to: Status::WaitingForSignature,
        });
    }
    order.signature_request = Some(request);
    order.transition(
        Status::WaitingForSignature,
        at,
        Actor::Administrator,
        detail,
    )
}

/// Withdraws the request for signature: the order is a draft again.
pub fn withdraw_signature(order: &mut Order, at: Timestamp) -> Result<(), String> {
    if order.status != Status::WaitingForSignature {
        return Err(format!(
            "only an order waiting for signature has a request to withdraw, not {}",
            order.status.label()
        ));
    }
    let email = (order.signature_request.take()).map_or_else(String::new, |r| r.email);
    order
        .transition(
            Status::Draft,
            at,
            Actor::Administrator,
            format!("Request for signature sent to {email} withdrawn; the order is a draft again"),
        )
        .map_err(|e| e.to_string())
}

fn refuse_date(order: &mut Order, at: Timestamp, carrier: &str) -> Result<(), IllegalTransition> {
    order.date_refusals += 1;
    let ticket = engage_support(
        order,
        at,
        Actor::Carrier,
        &format!(
            "{carrier} cannot serve the requested port date; support will choose another date and resubmit."
        ),
    );
    order.support_case = Some(SupportCase::DateRefused);
    order.transition(
        Status::SupportEngaged,
        at,
        Actor::Carrier,
        format!("{carrier} refused the requested port date; support has ticket {ticket} and will resubmit with another date"),
    )
}

/// What a step of time did: the indexes of the orders that changed, and the documents it made
/// for them (signed LOAs), which are to be kept with them.
#[derive(Debug, Default)]
pub struct Advanced {
    pub changed: Vec<usize>,
    pub documents: Vec<Document>,
}

/// Moves time on to `to`: every event that falls due happens, earliest first (ties by order ID).
/// What the carrier answered any of `orders` before counts for its account's other orders (a
/// freeze lifts for the whole account at once), so `orders` may hold orders that are not due,
/// for their history.
pub fn advance(orders: &mut [Order], network: &dyn CarrierNetwork, to: Timestamp) -> Advanced {
    let mut accounts = AccountHistories::of(orders.iter());
    // Each order's next event, soonest first; after an event only that order's next is worked out
    // again, so a step over many orders costs one look per event, not one per order per event.
    let mut due: BinaryHeap<Reverse<(Timestamp, String, usize)>> = orders
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            next_due(o, network)
                .filter(|(at, _)| *at <= to)
                .map(|(at, _)| Reverse((at, o.id.clone(), i)))
        })
        .collect();
    let mut changed = Vec::new();
    let mut documents = Vec::new();
    while let Some(Reverse((at, _, index))) = due.pop() {
        let Some((_, what)) = next_due(&orders[index], network) else {
            continue;
        };
        let applied = apply(
            &mut orders[index],
            what,
            at,
            network,
            &accounts,
            &mut documents,
        );
        if applied.is_err() {
            continue; // an event that cannot apply would repeat forever; the order stays as it is
        }
        accounts.learn(&orders[index]);
        if !changed.contains(&index) {
            changed.push(index);
        }
        if let Some((next, _)) = next_due(&orders[index], network).filter(|(at, _)| *at <= to) {
            due.push(Reverse((next, orders[index].id.clone(), index)));
        }
    }
    Advanced { changed, documents }
}

/// Asks support for help: opens a ticket (Support engaged), or adds a comment to the existing one.
pub fn request_assistance(order: &mut Order, at: Timestamp, text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("describe what you need help with".into());
    }
    match order.status {
        Status::SupportEngaged => {
            let ticket = engage_support(order, at, Actor::Administrator, text);
            order.record(
                at,
                Actor::Administrator,
                format!("Comment added to ticket {ticket}"),
            );
            Ok(format!("Comment added to ticket {ticket}."))
        }
        Status::Submitted | Status::CustomerActionRequired => {
            let ticket = engage_support(order, at, Actor::Administrator, text);
            order.support_case = Some(SupportCase::Assistance);
            order
                .transition(
                    Status::SupportEngaged,
                    at,
                    Actor::Administrator,
                    format!("Assistance requested: ticket {ticket}"),
                )
                .map_err(|e| e.to_string())?;
            Ok(format!("Support has the order: ticket {ticket}."))
        }
        other => Err(format!(
            "assistance is for submitted orders or orders waiting for you, not {}",
            other.label()
        )),
    }
}

/// Whether the administrator may ask at `at` to cancel the order, or why not (as `c` on the
/// details page offers it only when it can be done).
pub fn can_cancel(order: &Order, at: Timestamp) -> Result<(), String> {
    if let (Status::FocConfirmed, Some(foc)) = (order.status, &order.foc_at)
        && at >= foc.timestamp() - 24.hours()
    {
        return Err(format!(
            "the port is less than 24 hours away (FOC {}); it can no longer be canceled here: call {} directly",
            show(foc),
            carrier_name(order)
        ));
    }
    if !order.status.can_become(Status::CancellationRequested) {
        let illegal = IllegalTransition {
            from: order.status,
            to: Status::CancellationRequested,
        };
        return Err(illegal.to_string());
    }
    Ok(())
}

/// Asks the carrier to cancel; refused within 24 hours of the FOC.
pub fn request_cancellation(order: &mut Order, at: Timestamp) -> Result<(), String> {
    can_cancel(order, at)?;
    order
        .transition(
            Status::CancellationRequested,
            at,
            Actor::Administrator,
            "Cancellation requested by the administrator",
        )
        .map_err(|e| e.to_string())
}

/// A new draft with the canceled order's details; the LOA and the date must be given again.
pub fn clone_canceled(order: &Order, id: String, at: Timestamp) -> Result<Order, String> {
    if order.status != Status::Canceled {
        return Err(format!(
            "only canceled orders can be cloned, not {}",
            order.status.label()
        ));
    }
    let mut draft = Order::new_draft(id, at);
    draft.fields = order.fields.clone();
    draft.fields.order_name.clear();
    draft.fields.loa = None;
    draft.fields.loa_path.clear();
    draft.fields.loa_signed_on.clear();
    draft.fields.port_date.clear();
    draft.timeline[0].detail = format!(
        "Draft created from canceled order {} ({})",
        order.display_name(),
        order.id
    );
    Ok(draft)
}

/// The Update rule for the LOA: when a field it certifies changed since the last submission, a freshly
/// signed LOA must be attached before resubmitting: one attached since the rejection, signed on or
/// after its day. Until one is attached the problem is the LOA's; once it is, only its signing date
/// can be left to give (the field still holds the day the letter it replaced was signed).
pub fn loa_resign_problem(order: &Order) -> Option<Problem> {
    let last = order.submissions.last()?;
    let rejected_at = order.rejections.last().map(|r| r.at).unwrap_or(last.at);
    let changed: Vec<&str> = changes(&last.fields, &order.fields)
        .into_iter()
        .filter(|c| c.field.is_some_and(|f| LOA_CERTIFIED.contains(&f)))
        .map(|c| c.label)
        .collect();
    if changed.is_empty() {
        return None;
    }
    let since = day_of(rejected_at);
    let f = &order.fields;
    let attached_since = f.loa.as_ref().is_some_and(|l| l.attached_at >= rejected_at);
    let signed_since = parse_date(&f.loa_signed_on).is_ok_and(|d| d >= since);
    let changed = changed.join(", ");
    let (field, message) = match (attached_since, signed_since) {
        (true, true) => return None,
        (false, _) => (
            Field::LoaPath,
            format!(
                "{changed} changed since the last submission, so the LOA no longer matches: attach a freshly signed LOA (signed on or after {since})"
            ),
        ),
        (true, false) => (
            Field::LoaSignedOn,
            format!(
                "{changed} changed since the last submission: enter the day the newly attached LOA was signed (on or after {since})"
            ),
        ),
    };
    Some(Problem {
        step: 6,
        field,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carrier::SimulatedNetwork;

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let friday: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let later = business_days_later(Country::UnitedStates, friday, 3);
        assert_eq!(
            later.to_zoned(eastern()).to_string(),
            "2026-11-25T10:00:00-05:00[America/New_York]"
        );
        let after_thanksgiving = business_days_later(Country::UnitedStates, friday, 4);
        assert_eq!(day_of(after_thanksgiving).to_string(), "2026-11-27");
    }

    #[test]
    fn exactly_the_waiting_statuses_fall_due() {
        let network = SimulatedNetwork::sample();
        for status in Status::ALL {
            let timing = Timing {
                status,
                since: "2026-11-20T15:00:00Z".parse().unwrap(),
                country: Country::UnitedStates,
                carrier_id: Some("own-direct-routing"),
                foc_at: Some("2026-11-25T15:00:00Z".parse().unwrap()),
                last_event_at: None,
            };
            assert_eq!(
                next_due_by(&timing, &network).is_some(),
                waits(status),
                "{status:?}"
            );
        }
    }

    #[test]
    fn a_draft_is_never_due() {
        let order = Order::new_draft("PW-1".into(), "2026-11-20T15:00:00Z".parse().unwrap());
        assert_eq!(next_due(&order, &SimulatedNetwork::sample()), None);
    }

    #[test]
    fn an_edited_field_keeps_another_sessions_change_unless_both_changed_it() {
        // Left as it opened: whatever is stored now stays.
        assert_eq!(
            merge_edited("", "", "w@contoso.example"),
            Ok("w@contoso.example".into())
        );
        // Typed over a value nobody else changed, or changed to the same thing.
        assert_eq!(
            merge_edited("App name", "U renamed", "App name"),
            Ok("U renamed".into())
        );
        assert_eq!(merge_edited("A", " B ", "B"), Ok("B".into()));
        // Both changed it, differently: the stored value comes back to decide on.
        assert_eq!(
            merge_edited("Evil PDF", "Mine", "CLI-Name-2"),
            Err("CLI-Name-2".into())
        );
    }
}
