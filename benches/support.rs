//! Shared by the benchmarks: the first benchmarks' data directory (10,000 orders of 1.6 KB), and the
//! realistic order stores of issue 8, generated once per size under target/ through the program's own
//! lifecycle and store, with the entry points the benchmarks call kept here, one small function each.
#![allow(dead_code)]

use portwiz::carrier::{self, SimulatedNetwork};
use portwiz::cli::Workspace;
use portwiz::clock::{Clock, parse_moment};
use portwiz::domain::order::{Order, OrderFields, PortType};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::domain::status::Status;
use portwiz::store::DirStore;
use std::collections::HashMap;
use std::path::Path;

pub const ORDERS: usize = 10_000;

/// Writes 10,000 realistic order files (every status, three numbers each) without fsync: fixtures.
pub fn fill_store(dir: &Path) {
    let store = DirStore::open(dir).unwrap();
    let network = SimulatedNetwork::sample();
    let numbers: Vec<PhoneNumber> = ["2127365001", "2127365002", "2127365003"]
        .iter()
        .map(|n| PhoneNumber::parse(n).unwrap())
        .collect();
    let group = carrier::check_numbers(&network, &numbers, &HashMap::new())
        .groups
        .remove(0);
    let start: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    for i in 0..ORDERS {
        let mut order = Order::new_draft(format!("PW-261120-{i:05}"), start);
        order.status = Status::ALL[i % Status::ALL.len()];
        order.fields = OrderFields {
            country: Some(Country::UnitedStates),
            numbers_text: "2127365001\n2127365002\n2127365003".into(),
            group: Some(group.clone()),
            btn: "2127365000".into(),
            port_type: Some(PortType::Partial),
            organization_name: "Contoso Ltd".into(),
            account_number: "4410223177".into(),
            authorized_first_name: "Dana".into(),
            authorized_last_name: "Whitfield".into(),
            street: "350 Fifth Avenue".into(),
            city: "New York".into(),
            region: "NY".into(),
            postal_code: "10118".into(),
            loa_signed_on: "2026-11-18".into(),
            order_name: format!("Office move {i}"),
            port_date: "2026-12-14".into(),
            port_time: "09:00".into(),
            contact_name: "Dana Whitfield".into(),
            contact_email: "dana@contoso.example".into(),
            contact_phone: "2127365099".into(),
            ..Default::default()
        };
        order.updated_at = start + jiff::SignedDuration::from_mins(i as i64);
        std::fs::write(
            store.order_path(&order.id),
            serde_json::to_vec_pretty(&order).unwrap(),
        )
        .unwrap();
    }
}

pub fn workspace(dir: &Path) -> Workspace {
    Workspace::open(
        Box::new(DirStore::open(dir).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Fixed(parse_moment("2026-11-20T10:00:00-05:00").unwrap()),
    )
}

// ---------------------------------------------------------------------------------------------
// The realistic stores (issue 8): what years of real use leave in a data directory.

use jiff::{SignedDuration, Timestamp};
use portwiz::app::App;
use portwiz::carrier::{AccountRecord, CarrierRecord};
use portwiz::cli;
use portwiz::domain::calendar::{TimeWindow, eastern, first_recommended};
use portwiz::domain::inventory::Inventory;
use portwiz::domain::order::{GroupKind, LoaDocument, PortGroup, Secret, WizardPosition};
use portwiz::domain::rejection::RejectionCategory;
use portwiz::domain::validate::{self, Context};
use portwiz::lifecycle;
use portwiz::ui::screens::details::DetailsState;
use portwiz::ui::theme::Theme;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// Bumped whenever the generator changes: the cached stores under target/ are keyed by it.
pub const REALISTIC_VERSION: u32 = 1;
/// The simulated clock of every realistic store: where the last `clock advance` left it.
pub const REALISTIC_NOW: &str = "2026-11-20T10:00:00-05:00";
/// How far back the oldest orders of a realistic store go.
const HISTORY_DAYS: i64 = 730;

/// Each final status with its share in thousandths: most ports are long finished.
const STATUS_MIX: [(Status, u64); 8] = [
    (Status::Completed, 480),
    (Status::Canceled, 160),
    (Status::Draft, 100),
    (Status::FocConfirmed, 70),
    (Status::Submitted, 60),
    (Status::CustomerActionRequired, 50),
    (Status::SupportEngaged, 50),
    (Status::CancellationRequested, 30),
];

/// A request for signature lasts a day or, unsigned, a week: the realistic store holds none.
const NO_SIGNATURE_WAIT: &str = "STATUS_MIX has no order waiting for a signature";

/// What the benchmarks print about a realistic store, kept beside it in the cache.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoreInfo {
    pub orders: usize,
    pub average_order_bytes: u64,
    pub inventory_bytes: u64,
    pub inventory_numbers: usize,
    pub statuses: Vec<(String, usize)>,
    pub submissions: [usize; 4],
    pub with_rejection: usize,
    pub timeline_min: usize,
    pub timeline_max: usize,
    pub timeline_average: f64,
    pub numbers_average: f64,
    /// An order with 50 numbers, 3 submissions and a long timeline, for the details page.
    pub full_order_id: String,
}

