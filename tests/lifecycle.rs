//! The order lifecycle from the bundled sample data, through the same lifecycle and carrier code the
//! application uses: every status and every rejection category is reached, and the support scenarios.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use portwiz::carrier::{self, CarrierNetwork, SimulatedNetwork};
use portwiz::domain::calendar::{eastern, first_recommended, holiday_on, is_weekend};
use portwiz::domain::order::{
    LoaDocument, Order, OrderFields, PortType, Secret, Setback, SupportCase,
};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::domain::rejection::RejectionCategory;
use portwiz::domain::status::Status;
use portwiz::domain::validate::{self, Context, Field};
use portwiz::lifecycle;
use std::collections::{BTreeSet, HashMap};

const START: &str = "2026-11-20T15:00:00Z"; // Friday 10:00 ET

fn start() -> Timestamp {
    START.parse().unwrap()
}

fn today() -> Date {
    start().to_zoned(eastern()).date()
}

/// An order that matches the CSR of `account` exactly, for the numbers given (by their last 4 digits
/// on the account's numbers), with the BTN left behind unless `with_btn`.
fn order_for(account_number: &str, count: usize, with_btn: bool) -> Order {
    let network = SimulatedNetwork::sample();
    let (carrier, account) = network
        .carriers()
        .iter()
        .flat_map(|c| c.accounts.iter().map(move |a| (c, a)))
        .find(|(_, a)| a.account_number == account_number)
        .expect("the sample has the account");
    let numbers: Vec<PhoneNumber> = account
        .numbers
        .iter()
        .map(|n| n.number.clone())
        .filter(|n| with_btn || *n != account.btn)
        .take(count)
        .collect();
    let country = if ["ON", "QC", "BC"].contains(&account.service_address.region.as_str()) {
        Country::Canada
    } else {
        Country::UnitedStates
    };
    let report = carrier::check_numbers(&network, &numbers, &HashMap::new());
    assert_eq!(report.groups.len(), 1, "{account_number}: {report:?}");
    let group = report.groups[0].clone();
    let window =
        portwiz::domain::calendar::TimeWindow::for_order(country, group.kind.number_type());
    let fields = OrderFields {
        country: Some(country),
        numbers_text: numbers
            .iter()
            .map(|n| n.e164().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        group: Some(group),
        btn: account.btn.e164().to_string(),
        port_type: Some(PortType::Partial),
        organization_name: account.organization.clone(),
        account_number: account.account_number.clone(),
        account_pin: account.pin.clone().unwrap_or_default(),
        authorized_first_name: account.authorized_user.first_name.clone(),
        authorized_last_name: account.authorized_user.last_name.clone(),
        street: account.service_address.street.clone(),
        suite: account.service_address.suite.clone(),
        city: account.service_address.city.clone(),
        region: account.service_address.region.clone(),
        postal_code: account.service_address.postal_code.clone(),
        loa: Some(LoaDocument {
            stored_name: "loa.pdf".into(),
            original_name: "loa.pdf".into(),
            sha256: "0".repeat(64),
            size: 100,
            attached_at: start(),
            fingerprint: None,
        }),
        loa_signed_on: today().to_string(),
        order_name: format!("{} order", carrier.name),
        port_date: first_recommended(country, today()).to_string(),
        port_time: window.default_time().strftime("%H:%M").to_string(),
        contact_name: "Dana Whitfield".into(),
        contact_email: "dana@contoso.example".into(),
        contact_phone: "2127365099".into(),
        ..Default::default()
    };
    let mut order = Order::new_draft(format!("PW-{account_number}"), start());
    order.fields = fields;
    order
}

/// The order is clean for the wizard's own checks, so what follows is the carrier's doing.
fn assert_clean(order: &Order, network: &dyn CarrierNetwork, at: Timestamp) {
    let context = Context {
        today: at.to_zoned(eastern()).date(),
        other_order_names: &[],
    };
    let mut problems = validate::all_problems(&order.fields, &context);
    problems.extend(carrier::presubmit_problems(
        network,
        &order.fields,
        &HashMap::new(),
        context.today,
    ));
    assert!(problems.is_empty(), "{}: {problems:?}", order.id);
}

struct Run {
    network: SimulatedNetwork,
    orders: Vec<Order>,
    now: Timestamp,
}

impl Run {
    fn new(order: Order) -> Run {
        Run {
            network: SimulatedNetwork::sample(),
            orders: vec![order],
            now: start(),
        }
    }

    fn order(&self) -> &Order {
        &self.orders[0]
    }

    fn submit(&mut self) -> Status {
        assert_clean(&self.orders[0], &self.network, self.now);
        lifecycle::submit(&mut self.orders[0], &self.network, self.now).unwrap();
        self.order().status
    }

    /// Moves on by business days of the order's country, as its carrier counts them.
    fn advance_business_days(&mut self, days: i64) -> Status {
        let country = self
            .order()
            .fields
            .country
            .expect("the order has a country");
        let mut to = self.now.to_zoned(eastern());
        let mut left = days;
        while left > 0 {
            to = to.checked_add(1.day()).unwrap();
            if !is_weekend(to.date()) && holiday_on(country, to.date()).is_none() {
                left -= 1;
            }
        }
        self.advance_to(to.timestamp())
    }

    fn advance_to(&mut self, to: Timestamp) -> Status {
        self.now = to;
        lifecycle::advance(&mut self.orders, &self.network, to);
        self.order().status
    }

    fn rejected_for(&self) -> Vec<RejectionCategory> {
        self.order()
            .current_rejection()
            .map(|r| r.categories.clone())
            .unwrap_or_default()
    }
}

#[test]
fn a_clean_order_is_confirmed_then_completes_at_the_foc() {
    let mut run = Run::new(order_for("4410223177", 3, false));
    assert_eq!(run.submit(), Status::Submitted);
    assert_eq!(
        run.advance_business_days(2),
        Status::Submitted,
        "Northwind answers after 3 business days"
    );
    assert_eq!(run.advance_business_days(1), Status::FocConfirmed);
    let foc = run.order().foc_at.clone().unwrap();
    assert_eq!(
        foc.date().to_string(),
        run.order().fields.port_date,
        "the requested date is kept when still valid"
    );
    assert_eq!(foc.strftime("%H:%M").to_string(), "09:00");
    assert_eq!(
        run.advance_to(foc.timestamp() - 1.minute()),
        Status::FocConfirmed
    );
    assert_eq!(run.advance_to(foc.timestamp()), Status::Completed);
    let actors: Vec<&str> = run
        .order()
        .timeline
        .iter()
        .map(|e| e.actor.label())
        .collect();
    assert_eq!(
        actors,
        ["administrator", "administrator", "carrier", "clock"]
    );
}

#[test]
fn a_canadian_order_is_answered_on_canadian_business_days() {
    // Maple answers in 5 business days. Thursday 2026-11-26 is Thanksgiving in the United States
    // only, so the fifth Canadian business day after Friday 11-20 is Friday 11-27.
    let mut run = Run::new(order_for("MT900331", 2, false));
    assert_eq!(run.order().fields.country, Some(Country::Canada));
    assert_eq!(run.submit(), Status::Submitted);
    assert_eq!(run.advance_business_days(4), Status::Submitted);
    assert_eq!(
        run.now.to_zoned(eastern()).date(),
        jiff::civil::date(2026, 11, 26)
    );
    assert_eq!(run.advance_business_days(1), Status::FocConfirmed);
}

#[test]
fn every_rejection_category_is_reached_from_the_sample_data() {
    type Change = fn(&mut Order);
    let cases: [(&str, Change, RejectionCategory); 8] = [
        (
            "4410223177",
            |o| o.fields.account_number = "4410223178".into(),
            RejectionCategory::AccountNumberMismatch,
        ),
        (
            "4410223177",
            |o| o.fields.authorized_first_name = "Robin".into(),
            RejectionCategory::AuthorizedUserMismatch,
        ),
        (
            "4410223177",
            |o| o.fields.organization_name = "Fabrikam Inc".into(),
            RejectionCategory::OrganizationNameMismatch,
        ),
        (
            "BB551209",
            |o| o.fields.account_pin = Secret::new("111111"),
            RejectionCategory::PinMissingOrIncorrect,
        ),
        (
            "4410223177",
            |o| o.fields.postal_code = "10001".into(),
            RejectionCategory::ServiceAddressMismatch,
        ),
        ("CC30011", |_| {}, RejectionCategory::NumbersFrozen),
        (
            "4410223177",
            |o| o.fields.btn = "2127365009".into(),
            RejectionCategory::BtnMismatch,
        ),
        (
            "NW7788120",
            |o| o.fields.port_type = Some(PortType::Full),
            RejectionCategory::WrongPortType,
        ),
    ];
    let mut reached = BTreeSet::new();
    for (account, change, expected) in cases {
        let with_btn = expected == RejectionCategory::WrongPortType;
        let mut order = order_for(account, 2, with_btn);
        change(&mut order);
        let mut run = Run::new(order);
        assert_eq!(run.submit(), Status::Submitted, "{expected:?}");
        assert_eq!(
            run.advance_business_days(5),
            Status::CustomerActionRequired,
            "{expected:?}"
        );
        assert_eq!(
            run.rejected_for(),
            vec![expected],
            "exactly the category that applies"
        );
        let detail = &run.order().timeline.last().unwrap().detail;
        assert!(detail.contains(expected.title()), "{detail}");
        reached.insert(expected);
    }
    reached.insert(an_loa_aged_past_the_limit_while_support_had_it());
    assert_eq!(
        reached,
        RejectionCategory::ALL
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
    );
}

/// The pre-submit check refuses an LOA that will be too old when the carrier answers, so the
/// carrier's LOA rejection is reached by a letter that ages while support has the order: signed 25
/// days before submitting to Northwind (30 when it would have answered, 3 business days later), then
/// support asked for help, resubmitting 2 business days later: 35 days old at the answer.
fn an_loa_aged_past_the_limit_while_support_had_it() -> RejectionCategory {
    let mut order = order_for("4410223177", 2, false);
    order.fields.loa_signed_on = (today() - 25.days()).to_string();
    let mut run = Run::new(order);
    assert_eq!(run.submit(), Status::Submitted);
    lifecycle::request_assistance(&mut run.orders[0], run.now, "Please check it").unwrap();
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(run.advance_business_days(3), Status::CustomerActionRequired);
    assert_eq!(run.rejected_for(), [RejectionCategory::LoaMissing]);
    RejectionCategory::LoaMissing
}

#[test]
fn the_pre_submit_check_judges_the_loas_age_on_the_day_the_carrier_answers() {
    let network = SimulatedNetwork::sample();
    let problems = |signed_days_before: i64| {
        let mut order = order_for("4410223177", 2, false);
        order.fields.loa_signed_on = (today() - signed_days_before.days()).to_string();
        carrier::presubmit_problems(&network, &order.fields, &HashMap::new(), today())
    };
    // Northwind answers 3 business days after Fri 2026-11-20: Wed 2026-11-25, 5 days later.
    assert_eq!(problems(25), [], "30 days old at the answer: accepted");
    let too_old = problems(26);
    assert_eq!(too_old.len(), 1, "{too_old:?}");
    assert_eq!(too_old[0].field, Field::LoaSignedOn);
    assert_eq!(
        too_old[0].message,
        "the LOA will be 31 days old when Northwind Telecom answers on Wed 2026-11-25 (3 business days after submitting); Northwind Telecom accepts LOAs signed within 30 days: attach a freshly signed LOA"
    );
    // The carrier judges it so: the same order, submitted regardless, is rejected for it.
    let mut order = order_for("4410223177", 2, false);
    order.fields.loa_signed_on = (today() - 26.days()).to_string();
    let mut run = Run::new(order);
    lifecycle::submit(&mut run.orders[0], &run.network, run.now).unwrap();
    assert_eq!(run.advance_business_days(3), Status::CustomerActionRequired);
    assert_eq!(run.rejected_for(), [RejectionCategory::LoaMissing]);
    assert!(
        problems(31)[0]
            .message
            .starts_with("the LOA was signed 31 days ago")
    );
}

#[test]
fn a_rejection_names_every_category_that_applies_and_never_the_values_on_file() {
    let mut order = order_for("BB551209", 2, false);
    order.fields.account_pin = Secret::new("000000");
    order.fields.postal_code = "94107".into();
    let mut run = Run::new(order);
    run.submit();
    run.advance_business_days(3);
    assert_eq!(
        run.rejected_for(),
        vec![
            RejectionCategory::PinMissingOrIncorrect,
            RejectionCategory::ServiceAddressMismatch
        ]
    );
    let json = serde_json::to_string(run.order()).unwrap();
    assert!(
        !json.contains("482913"),
        "the carrier's PIN never reaches the order"
    );
    assert!(!json.contains("94105"), "nor its ZIP");
}

#[test]
fn after_update_and_resubmit_the_carrier_clock_restarts_and_the_change_is_kept() {
    let mut order = order_for("CC30412", 2, false);
    order.fields.account_pin = Secret::new("1111");
    let mut run = Run::new(order);
    run.submit();
    assert_eq!(run.advance_business_days(4), Status::CustomerActionRequired);
    run.orders[0].fields.account_pin = Secret::new("7351");
    assert_eq!(
        lifecycle::loa_resign_problem(run.order()),
        None,
        "a PIN is not something the LOA certifies"
    );
    assert_eq!(run.submit(), Status::Submitted);
    assert_eq!(run.order().since(), run.now, "the carrier's clock restarts");
    assert_eq!(run.advance_business_days(3), Status::Submitted);
    assert_eq!(run.advance_business_days(1), Status::FocConfirmed);
    let subs = &run.order().submissions;
    assert_eq!(subs.len(), 2);
    let changes = portwiz::domain::order::changes(&subs[0].fields, &subs[1].fields);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].label, changes[0].after.as_str()),
        ("Account PIN", "changed")
    );
}