impl StoreInfo {
    pub fn describe(&self) -> String {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        format!(
            "{} realistic orders, {} bytes per order file on average ({}); submissions 0/1/2/3: {:?}; \
             {} with a rejection; timeline {}-{} events ({:.1} on average); {:.1} numbers per order; \
             inventory.json {} bytes, {} numbers",
            self.orders,
            self.average_order_bytes,
            statuses.join(", "),
            self.submissions,
            self.with_rejection,
            self.timeline_min,
            self.timeline_max,
            self.timeline_average,
            self.numbers_average,
            self.inventory_bytes,
            self.inventory_numbers,
        )
    }
}

/// A small deterministic random source (SplitMix64): the same store every time.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `from..to`.
    fn range(&mut self, from: i64, to: i64) -> i64 {
        from + (self.next() % (to - from).max(1) as u64) as i64
    }

    fn chance(&mut self, per_thousand: u64) -> bool {
        self.next() % 1000 < per_thousand
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST_NAMES: [&str; 12] = [
    "Avery", "Jordan", "Priya", "Mateo", "Hannah", "Kenji", "Fatima", "Lucas", "Olivia", "Noah",
    "Amara", "Elias",
];
const LAST_NAMES: [&str; 12] = [
    "Okafor",
    "Lindqvist",
    "Nakamura",
    "Delgado",
    "Brennan",
    "Kowalski",
    "Haddad",
    "Moreau",
    "Fischer",
    "Santos",
    "Gallagher",
    "Ivanova",
];
const SITES: [&str; 10] = [
    "headquarters",
    "sales floor",
    "support center",
    "branch office",
    "warehouse",
    "front desk",
    "conference rooms",
    "finance team",
    "engineering wing",
    "reception",
];
const MOVES: [&str; 6] = [
    "move",
    "consolidation",
    "carrier switch",
    "migration",
    "cutover",
    "port",
];
const ASSISTANCE: [&str; 4] = [
    "The carrier has not answered and our office move is next week; can you check with them?",
    "We are not sure the account number on the bill is the one on the CSR. Please advise.",
    "Please confirm the port can happen outside business hours; the store is busy during the day.",
    "Our authorized user left the company; who can sign a new LOA?",
];

/// One account of the sample network, as an administrator copies it from the CSR.
#[derive(Clone, Copy)]
struct Profile<'a> {
    carrier: &'a CarrierRecord,
    account: &'a AccountRecord,
}

impl Profile<'_> {
    fn country(&self) -> Country {
        if self.carrier.id == "maple" {
            Country::Canada
        } else {
            Country::UnitedStates
        }
    }

    fn kind(&self) -> GroupKind {
        self.account
            .numbers
            .first()
            .map(|n| n.kind)
            .unwrap_or(GroupKind::Geographic)
    }

    fn domain(&self) -> String {
        let word = self
            .account
            .organization
            .split_whitespace()
            .next()
            .unwrap_or("example");
        format!("{}.example", word.to_lowercase())
    }
}

/// What happens to one order, decided before it is simulated.
struct Plan {
    target: Status,
    profile: usize,
    numbers: usize,
    /// The mistakes in each submission the administrator makes (later ones are correct); the
    /// carrier rejects each of them with these categories.
    mistaken: Vec<Vec<RejectionCategory>>,
    /// Hours after a rejection until the administrator fixes and resubmits.
    fix_after_hours: i64,
    /// Hours after the first submission when the administrator asks support for help.
    assistance_after_hours: Vec<i64>,
    /// Hours after the first submission when the administrator asks to cancel.
    cancel_after_hours: Option<i64>,
    /// Comments the administrator adds to the ticket each time support has the order.
    comments: usize,
    /// For a draft: the step the administrator left it at.
    draft_step: u8,
    port_type: PortType,
}