#[test]
fn changing_what_the_loa_certifies_requires_a_fresh_loa() {
    let mut order = order_for("4410223177", 2, false);
    order.fields.account_number = "9999".into();
    let mut run = Run::new(order);
    run.submit();
    run.advance_business_days(3);
    run.orders[0].fields.account_number = "4410223177".into();
    let problem = lifecycle::loa_resign_problem(run.order()).expect("the account number changed");
    assert!(
        problem.message.contains("Account number") && problem.message.contains("freshly signed"),
        "{}",
        problem.message
    );
    let rejected = run.order().rejections[0].at;
    let loa = run.orders[0].fields.loa.as_mut().unwrap();
    // Attached the moment the clock step brought the rejection (found by a tester: `t 3bd`
    // lands on the carrier's answer, and a letter attached then was refused until time moved).
    loa.attached_at = rejected;
    // Attached since, and the signing date still that of the letter it replaced: only the date
    // is left to give, on its own field.
    let problem = lifecycle::loa_resign_problem(run.order()).expect("signed before the change");
    assert_eq!((problem.step, problem.field), (6, Field::LoaSignedOn));
    let since = rejected.to_zoned(eastern()).date().to_string();
    assert!(
        problem
            .message
            .contains(&format!("signed (on or after {since})")),
        "{}",
        problem.message
    );
    run.orders[0].fields.loa_signed_on = since;
    assert_eq!(lifecycle::loa_resign_problem(run.order()), None);
    run.orders[0].fields.loa.as_mut().unwrap().attached_at = rejected - 1.second();
    assert!(
        lifecycle::loa_resign_problem(run.order()).is_some(),
        "attached before the rejection"
    );
}