/// The administrator's actions, in time.
enum Action {
    Submit,
    Assist(usize),
    Cancel,
}

struct Generator<'a> {
    network: &'a SimulatedNetwork,
    profiles: Vec<Profile<'a>>,
    end: Timestamp,
}

/// Attaches the signed LOA at a moment: the real store's copy, or a stand-in while a plan is tried.
type Attach<'a> = &'a (dyn Fn(&str, Timestamp) -> LoaDocument + Sync);

fn hours(h: i64) -> SignedDuration {
    SignedDuration::from_hours(h)
}

fn day_of(at: Timestamp) -> jiff::civil::Date {
    at.to_zoned(eastern()).date()
}

impl<'a> Generator<'a> {
    fn new(network: &'a SimulatedNetwork) -> Generator<'a> {
        let profiles = network
            .carriers()
            .iter()
            .flat_map(|carrier| {
                carrier
                    .accounts
                    .iter()
                    .map(move |account| Profile { carrier, account })
            })
            .collect();
        Generator {
            network,
            profiles,
            end: parse_moment(REALISTIC_NOW).unwrap().timestamp(),
        }
    }

    fn profile_where(&self, rng: &mut Random, test: impl Fn(&AccountRecord) -> bool) -> usize {
        let fitting: Vec<usize> = (0..self.profiles.len())
            .filter(|&i| test(self.profiles[i].account))
            .collect();
        *rng.pick(&fitting)
    }

    fn plan(&self, target: Status, rng: &mut Random) -> Plan {
        // Most orders are small; a few move a whole office.
        let numbers = match rng.range(0, 100) {
            0..55 => rng.range(1, 4),
            55..85 => rng.range(4, 11),
            _ => rng.range(11, 51),
        } as usize;
        let mut plan = Plan {
            target,
            profile: self.profile_where(rng, |a| !a.frozen),
            numbers,
            mistaken: Vec::new(),
            fix_after_hours: rng.range(3, 72),
            assistance_after_hours: Vec::new(),
            cancel_after_hours: None,
            comments: if rng.chance(400) {
                rng.range(1, 3) as usize
            } else {
                0
            },
            draft_step: 8,
            port_type: if rng.chance(150) {
                PortType::Full
            } else {
                PortType::Partial
            },
        };
        let mistakes = |rng: &mut Random, account: &AccountRecord| {
            let mut all = vec![
                RejectionCategory::AccountNumberMismatch,
                RejectionCategory::AuthorizedUserMismatch,
                RejectionCategory::OrganizationNameMismatch,
                RejectionCategory::ServiceAddressMismatch,
                RejectionCategory::LoaMissing,
                RejectionCategory::BtnMismatch,
            ];
            if account.pin.is_some() {
                all.push(RejectionCategory::PinMissingOrIncorrect);
            }
            let mut chosen = vec![*rng.pick(&all)];
            if rng.chance(300) {
                let second = *rng.pick(&all);
                if !chosen.contains(&second) {
                    chosen.push(second);
                }
            }
            chosen.sort();
            chosen
        };
        match target {
            Status::WaitingForSignature => unreachable!("{NO_SIGNATURE_WAIT}"),
            Status::Draft => plan.draft_step = rng.range(1, 9) as u8,
            Status::Completed | Status::FocConfirmed | Status::Canceled => {
                match rng.range(0, 100) {
                    0..15 => {}
                    15..60 => {
                        // At most three submissions: a second rejection only where the carrier's
                        // gateway and dates give no trouble of their own.
                        let account = self.profiles[plan.profile].account;
                        plan.mistaken.push(mistakes(rng, account));
                        if rng.chance(250)
                            && !account.refuses_first_date
                            && !account.first_submission_fails
                        {
                            plan.mistaken.push(mistakes(rng, account));
                        }
                    }
                    60..70 => plan.profile = self.profile_where(rng, |a| a.refuses_first_date),
                    70..78 => plan.profile = self.profile_where(rng, |a| a.first_submission_fails),
                    78..84 => {
                        plan.profile = self.profile_where(rng, |a| a.frozen);
                        // The administrator calls the carrier and resubmits once the freeze is lifted.
                        plan.fix_after_hours = 24 * rng.range(15, 21);
                    }
                    _ => plan.assistance_after_hours.push(rng.range(4, 30)),
                }
                if target == Status::Canceled {
                    plan.cancel_after_hours = Some(rng.range(2, 24 * 12));
                }
            }
            Status::Submitted => {}
            Status::CustomerActionRequired => {
                let account = self.profiles[plan.profile].account;
                plan.mistaken.push(mistakes(rng, account));
                plan.fix_after_hours = rng.range(24 * 3, 24 * 12);
            }
            Status::SupportEngaged => match rng.range(0, 3) {
                0 => plan.profile = self.profile_where(rng, |a| a.refuses_first_date),
                1 => plan.profile = self.profile_where(rng, |a| a.first_submission_fails),
                _ => plan.assistance_after_hours.push(rng.range(2, 30)),
            },
            Status::CancellationRequested => plan.cancel_after_hours = Some(rng.range(2, 48)),
        }
        plan
    }

    /// The order with every field entered correctly, as the wizard leaves it at the review.
    fn fields(&self, plan: &Plan, serial: u64, rng: &mut Random) -> OrderFields {
        let profile = self.profiles[plan.profile];
        let account = profile.account;
        let area = account.btn.area_code().to_string();
        // Numbers no other order holds: 50 per order, in the account's area code.
        let mut numbers = Vec::with_capacity(plan.numbers);
        let mut k = serial * 50;
        while numbers.len() < plan.numbers {
            let exchange = 200 + (k / 10_000) % 500;
            if let Ok(n) = PhoneNumber::parse(&format!("{area}{exchange}{:04}", k % 10_000)) {
                numbers.push(n);
            }
            k += 1;
        }
        let digits = |n: &PhoneNumber| n.e164()[2..].to_string();
        let contact_first = *rng.pick(&FIRST_NAMES);
        let contact_last = *rng.pick(&LAST_NAMES);
        let domain = profile.domain();
        let address = &account.service_address;
        let kind = profile.kind();
        let mut fields = OrderFields {
            country: Some(profile.country()),
            numbers_text: numbers
                .iter()
                .map(|n| n.national())
                .collect::<Vec<_>>()
                .join("\n"),
            group: Some(PortGroup {
                carrier_id: profile.carrier.id.clone(),
                carrier_name: profile.carrier.name.clone(),
                account: account.account_number.clone(),
                kind,
                pin_required: account.pin_required || kind == GroupKind::Mobile,
                numbers,
                kept_usage: Default::default(),
            }),
            btn: digits(&account.btn),
            port_type: Some(plan.port_type),
            replacement_btn: String::new(),
            organization_name: account.organization.clone(),
            account_number: account.account_number.clone(),
            account_pin: account.pin.clone().unwrap_or_default(),
            authorized_first_name: account.authorized_user.first_name.clone(),
            authorized_last_name: account.authorized_user.last_name.clone(),
            street: address.street.clone(),
            suite: address.suite.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postal_code: address.postal_code.clone(),
            loa_path: format!(
                "~/Documents/LOA/{}-loa-{serial}.pdf",
                domain.replace(".example", "")
            ),
            loa: None,
            loa_signed_on: String::new(),
            order_name: format!(
                "{} {} {} {serial}",
                address.city,
                rng.pick(&SITES),
                rng.pick(&MOVES)
            ),
            port_date: String::new(),
            port_time: TimeWindow::for_order(profile.country(), kind.number_type())
                .default_time()
                .strftime("%H:%M")
                .to_string(),
            contact_name: format!("{contact_first} {contact_last}"),
            contact_email: format!(
                "{}.{}@{domain}",
                contact_first.to_lowercase(),
                contact_last.to_lowercase()
            ),
            contact_phone: format!("{}{:04}", &digits(&account.btn)[..6], 9000 + serial % 1000),
            notification_emails: format!("it@{domain}; telecom@{domain}"),
            number_usage: Default::default(),
        };
        // As the wizard and the import save them: every number with its usage.
        fields.sync_usages();
        fields
    }

    /// A draft left at `step`: what the steps before it hold, nothing after.
    fn leave_at_step(fields: &mut OrderFields, step: u8) {
        if step <= 1 {
            fields.country = None;
        }
        if step <= 2 {
            if step == 1 {
                fields.numbers_text = String::new();
            }
            fields.group = None;
        }
        if step <= 3 {
            fields.btn = String::new();
            fields.port_type = None;
        }
        if step <= 4 {
            fields.organization_name = String::new();
            fields.account_number = String::new();
            fields.account_pin = Secret::default();
            fields.authorized_first_name = String::new();
            fields.authorized_last_name = String::new();
        }
        if step <= 5 {
            fields.street = String::new();
            fields.suite = String::new();
            fields.city = String::new();
            fields.region = String::new();
            fields.postal_code = String::new();
        }
        if step <= 6 {
            fields.loa_path = String::new();
        }
        if step <= 7 {
            fields.order_name = String::new();
            fields.port_time = String::new();
            fields.contact_name = String::new();
            fields.contact_email = String::new();
            fields.contact_phone = String::new();
            fields.notification_emails = String::new();
        }
    }

    /// What the administrator got wrong, on top of the correct fields.
    fn make_mistakes(&self, plan: &Plan, fields: &mut OrderFields, mistakes: &[RejectionCategory]) {
        let account = self.profiles[plan.profile].account;
        let loa_days = self.profiles[plan.profile].carrier.loa_max_age_days as i64;
        for mistake in mistakes {
            match mistake {
                RejectionCategory::AccountNumberMismatch => {
                    // Two digits swapped, the commonest slip when copying from a bill.
                    let mut chars: Vec<char> = fields.account_number.chars().collect();
                    let n = chars.len();
                    chars.swap(n - 1, n - 3);
                    if chars.iter().collect::<String>() == fields.account_number {
                        chars.push('0');
                    }
                    fields.account_number = chars.into_iter().collect();
                }
                RejectionCategory::AuthorizedUserMismatch => {
                    fields.authorized_last_name = format!("{}s", account.authorized_user.last_name);
                }
                RejectionCategory::OrganizationNameMismatch => {
                    fields.organization_name = format!("{} Holdings", account.organization);
                }
                RejectionCategory::ServiceAddressMismatch => {
                    fields.street = format!("1{}", account.service_address.street);
                }
                RejectionCategory::LoaMissing => {
                    // An LOA signed for an earlier attempt, now older than the carrier accepts.
                    let signed: jiff::civil::Date = fields.loa_signed_on.parse().unwrap();
                    fields.loa_signed_on = signed
                        .checked_sub(jiff::Span::new().days(loa_days + 12))
                        .unwrap()
                        .to_string();
                }
                RejectionCategory::BtnMismatch => {
                    let last = fields.btn.pop().unwrap();
                    fields.btn.push(if last == '9' { '8' } else { '9' });
                }
                RejectionCategory::PinMissingOrIncorrect => {
                    fields.account_pin = Secret::new(
                        fields
                            .account_pin
                            .expose()
                            .chars()
                            .rev()
                            .collect::<String>()
                            + "1",
                    );
                }
                RejectionCategory::NumbersFrozen | RejectionCategory::WrongPortType => {}
            }
        }
    }

    /// Fills the step 6 and 7 fields for a submission at `at`: a freshly signed LOA, the first
    /// recommended port date; then the mistakes of this attempt. Every field passes the wizard's checks.
    fn prepare_submission(
        &self,
        plan: &Plan,
        order: &mut Order,
        correct: &OrderFields,
        attempt: usize,
        at: Timestamp,
        attach: Attach,
    ) {
        let today = day_of(at);
        let mut fields = correct.clone();
        fields.loa = Some(attach(&order.id, at));
        fields.loa_signed_on = today
            .checked_sub(jiff::Span::new().days((attempt == 0) as i64 * 2))
            .unwrap()
            .to_string();
        fields.port_date = first_recommended(correct.country.unwrap(), today).to_string();
        let problems = validate::all_problems(
            &fields,
            &Context {
                today,
                other_order_names: &[],
            },
        );
        assert!(
            problems.is_empty(),
            "the generator made an order the wizard would not submit: {problems:?}"
        );
        if let Some(mistakes) = plan.mistaken.get(attempt) {
            self.make_mistakes(plan, &mut fields, mistakes);
        }
        order.fields = fields;
    }

    /// Lives the order from `start` to the store's clock: the administrator's actions and
    /// everything the lifecycle makes happen, in time order.
    fn simulate(
        &self,
        plan: &Plan,
        id: String,
        serial: u64,
        start: Timestamp,
        attach: Attach,
    ) -> Order {
        let mut rng = Random::new(serial ^ 0xA5A5);
        let correct = self.fields(plan, serial, &mut rng);
        let mut order = Order::new_draft(id, start);
        if plan.target == Status::Draft {
            let mut fields = correct;
            Generator::leave_at_step(&mut fields, plan.draft_step);
            if plan.draft_step >= 7 {
                fields.loa = Some(attach(&order.id, start));
                fields.loa_signed_on = day_of(start).to_string();
            }
            order.fields = fields;
            order.wizard = WizardPosition {
                step: plan.draft_step,
                ..WizardPosition::default()
            };
            order.updated_at = start + SignedDuration::from_mins(rng.range(2, 40));
            return order;
        }
        order.wizard = WizardPosition {
            step: 8,
            ..WizardPosition::default()
        };
        let first_submit = start + SignedDuration::from_mins(rng.range(15, 120));
        let mut pending: Vec<(Timestamp, Action)> = vec![(first_submit, Action::Submit)];
        for (i, h) in plan.assistance_after_hours.iter().enumerate() {
            pending.push((first_submit + hours(*h), Action::Assist(i)));
        }
        if let Some(h) = plan.cancel_after_hours {
            pending.push((first_submit + hours(h), Action::Cancel));
        }
        let mut attempts = 0;
        let mut answered_rejections = 0;
        let mut commented_since = None;
        loop {
            // Support has the order: the administrator adds a comment or two to the ticket.
            if order.status == Status::SupportEngaged && commented_since != Some(order.since()) {
                commented_since = Some(order.since());
                for k in 1..=plan.comments {
                    pending.push((order.since() + hours(3 * k as i64), Action::Assist(k)));
                }
            }
            // A rejection the administrator has not answered yet: the fix comes after a while.
            if order.status == Status::CustomerActionRequired
                && order.rejections.len() > answered_rejections
            {
                answered_rejections = order.rejections.len();
                let at = order.rejections.last().unwrap().at + hours(plan.fix_after_hours);
                pending.push((at, Action::Submit));
            }
            let due = lifecycle::next_due(&order, self.network).map(|(at, _)| at);
            let action = pending
                .iter()
                .enumerate()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(i, (at, _))| (i, *at));
            let next = match (due, action) {
                (Some(d), Some((_, a))) => d.min(a),
                (Some(d), None) => d,
                (None, Some((_, a))) => a,
                (None, None) => break,
            };
            if next > self.end {
                break;
            }
            if due == Some(next) {
                lifecycle::advance(std::slice::from_mut(&mut order), self.network, next);
                continue;
            }
            let (index, at) = action.unwrap();
            let (_, what) = pending.remove(index);
            match what {
                Action::Submit => {
                    if matches!(order.status, Status::Draft | Status::CustomerActionRequired) {
                        self.prepare_submission(plan, &mut order, &correct, attempts, at, attach);
                        attempts += 1;
                        lifecycle::submit(&mut order, self.network, at).unwrap();
                    }
                }
                Action::Assist(i) => {
                    let text = ASSISTANCE[(serial as usize + i) % ASSISTANCE.len()];
                    let _ = lifecycle::request_assistance(&mut order, at, text);
                }
                Action::Cancel => {
                    let _ = lifecycle::request_cancellation(&mut order, at);
                }
            }
        }
        lifecycle::advance(std::slice::from_mut(&mut order), self.network, self.end);
        order
    }