#[test]
fn a_frozen_account_is_rejected_until_the_carrier_lifts_the_freeze() {
    let mut run = Run::new(order_for("CC30011", 2, false));
    run.submit();
    run.advance_business_days(4);
    assert_eq!(run.rejected_for(), vec![RejectionCategory::NumbersFrozen]);
    assert!(RejectionCategory::NumbersFrozen.fields().is_empty());
    run.submit();
    assert_eq!(
        run.advance_business_days(4),
        Status::CustomerActionRequired,
        "still frozen a week later"
    );
    run.advance_business_days(3);
    // Resubmitted after the carrier lifted it (10 business days after the first rejection) and
    // with a new date, since the first one is gone by now.
    run.orders[0].fields.port_date =
        first_recommended(Country::UnitedStates, run.now.to_zoned(eastern()).date()).to_string();
    run.submit();
    assert_eq!(run.advance_business_days(4), Status::FocConfirmed);
}

/// The frozen account's order is rejected, canceled and cloned; the clone, filled in again, is
/// submitted once the freeze has lifted (10 business days after the first rejection).
fn frozen_order_canceled_then_cloned(run: &mut Run) -> Order {
    run.submit();
    run.advance_business_days(4);
    assert_eq!(run.rejected_for(), vec![RejectionCategory::NumbersFrozen]);
    lifecycle::request_cancellation(&mut run.orders[0], run.now).unwrap();
    assert_eq!(run.advance_business_days(1), Status::Canceled);
    run.advance_business_days(10);
    let mut clone = lifecycle::clone_canceled(run.order(), "PW-CLONE".into(), run.now).unwrap();
    let today = run.now.to_zoned(eastern()).date();
    let mut loa = run.order().fields.loa.clone().unwrap();
    loa.attached_at = run.now;
    clone.fields.loa = Some(loa);
    clone.fields.loa_signed_on = today.to_string();
    clone.fields.order_name = "Seattle again".into();
    clone.fields.port_date = first_recommended(Country::UnitedStates, today).to_string();
    assert_clean(&clone, &run.network, run.now);
    lifecycle::submit(&mut clone, &run.network, run.now).unwrap();
    clone
}