    /// A plan and a start such that the order is in the plan's status at the store's clock.
    fn place(&self, target: Status, serial: u64) -> (Plan, Timestamp) {
        let mut rng = Random::new(serial);
        let stand_in = |_: &str, at: Timestamp| LoaDocument {
            stored_name: String::new(),
            original_name: "signed-loa.pdf".into(),
            sha256: String::new(),
            size: 0,
            attached_at: at,
            fingerprint: None,
        };
        let (low, high) = match target {
            Status::Completed | Status::Canceled => (24 * 75, 24 * HISTORY_DAYS),
            Status::WaitingForSignature => unreachable!("{NO_SIGNATURE_WAIT}"),
            Status::Draft => (1, 24 * 60),
            Status::Submitted => (1, 24 * 4),
            Status::FocConfirmed => (24 * 3, 24 * 28),
            Status::CustomerActionRequired => (24 * 2, 24 * 16),
            Status::SupportEngaged | Status::CancellationRequested => (1, 24 * 7),
        };
        for _ in 0..200 {
            let plan = self.plan(target, &mut rng);
            for _ in 0..20 {
                let start = self.end - hours(rng.range(low, high));
                let order = self.simulate(&plan, "PW-000000-000".into(), serial, start, &stand_in);
                if order.status == target {
                    return (plan, start);
                }
            }
        }
        panic!("no plan for order {serial} ends {target:?} at {REALISTIC_NOW}");
    }