#[test]
fn a_freeze_is_the_accounts_and_lifts_for_its_clone_too() {
    let mut run = Run::new(order_for("CC30011", 2, false));
    let clone = frozen_order_canceled_then_cloned(&mut run);
    run.orders.push(clone);
    run.advance_business_days(4);
    assert_eq!(
        run.orders[1].status,
        Status::FocConfirmed,
        "{:?}",
        run.orders[1].rejections
    );
    assert_eq!(run.order().status, Status::Canceled);
}

#[test]
fn a_clock_step_tells_the_carrier_of_the_accounts_earlier_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = Run::new(order_for("CC30011", 2, false));
    let mut clone = frozen_order_canceled_then_cloned(&mut run);
    let store = portwiz::store::DirStore::open(dir.path()).unwrap();
    portwiz::store::save_order(&store, &mut run.orders[0]).unwrap();
    portwiz::store::save_order(&store, &mut clone).unwrap();
    let mut workspace = portwiz::workspace::Workspace::open(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        portwiz::clock::Clock::Simulated(run.now.to_zoned(eastern())),
    );
    let step = workspace
        .advance_clock(portwiz::workspace::ClockTarget::Step(
            portwiz::clock::Advance::parse("6bd").unwrap(),
        ))
        .unwrap();
    let saved = workspace.order("PW-CLONE").unwrap();
    assert_eq!(saved.status, Status::FocConfirmed, "{:?}", saved.rejections);
    assert_eq!(step.orders.len(), 1, "only the clone was due");
}

#[test]
fn a_state_written_out_matches_the_csrs_code() {
    let mut order = order_for("4410223177", 2, false);
    order.fields.region = "New York".into();
    let mut run = Run::new(order);
    run.submit();
    assert_eq!(
        run.advance_business_days(3),
        Status::FocConfirmed,
        "{:?}",
        run.rejected_for()
    );
}

#[test]
fn asking_for_assistance_engages_support_which_resubmits() {
    let mut run = Run::new(order_for("4410223177", 2, false));
    run.submit();
    let message =
        lifecycle::request_assistance(&mut run.orders[0], run.now, "Please check the LOA").unwrap();
    assert!(message.contains("SUP-"));
    assert_eq!(run.order().status, Status::SupportEngaged);
    assert_eq!(run.order().support_case, Some(SupportCase::Assistance));
    assert_eq!(run.order().setback(), None, "asking for help is no setback");
    let again = lifecycle::request_assistance(&mut run.orders[0], run.now, "Any news?").unwrap();
    assert!(
        again.starts_with("Comment added"),
        "a second request comments on the same ticket"
    );
    assert_eq!(run.order().ticket.as_ref().unwrap().comments.len(), 1);
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(
        run.order().submissions.last().unwrap().by,
        portwiz::domain::order::Actor::Support
    );
    assert_eq!(run.advance_business_days(3), Status::FocConfirmed);
}