    /// The order of the details benchmark: 50 numbers; rejected, its date refused, then support's
    /// resubmission (three submissions); comments on the ticket; completed.
    fn full_plan(&self) -> Plan {
        Plan {
            target: Status::Completed,
            profile: (0..self.profiles.len())
                .find(|&i| self.profiles[i].account.refuses_first_date)
                .unwrap(),
            numbers: 50,
            mistaken: vec![vec![
                RejectionCategory::AccountNumberMismatch,
                RejectionCategory::ServiceAddressMismatch,
            ]],
            fix_after_hours: 26,
            assistance_after_hours: Vec::new(),
            cancel_after_hours: None,
            comments: 4,
            draft_step: 8,
            port_type: PortType::Partial,
        }
    }
}

/// Where the benchmarks keep generated data: under the build's target directory.
fn bench_data_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench-data")
}

/// A data directory holding `count` realistic orders, its inventory and its simulated clock, made
/// once (the first call for a size takes a while, mostly fsync) and kept under target/bench-data.
pub fn realistic_store(count: usize) -> (PathBuf, StoreInfo) {
    let folder = bench_data_root().join(format!("realistic-v{REALISTIC_VERSION}-{count}"));
    let info_path = folder.join("info.json");
    if let Ok(text) = std::fs::read_to_string(&info_path) {
        return (folder.join("data"), serde_json::from_str(&text).unwrap());
    }
    let partial = folder.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let started = std::time::Instant::now();
    eprintln!(
        "generating {count} realistic orders in {}",
        folder.display()
    );
    let info = generate(&partial.join("data"), count);
    std::fs::write(
        partial.join("info.json"),
        serde_json::to_vec_pretty(&info).unwrap(),
    )
    .unwrap();
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::rename(&partial, &folder).unwrap();
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
    (folder.join("data"), info)
}