#[test]
fn support_resubmits_only_a_port_date_its_checks_allow() {
    // Requested for the 5th business day, Mon 2026-11-30; support resubmits on Tue 11-24, when that
    // date is too soon, so it moves it to the first day still allowed when Northwind answers (on
    // Mon 11-30, 3 business days later): Mon 2026-12-07, which the carrier confirms as asked.
    let mut order = order_for("4410223177", 2, false);
    order.fields.port_date = "2026-11-30".into();
    let mut run = Run::new(order);
    assert_eq!(run.submit(), Status::Submitted);
    lifecycle::request_assistance(&mut run.orders[0], run.now, "Please check the date").unwrap();
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(run.order().fields.port_date, "2026-12-07");
    let said = "Support moved the requested port date from Mon 2026-11-30 (too soon) to Mon 2026-12-07, the first day still allowed when Northwind Telecom answers";
    let timeline: Vec<&str> = (run.order().timeline.iter())
        .map(|e| e.detail.as_str())
        .collect();
    assert!(
        timeline.iter().any(|d| d.starts_with(said)),
        "{timeline:#?}"
    );
    let sent = &run.order().timeline.last().unwrap().detail;
    assert!(sent.contains("port requested for Mon 2026-12-07"), "{sent}");
    assert_eq!(run.advance_business_days(3), Status::FocConfirmed);
    assert_eq!(
        run.order().foc_at.as_ref().unwrap().date().to_string(),
        "2026-12-07"
    );
}

#[test]
fn a_partial_port_that_takes_the_btn_is_reviewed_before_submission() {
    let mut run = Run::new(order_for("4410223177", 3, true));
    assert_eq!(run.submit(), Status::SupportEngaged);
    assert_eq!(
        run.order().support_case,
        Some(SupportCase::ReviewBeforeSubmission)
    );
    assert_eq!(run.order().setback(), None, "a review is no setback");
    assert!(
        run.order().submissions.is_empty(),
        "nothing went to the carrier yet"
    );
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(run.advance_business_days(3), Status::FocConfirmed);
}

#[test]
fn a_refused_date_is_moved_and_resubmitted_by_support() {
    let mut run = Run::new(order_for("HT51500", 2, false));
    let first_date = run.order().fields.port_date.clone();
    run.submit();
    assert_eq!(run.advance_business_days(3), Status::SupportEngaged);
    assert_eq!(run.order().support_case, Some(SupportCase::DateRefused));
    assert_eq!(run.order().setback(), Some(Setback::DateRefused));
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(
        run.order().setback(),
        None,
        "resubmitted: no longer bad news"
    );
    assert_ne!(
        run.order().fields.port_date,
        first_date,
        "support picked another date"
    );
    assert_eq!(run.advance_business_days(3), Status::FocConfirmed);
    assert_eq!(
        run.order().foc_at.as_ref().unwrap().date().to_string(),
        run.order().fields.port_date
    );
}

#[test]
fn a_submission_error_goes_to_support_at_once() {
    let mut run = Run::new(order_for("HT51501", 2, false));
    assert_eq!(run.submit(), Status::SupportEngaged);
    assert_eq!(run.order().support_case, Some(SupportCase::SubmissionError));
    assert_eq!(run.order().setback(), Some(Setback::SubmissionFailed));
    assert!(
        run.order()
            .ticket
            .as_ref()
            .unwrap()
            .reason
            .contains("gateway")
    );
    assert_eq!(run.advance_business_days(2), Status::Submitted);
    assert_eq!(run.advance_business_days(3), Status::FocConfirmed);
}

#[test]
fn a_cancel_goes_to_canceled_and_clones_into_a_new_draft() {
    let mut run = Run::new(order_for("MT900331", 2, false));
    run.submit();
    lifecycle::request_cancellation(&mut run.orders[0], run.now).unwrap();
    assert_eq!(run.order().status, Status::CancellationRequested);
    assert_eq!(run.advance_business_days(1), Status::Canceled);
    let clone = lifecycle::clone_canceled(run.order(), "PW-NEW".into(), run.now).unwrap();
    assert_eq!(clone.status, Status::Draft);
    assert_eq!(clone.fields.numbers_text, run.order().fields.numbers_text);
    assert!(clone.fields.loa.is_none() && clone.fields.order_name.is_empty());
}

#[test]
fn a_cancel_is_refused_inside_24_hours_before_the_foc() {
    let mut run = Run::new(order_for("4410223177", 2, false));
    run.submit();
    run.advance_business_days(3);
    let foc = run.order().foc_at.clone().unwrap().timestamp();
    run.advance_to(foc - 25.hours());
    let mut early = run.orders[0].clone();
    assert!(lifecycle::request_cancellation(&mut early, run.now).is_ok());
    run.advance_to(foc - 23.hours());
    let reason = lifecycle::request_cancellation(&mut run.orders[0], run.now).unwrap_err();
    assert!(reason.contains("less than 24 hours"), "{reason}");
    assert_eq!(run.order().status, Status::FocConfirmed);
}

#[test]
fn every_status_is_reached() {
    let mut seen = std::collections::BTreeSet::new();
    let mut record = |run: &Run| {
        seen.insert(run.order().status);
    };
    let draft = Run::new(order_for("4410223177", 2, false));
    record(&draft);
    let mut run = Run::new(order_for("4410223177", 2, false));
    run.submit();
    record(&run);
    run.advance_business_days(3);
    record(&run);
    let foc = run.order().foc_at.clone().unwrap().timestamp();
    run.advance_to(foc);
    record(&run);
    let mut rejected = Run::new(order_for("CC30011", 2, false));
    rejected.submit();
    rejected.advance_business_days(4);
    record(&rejected);
    let mut support = Run::new(order_for("HT51501", 2, false));
    support.submit();
    record(&support);
    let mut cancel = Run::new(order_for("MT900331", 2, false));
    cancel.submit();
    lifecycle::request_cancellation(&mut cancel.orders[0], cancel.now).unwrap();
    record(&cancel);
    cancel.advance_business_days(1);
    record(&cancel);
    let mut signing = Run::new(order_for("4410223177", 2, false));
    let letter = portwiz::loa::generate(signing.order(), Default::default(), signing.now).unwrap();
    let request = portwiz::loa::esign::request(&letter, "dana@contoso.example", signing.now);
    lifecycle::send_for_signature(&mut signing.orders[0], request, signing.now).unwrap();
    record(&signing);
    let mut every = Status::ALL.to_vec();
    every.sort();
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), every);
}

#[test]
fn events_of_many_orders_happen_in_time_order() {
    let network = SimulatedNetwork::sample();
    let mut orders = vec![
        order_for("MT900331", 2, false),
        order_for("BB551209", 2, false),
    ];
    for o in &mut orders {
        lifecycle::submit(o, &network, start()).unwrap();
    }
    let to = start() + jiff::SignedDuration::from_hours(24 * 14);
    let changed = lifecycle::advance(&mut orders, &network, to).changed;
    assert_eq!(
        changed,
        vec![1, 0],
        "Bluebell answers after 2 business days, Maple after 5"
    );
    for o in &orders {
        let times: Vec<Timestamp> = o.timeline.iter().map(|e| e.at).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    }
}