fn generate(dir: &Path, count: usize) -> StoreInfo {
    let network = SimulatedNetwork::sample();
    let generator = Generator::new(&network);
    let store = DirStore::open(dir).unwrap();
    let loa = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/loa.pdf");
    let mut mix = Random::new(count as u64);
    let targets: Vec<Status> = (0..count)
        .map(|i| {
            if i == 0 {
                return Status::Completed;
            }
            let mut roll = mix.next() % 1000;
            STATUS_MIX
                .iter()
                .find(|(_, share)| {
                    let hit = roll < *share;
                    roll = roll.saturating_sub(*share);
                    hit
                })
                .map(|(s, _)| *s)
                .unwrap_or(Status::Completed)
        })
        .collect();
    let workers = 2;
    let placed: Vec<(Plan, Timestamp)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (generator, targets) = (&generator, &targets);
                scope.spawn(move || {
                    (w..count)
                        .step_by(workers)
                        .map(|i| {
                            if i == 0 {
                                let plan = generator.full_plan();
                                (plan, generator.end - hours(24 * 90))
                            } else {
                                generator.place(targets[i], i as u64)
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let parts: Vec<Vec<_>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let mut parts: Vec<_> = parts.into_iter().map(|p| p.into_iter()).collect();
        (0..count)
            .map(|i| parts[i % workers].next().unwrap())
            .collect()
    });
    // IDs as the store gives them: the creation day and a counter within that day.
    let mut by_start: Vec<usize> = (0..count).collect();
    by_start.sort_by_key(|&i| (placed[i].1, i));
    let mut ids = vec![String::new(); count];
    let mut day = String::new();
    let mut counter = 0;
    for &i in &by_start {
        let this_day = placed[i]
            .1
            .to_zoned(eastern())
            .strftime("%y%m%d")
            .to_string();
        if this_day != day {
            day = this_day;
            counter = 0;
        }
        counter += 1;
        ids[i] = format!("PW-{day}-{counter:03}");
    }
    // The fixture is a scan without portwiz's stamp: it certifies no values to compare.
    let attach = |id: &str, at: Timestamp| {
        portwiz::loa::attach(&store, id, &Default::default(), &loa, at).unwrap()
    };
    let orders: Vec<Order> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (generator, placed, ids, store, attach) =
                    (&generator, &placed, &ids, &store, &attach);
                scope.spawn(move || {
                    (w..count)
                        .step_by(workers)
                        .map(|i| {
                            let (plan, start) = &placed[i];
                            let mut order =
                                generator.simulate(plan, ids[i].clone(), i as u64, *start, attach);
                            assert_eq!(order.status, plan.target, "order {i} replays its plan");
                            portwiz::store::save_order(store, &mut order).unwrap();
                            order
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    // The numbers of every completed port, taken in as the clock's completions took them in, in
    // time order. The ports' numbers are new to the organization, so each order's part is what
    // `receive_port` adds; adding the parts one by one keeps the build linear.
    let first = by_start
        .first()
        .map(|&i| placed[i].1)
        .unwrap_or(generator.end);
    let mut inventory = portwiz::workspace::sample_inventory(first);
    let mut completed: Vec<&Order> = orders
        .iter()
        .filter(|o| o.status == Status::Completed)
        .collect();
    completed.sort_by_key(|o| (o.since(), o.id.clone()));
    for order in completed {
        let mut part = Inventory::new(Vec::new());
        part.receive_port(order, order.since());
        inventory.numbers.extend(part.numbers);
        inventory.history.extend(part.history);
    }
    portwiz::store::transaction(&store, |tx| {
        tx.put_inventory(&mut inventory)?;
        tx.put_clock(&parse_moment(REALISTIC_NOW).unwrap())
    })
    .unwrap();
    describe(dir, &orders, &ids[0], &inventory)
}

fn describe(dir: &Path, orders: &[Order], full_order_id: &str, inventory: &Inventory) -> StoreInfo {
    let store = DirStore::open(dir).unwrap();
    let bytes: u64 = orders
        .iter()
        .map(|o| std::fs::metadata(store.order_path(&o.id)).unwrap().len())
        .sum();
    let mut statuses = Vec::new();
    for status in Status::ALL {
        let n = orders.iter().filter(|o| o.status == status).count();
        statuses.push((status.label().to_string(), n));
    }
    let mut submissions = [0; 4];
    for o in orders {
        submissions[o.submissions.len().min(3)] += 1;
    }
    let events: Vec<usize> = orders.iter().map(|o| o.timeline.len()).collect();
    let n = orders.len().max(1) as f64;
    StoreInfo {
        orders: orders.len(),
        average_order_bytes: bytes / orders.len().max(1) as u64,
        inventory_bytes: std::fs::metadata(dir.join("inventory.json")).unwrap().len(),
        inventory_numbers: inventory.numbers.len(),
        statuses,
        submissions,
        with_rejection: orders.iter().filter(|o| !o.rejections.is_empty()).count(),
        timeline_min: events.iter().copied().min().unwrap_or(0),
        timeline_max: events.iter().copied().max().unwrap_or(0),
        timeline_average: events.iter().sum::<usize>() as f64 / n,
        numbers_average: orders.iter().map(|o| o.numbers().len()).sum::<usize>() as f64 / n,
        full_order_id: full_order_id.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The program's entry points, one small function each: what `main` does for the app and for each
// command, so that a change of signature on main is one edit here.

/// The data directory, as every command opens it.
pub fn open_store(dir: &Path) -> DirStore {
    DirStore::open(dir).unwrap()
}

/// The directory's simulated clock (clock.json), as `main` reads it when `PORTWIZ_NOW` is unset.
pub fn simulated_clock(store: &DirStore) -> Clock {
    Clock::Simulated(
        portwiz::store::Store::clock(store)
            .unwrap()
            .expect("a realistic store has its clock.json"),
    )
}

/// What `main` builds for a command for scripts.
pub fn open_workspace(dir: &Path) -> Workspace {
    let store = open_store(dir);
    let clock = simulated_clock(&store);
    Workspace::open(Box::new(store), Box::new(SimulatedNetwork::sample()), clock)
}

/// What `main` builds when started without a command: the app, start-up catch-up included.
pub fn open_app(dir: &Path) -> App {
    let store = open_store(dir);
    let clock = simulated_clock(&store);
    App::new(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        clock,
        Theme::color(),
    )
}

/// How many orders the app's order list holds.
pub fn listed_orders(app: &App) -> usize {
    app.orders().len()
}

/// `portwiz orders list --json`.
pub fn orders_list_json(ws: &Workspace, out: &mut Vec<u8>) -> i32 {
    cli::status(&cli::orders_list(ws, None, true, out))
}

/// `portwiz clock show`.
pub fn clock_show(ws: &Workspace, out: &mut Vec<u8>) -> i32 {
    cli::status(&cli::clock_show(ws, false, out))
}

/// `portwiz clock advance STEP`.
pub fn clock_advance(ws: &mut Workspace, step: &str, out: &mut Vec<u8>) -> i32 {
    cli::status(&cli::clock_advance(ws, step, false, out))
}

/// From the order list, as a person does it: search for the ID, then open the order.
pub fn open_details(app: &mut App, id: &str) {
    let press = |app: &mut App, code: KeyCode| {
        app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    };
    press(app, KeyCode::Char('/'));
    for c in id.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    assert!(
        app.screen::<DetailsState>().is_some_and(|d| d.id == id),
        "the details of {id} are open"
    );
}
