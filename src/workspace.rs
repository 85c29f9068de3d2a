//! The store, the carrier network, the clock and the organization's numbers together: the I/O that the
//! app and the commands for scripts share. Every change that spans documents (a clock step with what
//! falls due, a completion into the inventory, a port-out, a release, an import) is one transaction.

use crate::carrier::{self, CarrierNetwork, NumbersCheck};
use crate::clock::Clock;
use crate::domain::calendar::{eastern, stamp_et};
use crate::domain::csr::{
    self, Csr, CsrBook, CsrEntry, CsrRefusal, CsrRequest, CsrTicket, TakenTry,
};
use crate::domain::inventory::{
    AssigneeKind, Assignment, Connection, Inventory, OwnedNumber, Usage,
};
use crate::domain::order::{GroupKind, LoaDocument, Order, OrderFields, PortGroup, Setback};
use crate::domain::phone::{Country, PhoneNumber, parse_list};
use crate::domain::pin::{PinRecord, check_new_pin};
use crate::domain::status::Status;
use crate::domain::validate::{self, Field, Problem};
use crate::lifecycle::{self, Timing};
use crate::loa::documents::Listed;
use crate::loa::{self, Language, LoaError};
use crate::machine::Machine;
use crate::secrets;
use crate::store::{
    self, ChangeMark, Listing, OrderLock, OrderSummary, Store, StoreError, Txn, Wanted, transaction,
};
use crate::strings;
use crate::text::strip_controls;
use jiff::{Timestamp, Zoned};
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Workspace {
    store: Box<dyn Store>,
    pub network: Arc<dyn CarrierNetwork>,
    pub clock: Clock,
    /// The inventory as last read or written, for showing (every change reads it afresh). It is read
    /// only once something needs it ([`Workspace::read_inventory`]): an organization's numbers can
    /// outweigh all of its orders, and the order list does not need them.
    pub inventory: Inventory,
    inventory_read: bool,
    /// Set when the inventory could not be read: it is then never overwritten.
    pub inventory_error: Option<String>,
    pin_set: bool,
    /// Why the PIN record could not be read, when it could not: shown rather than "not set".
    pin_problem: Option<String>,
    /// Whether the store keeps the simulated clock (from its first move on): until then, each
    /// start takes the real time again.
    clock_kept: bool,
    /// The latest recorded event, when a clock the store does not keep started there rather than
    /// at the real time, which was before it: said once to the administrator.
    clock_started_at_event: Option<Timestamp>,
    /// What the listing made at the start (to find the latest event) did that is said only once:
    /// files moved aside, orders brought up to date. The next listing reports it.
    opening_reports: RefCell<Option<Listing>>,
    /// The store as this session last saw it: a different mark means another session changed it.
    /// (A cell: a CSR request takes its try through `&self`, and is this session's own write.)
    seen: RefCell<ChangeMark>,
    /// The real time and the random bytes.
    machine: Machine,
}

/// One order's change of status, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: String,
    pub name: String,
    pub from: Status,
    pub to: Status,
    /// The bad news the new status stands for, if any.
    pub setback: Option<Setback>,
}

/// What a clock step changed: the orders whose status or timeline moved, and the CSRs whose
/// answers it brought. The app's notice and `portwiz clock advance` both tell all of it.
#[derive(Debug, Clone)]
pub struct ClockStep {
    /// Where the clock went.
    pub to: Zoned,
    pub orders: Vec<StatusChange>,
    /// The CSR book's entries whose answer arrived (with the orders that asked).
    pub csrs: Vec<CsrEntry>,
}

impl ClockStep {
    /// Whether the step changed nothing but the time.
    pub fn changed_nothing(&self) -> bool {
        self.orders.is_empty() && self.csrs.is_empty()
    }
}

/// Where a clock step goes.
pub enum ClockTarget {
    /// Onward from the stored time, by a step.
    Step(crate::clock::Advance),
    /// To this moment.
    At(Zoned),
}

/// The bundled sample organization's numbers, on Direct Routing, Operator Connect and Calling Plan.
pub const SAMPLE_ORGANIZATION: &str = include_str!("../assets/organization.json");

#[derive(serde::Deserialize)]
struct SeedFile {
    numbers: Vec<SeedNumber>,
}

#[derive(serde::Deserialize)]
struct SeedNumber {
    number: PhoneNumber,
    connection: Connection,
    country: Country,
    kind: GroupKind,
    assignment: Option<Assignment>,
}

/// What a new store starts with: the sample organization.
pub fn sample_inventory(now: Timestamp) -> Inventory {
    let seed: SeedFile =
        serde_json::from_str(SAMPLE_ORGANIZATION).expect("the bundled organization is valid");
    Inventory::new(
        seed.numbers
            .into_iter()
            .map(|s| OwnedNumber {
                number: s.number,
                kind: s.kind,
                country: s.country,
                connection: s.connection,
                assignment: s.assignment,
                order_id: None,
                since: now,
                ported_usage: None,
            })
            .collect(),
    )
}

/// The inventory inside a transaction; a new store's is the sample organization.
fn inventory_in(tx: &mut dyn Txn, now: Timestamp) -> Result<Inventory, StoreError> {
    Ok(tx.inventory()?.unwrap_or_else(|| sample_inventory(now)))
}

impl Workspace {
    pub fn open(
        store: Box<dyn Store>,
        network: Box<dyn CarrierNetwork>,
        clock: Clock,
    ) -> Workspace {
        Workspace::on(store, network, clock, Machine::system())
    }

    /// A workspace that takes the real time and random bytes from `machine`.
    pub fn on(
        store: Box<dyn Store>,
        network: Box<dyn CarrierNetwork>,
        clock: Clock,
        machine: Machine,
    ) -> Workspace {
        let mut ws = Workspace {
            machine,
            network: Arc::from(network),
            seen: RefCell::new(store.change_mark()),
            store,
            clock,
            inventory: Inventory::new(Vec::new()),
            inventory_read: false,
            inventory_error: None,
            pin_set: false,
            pin_problem: None,
            clock_kept: false,
            clock_started_at_event: None,
            opening_reports: RefCell::new(None),
        };
        ws.read_shared_state();
        ws.start_clock_after_the_latest_event();
        ws
    }

    /// A simulated clock the store does not keep (a new directory, or one whose clock file was
    /// moved aside) starts at the real time, unless events are recorded after it: then at the
    /// latest, as a clock step would start (the clock never goes back before what happened).
    fn start_clock_after_the_latest_event(&mut self) {
        let Clock::Simulated(now) = &self.clock else {
            return;
        };
        if self.clock_kept || !matches!(self.store.clock(), Ok(None)) {
            return;
        }
        let Ok(mut listing) = self.store.list() else {
            return;
        };
        let latest = listing.orders.iter().filter_map(|s| s.last_event_at).max();
        if let Some(latest) = latest.filter(|latest| *latest > now.timestamp()) {
            self.clock = Clock::Simulated(latest.to_zoned(eastern()));
            self.clock_started_at_event = Some(latest);
        }
        listing.orders.clear();
        *self.opening_reports.borrow_mut() = Some(listing);
    }

    /// The latest recorded event, when the clock started there because the store keeps no clock
    /// and the real time was before it.
    pub fn clock_started_at_event(&self) -> Option<Timestamp> {
        self.clock_started_at_event
    }

    /// `listing` with what the opening listing did and has not reported yet.
    fn with_opening_reports(&self, mut listing: Listing) -> Listing {
        if let Some(opening) = self.opening_reports.borrow_mut().take() {
            listing.quarantined.splice(0..0, opening.quarantined);
            listing.migrated.splice(0..0, opening.migrated);
        }
        listing
    }

    /// The clock, the PIN's presence and (once it was read) the inventory as the store has them now.
    fn read_shared_state(&mut self) {
        if let (Clock::Simulated(_), Ok(Some(stored))) = (&self.clock, self.store.clock()) {
            self.clock = Clock::Simulated(stored);
            self.clock_kept = true;
        }
        if self.inventory_read {
            self.inventory_read = false;
            self.read_inventory();
        }
        let pin = self.store.pin();
        self.pin_set = matches!(pin, Ok(Some(_)));
        self.pin_problem = pin.err().map(|e| e.to_string());
    }

    /// Reads the organization's numbers, unless they were read already; a store that cannot give
    /// them leaves them empty, with why in `inventory_error`.
    pub fn read_inventory(&mut self) {
        if self.inventory_read {
            return;
        }
        let now = self.clock.now().timestamp();
        match self.store.inventory() {
            Ok(inventory) => {
                self.inventory = inventory.unwrap_or_else(|| sample_inventory(now));
                self.inventory_error = None;
            }
            Err(e) => {
                self.inventory = Inventory::new(Vec::new());
                self.inventory_error = Some(e.to_string());
            }
        }
        self.inventory_read = true;
    }

    /// Takes the inventory a transaction wrote as the one to show.
    fn shown_inventory(&mut self, inventory: Inventory) {
        self.inventory = inventory;
        self.inventory_error = None;
        self.inventory_read = true;
    }

    /// Whether another session changed the store since this one last looked; if so, the clock, the
    /// inventory and the PIN are read again (the caller reloads what it shows of the orders).
    pub fn changed_elsewhere(&mut self) -> bool {
        let mark = self.store.change_mark();
        if mark == *self.seen.borrow() {
            return false;
        }
        self.seen.replace(mark);
        self.read_shared_state();
        true
    }

    /// This session's own writes are not news to it.
    fn wrote(&self) {
        self.seen.replace(self.store.change_mark());
    }

    /// The store's folder on this machine, if it has one (see [`Store::folder`]).
    pub fn store_folder(&self) -> Option<&std::path::Path> {
        self.store.folder()
    }

    pub fn describe_store(&self) -> String {
        self.store.describe()
    }

    /// What the header calls a team's store (`None` for this machine's data directory).
    pub fn shared_store(&self) -> Option<String> {
        self.store.shared_as()
    }

    pub fn list(&self) -> Result<Listing, StoreError> {
        Ok(self.with_opening_reports(self.store.list()?))
    }

    /// The summaries of the orders whose status is wanted.
    pub fn list_where(&self, wanted: &Wanted) -> Result<Listing, StoreError> {
        Ok(self.with_opening_reports(self.store.list_where(wanted)?))
    }

    pub fn order(&self, id: &str) -> Result<Order, StoreError> {
        self.store.order(id)
    }

    pub fn save_order(&mut self, order: &mut Order) -> Result<(), StoreError> {
        let saved = store::save_order(self.store.as_ref(), order);
        self.wrote();
        saved
    }

    pub fn delete_order(&mut self, order: &Order) -> Result<(), StoreError> {
        let deleted = transaction(self.store.as_ref(), |tx| tx.remove_order(order));
        self.wrote();
        deleted
    }

    /// The real time, from the machine the workspace was given.
    pub fn real_now(&self) -> Timestamp {
        self.machine.now()
    }

    /// A fresh code to type before a release.
    pub fn confirmation_code(&mut self) -> String {
        let mut bytes = [0u8; 6];
        self.machine.fill(&mut bytes);
        secrets::confirmation_code(bytes)
    }

    pub fn lock_order(&self, id: &str) -> Result<OrderLock, StoreError> {
        self.store.lock_order(id, self.machine.now())
    }

    /// A new draft with an ID reserved for it (the lock is the reservation).
    pub fn new_draft(&self) -> Result<(Order, OrderLock), StoreError> {
        let now = self.clock.now();
        let (id, lock) = self.store.reserve_order_id(&now, self.machine.now())?;
        Ok((Order::new_draft(id, now.timestamp()), lock))
    }

    /// Deletes a draft under its lock (only a draft: a submitted order is canceled, not deleted);
    /// returns what was deleted.
    pub fn delete_draft(&mut self, id: &str) -> Result<Order, String> {
        let _lock =
            (self.lock_order(id)).map_err(|held| strings::not_deleted(&held.to_string()))?;
        let order = self.order(id).map_err(|e| e.to_string())?;
        if order.status != Status::Draft {
            return Err(strings::not_deleted(&format!(
                "{id} is {}, and only a draft can be deleted; cancel it instead",
                order.status.label()
            )));
        }
        self.delete_order(&order).map_err(|e| e.to_string())?;
        Ok(order)
    }

    /// One change of a stored order under its lock: read, changed by `change`, saved. Returns the
    /// order as saved and what `change` returned.
    pub fn change_order<T>(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Order, &Zoned) -> Result<T, String>,
    ) -> Result<(Order, T), String> {
        let _lock = self.lock_order(id).map_err(String::from)?;
        let now = self.clock.now();
        let mut order = self.order(id).map_err(|e| e.to_string())?;
        let result = change(&mut order, &now)?;
        self.save_order(&mut order).map_err(|e| e.to_string())?;
        Ok((order, result))
    }

    /// A new draft from a canceled order, saved, with its ID reserved for the wizard it opens in.
    pub fn clone_canceled(&mut self, order: &Order) -> Result<(Order, OrderLock), String> {
        let (id, reserved) = match self.new_draft() {
            Ok((draft, reserved)) => (draft.id, reserved),
            Err(e) => return Err(e.to_string()),
        };
        let now = self.clock.now().timestamp();
        let saved = lifecycle::clone_canceled(order, id.clone(), now).and_then(|mut draft| {
            self.save_order(&mut draft).map_err(|e| e.to_string())?;
            Ok(draft)
        });
        match saved {
            Ok(draft) => Ok((draft, reserved)),
            Err(e) => {
                self.discard_reservation(&id, reserved);
                Err(e)
            }
        }
    }

    /// The portability check of a typed list of numbers for the order `except`, against the
    /// network and the numbers other open orders and the organization hold (as they are now), as
    /// a job that can run on another thread.
    pub fn numbers_check(
        &self,
        text: String,
        country: Option<Country>,
        orders: &[OrderSummary],
        except: &str,
    ) -> impl FnOnce() -> NumbersCheck + Send + 'static {
        let holders = carrier::holders(orders, &self.inventory, Some(except));
        let network = Arc::clone(&self.network);
        move || {
            let list = parse_list(&text, country);
            let report = carrier::check_numbers(network.as_ref(), list.unique_numbers(), &holders);
            NumbersCheck { list, report }
        }
    }

    /// What only the network and the other orders can tell before submitting: numbers taken or no
    /// longer portable since the draft was made, an LOA older than the carrier accepts, and an LOA
    /// that no longer matches the order (after a rejection, what changed since). With each field's rule
    /// (`validate::all_problems`) it is the pre-submit check, of the wizard's review and of
    /// `orders import` alike.
    pub fn network_problems(&self, order: &Order, orders: &[OrderSummary]) -> Vec<Problem> {
        let mut problems = self.carrier_problems(order, orders);
        problems.extend(loa_problem(order));
        problems
    }

    /// What only the network and the other orders can tell of the order's values as they are:
    /// the pre-submit check without the Update's rule for a re-signed LOA, which an order may
    /// wait on while its other fields are corrected (`orders update`).
    pub fn carrier_problems(&self, order: &Order, orders: &[OrderSummary]) -> Vec<Problem> {
        let holders = carrier::holders(orders, &self.inventory, Some(&order.id));
        let today = self.clock.today();
        carrier::presubmit_problems(self.network.as_ref(), &order.fields, &holders, today)
    }

    /// Starts a draft of its own for each group (the numbers of a pasted list that this order does
    /// not take), at the BTN step. Stops at the first that cannot be made or saved: returns the
    /// drafts saved, and what stopped it.
    pub fn start_drafts(
        &mut self,
        groups: Vec<PortGroup>,
        country: Option<Country>,
    ) -> (Vec<Order>, Option<String>) {
        let mut created = Vec::new();
        for group in groups {
            // The ID stays reserved until the draft is saved; then the file holds it.
            let (mut draft, _reserved) = match self.new_draft() {
                Ok(reserved) => reserved,
                Err(e) => return (created, Some(e.to_string())),
            };
            draft.fields.country = country;
            let numbers: Vec<String> = group.numbers.iter().map(|n| n.national()).collect();
            draft.fields.numbers_text = numbers.join("\n");
            draft.fields.group = Some(group);
            draft.wizard.step = 3;
            if let Err(e) = self.save_order(&mut draft) {
                return (created, Some(e.to_string()));
            }
            created.push(draft);
        }
        (created, None)
    }

    pub fn discard_reservation(&self, id: &str, lock: OrderLock) {
        self.store.discard_reservation(id, lock);
    }

    /// Checks the LOA at `source` for an order whose values are `current`, and keeps a copy in
    /// the store.
    pub fn attach_loa(
        &self,
        order_id: &str,
        current: &OrderFields,
        source: &Path,
    ) -> Result<LoaDocument, LoaError> {
        loa::attach(
            self.store.as_ref(),
            order_id,
            current,
            source,
            self.clock.now().timestamp(),
        )
    }

    /// Generates the LOA of `order` as it stands and keeps it in the store, to be printed and
    /// signed: the LOA and where it is, or why there is none.
    /// The documents `order` names, with what the store holds of each (read here: the list
    /// shows their sizes, and the pager reads their text from these bytes).
    pub fn documents_of(&self, order: &Order) -> Vec<Listed> {
        let named = loa::documents::of(order);
        let names: Vec<&str> = named.iter().map(|n| n.stored_name.as_str()).collect();
        let held = self.store.documents(&names);
        Listed::zip(named, held)
    }

    pub fn keep_generated_loa(
        &self,
        order: &Order,
        language: Language,
    ) -> Result<(loa::Generated, String), String> {
        let generated = loa::generate(order, language, self.clock.now().timestamp())
            .map_err(|e| e.to_string())?;
        let name = generated.stored_name();
        (self.store.put_document(&name, &generated.bytes))
            .map_err(|e| format!("the LOA was generated but cannot be kept: {e}"))?;
        let place = match self.store.document_path(&name) {
            Some(path) => strip_controls(&path.display().to_string()),
            None => format!("{name} in {}", self.store.describe()),
        };
        Ok((generated, place))
    }

    /// Checks the LOA at `source` and names its copy; nothing is kept until the order is saved
    /// with it ([`Workspace::save_order_with_document`]).
    pub fn read_loa(
        &self,
        order_id: &str,
        current: &OrderFields,
        source: &Path,
    ) -> Result<(LoaDocument, Vec<u8>), LoaError> {
        loa::read(order_id, current, source, self.clock.now().timestamp())
    }

    /// Saves an order and a document it names (an imported order's LOA copy) in one transaction:
    /// both are kept or neither. On failure the order keeps its revision, unless the change stands.
    pub fn save_order_with_document(
        &mut self,
        order: &mut Order,
        stored_name: &str,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        let mut staged = order.clone();
        let saved = transaction(self.store.as_ref(), |tx| {
            // Checked again here, alone against the store: two imports of one number at once
            // cannot both pass.
            // A renamed order file is not listed, but its order is still the administrator's.
            let mut others = tx.summaries()?;
            others.extend(tx.renamed_orders()?);
            let name = staged.fields.order_name.trim();
            if let Some(same) = others.iter().find(|o| {
                o.id != staged.id && !name.is_empty() && o.name.eq_ignore_ascii_case(name)
            }) {
                return Err(StoreError::Refused(format!(
                    "another order ({}) is already named {:?}; choose a unique name; nothing was imported",
                    same.id,
                    strip_controls(name)
                )));
            }
            if let Some((number, holder)) = others.iter().find_map(|other| {
                (other.is_open() && other.id != staged.id)
                    .then(|| staged.numbers().iter().find(|n| other.numbers.contains(n)))
                    .flatten()
                    .map(|n| (n.national(), other))
            }) {
                return Err(StoreError::Refused(format!(
                    "{number} is already in open order {} ({}); nothing was imported",
                    holder.id,
                    strip_controls(&holder.display_name())
                )));
            }
            tx.put_document(stored_name, bytes)?;
            tx.put_order(&mut staged)
        });
        self.wrote();
        if saved.as_ref().err().is_none_or(StoreError::applied) {
            order.revision = staged.revision;
        }
        saved
    }

    pub fn document_path(&self, stored_name: &str) -> Option<PathBuf> {
        self.store.document_path(stored_name)
    }

    /// Moves the clock; every event due by then happens, in time order, and the orders, the numbers
    /// they bring in, the CSR answers that came by then and the clock are saved together. The step
    /// counts from the stored time, so a step in one session never undoes another's.
    pub fn advance_clock(&mut self, target: ClockTarget) -> Result<ClockStep, String> {
        self.move_clock(target).map_err(String::from)
    }

    /// As [`Workspace::advance_clock`], telling a moment the clock refuses (`StoreError::Refused`:
    /// fixed, before what happened, outside the calendar) from the store failing.
    pub fn move_clock(&mut self, target: ClockTarget) -> Result<ClockStep, StoreError> {
        if let Clock::Fixed(_) = self.clock {
            return Err(StoreError::Refused(
                "the clock is fixed by PORTWIZ_NOW; unset it to move time".into(),
            ));
        }
        let fallback = self.clock.now();
        let network = self.network.as_ref();
        let result = transaction(self.store.as_ref(), |tx| {
            let summaries = tx.summaries()?;
            let latest = summaries.iter().filter_map(|s| s.last_event_at).max();
            let stored = tx.clock()?;
            // A new (or reset) directory's clock starts now, or at its latest event if that is later.
            let from = stored.clone().unwrap_or_else(|| match latest {
                Some(latest) if latest > fallback.timestamp() => latest.to_zoned(eastern()),
                _ => fallback,
            });
            let to = match &target {
                ClockTarget::Step(step) => step.from(&from),
                ClockTarget::At(at) => at.clone(),
            };
            crate::domain::calendar::check_served(to.date()).map_err(StoreError::Refused)?;
            // Time may go back only to before anything happened: history is never rewritten.
            if let Some(latest) = latest.filter(|latest| *latest > to.timestamp()) {
                return Err(StoreError::Refused(match (&target, stored) {
                    (ClockTarget::Step(_), Some(stored)) if stored.timestamp() < latest => format!(
                        "the stored clock ({}) is before the last recorded event ({}), so no step from it can be taken; set it to that moment or later with `portwiz clock set`",
                        stamp_et(stored.timestamp()),
                        stamp_et(latest)
                    ),
                    _ => format!(
                        "the simulated clock cannot go back before {}, when the last recorded event happened",
                        stamp_et(latest)
                    ),
                }));
            }
            let (changes, inventory) = apply_due(tx, network, &summaries, to.timestamp())?;
            let arrived = take_in_csr_answers(tx, network, to.timestamp())?;
            tx.put_clock(&to)?;
            Ok((to, changes, inventory, arrived))
        });
        self.wrote();
        let (to, orders, inventory, csrs) = result?;
        self.clock = Clock::Simulated(to.clone());
        self.clock_kept = true;
        if let Some(inventory) = inventory {
            self.shown_inventory(inventory);
        }
        Ok(ClockStep { to, orders, csrs })
    }

    /// Applies what fell due before now but was not saved, and takes in a completed order's numbers
    /// that the inventory misses. Reads nothing more than the summaries when nothing is due.
    pub fn catch_up(&mut self, summaries: &[OrderSummary]) -> Result<Vec<StatusChange>, String> {
        let now = self.clock.now().timestamp();
        let simulated = matches!(self.clock, Clock::Simulated(_));
        let network = self.network.as_ref();
        let due = simulated
            && summaries.iter().any(|s| {
                lifecycle::next_due_by(&Timing::of_summary(s), network)
                    .is_some_and(|(at, _)| at <= now)
            });
        // A completion an older portwiz lost is taken in with the next change that reads the
        // inventory (a clock step, or what falls due here), not at every start.
        if !due {
            return Ok(Vec::new());
        }
        let result = transaction(self.store.as_ref(), |tx| {
            let summaries = tx.summaries()?;
            let to = if simulated { now } else { Timestamp::MIN };
            apply_due(tx, network, &summaries, to)
        });
        self.wrote();
        let (changes, inventory) = result.map_err(String::from)?;
        if let Some(inventory) = inventory {
            self.shown_inventory(inventory);
        }
        Ok(changes)
    }

    /// Applies a change to the inventory as it is in the store now, and saves it.
    fn change_inventory(
        &mut self,
        change: impl FnOnce(&mut Inventory, Timestamp) -> Result<(), String>,
    ) -> Result<(), String> {
        self.read_inventory();
        if let Some(error) = &self.inventory_error {
            return Err(format!(
                "{error}; it is left untouched, so this change was not saved"
            ));
        }
        let at = self.clock.now().timestamp();
        let result = transaction(self.store.as_ref(), |tx| {
            let mut inventory = inventory_in(tx, at)?;
            let summaries = tx.summaries()?;
            take_in_completed(tx, &summaries, &[], &mut inventory)?;
            change(&mut inventory, at).map_err(StoreError::Refused)?;
            tx.put_inventory(&mut inventory)?;
            Ok(inventory)
        });
        self.wrote();
        let inventory = result.map_err(String::from)?;
        self.shown_inventory(inventory);
        Ok(())
    }

    /// Asks the losing carrier for the CSR of the account `request.btn` bills, and keeps the
    /// request (with `order`, when one asks) in the CSR book: an answer given at once is kept
    /// with it, a later one arrives with the clock. A refusal says why; a wrong request is saved,
    /// since the carrier counts it.
    pub fn request_csr(
        &mut self,
        request: &CsrRequest,
        order: Option<&str>,
    ) -> Result<CsrEntry, CsrFailure> {
        let ask = self.ask_for_csr(request.clone(), order.map(str::to_string))?;
        self.keep_csr(ask())
    }

    /// A CSR request as a job that can run on another thread (the carrier may be slow to take
    /// it): its [`CsrAsked`] is then kept with [`Workspace::keep_csr`]. A PIN that cannot be one
    /// is refused here and never sent: it would only use up one of the account's tries.
    pub fn ask_for_csr(
        &self,
        request: CsrRequest,
        order: Option<String>,
    ) -> Result<impl FnOnce() -> CsrAsked + Send + 'static + use<>, CsrFailure> {
        let pin = OrderFields {
            account_pin: request.pin.clone(),
            ..OrderFields::default()
        };
        let context = validate::Context {
            today: self.clock.now().date(),
            other_order_names: &[],
        };
        if let Some(why) = validate::check_field(&pin, Field::AccountPin, &context).error {
            return Err(CsrFailure::BadPin(why));
        }
        // The try is taken before the carrier is asked, and given back when its answer is kept:
        // tries out at once in several sessions are counted against the account's limit together.
        let (at, real_now) = (self.clock.now().timestamp(), self.machine.now());
        let taken = transaction(self.store.as_ref(), |tx| {
            let mut book = tx.csr_book()?.unwrap_or_else(CsrBook::new);
            let taken = book.take_try(&request.btn, at, real_now);
            if taken.is_some() {
                tx.put_csr_book(&mut book)?;
            }
            Ok(taken)
        });
        self.wrote();
        let TakenTry { id, wrong_before } = taken
            .map_err(|e| CsrFailure::Store(e.to_string()))?
            .ok_or_else(|| CsrFailure::Store(strings::CSR_TRIES_OUT.to_string()))?;
        let network = Arc::clone(&self.network);
        Ok(move || {
            let answer = network
                .request_csr(&request, at, &wrong_before)
                .map(|ticket| {
                    let csr = network.csr_answer(&ticket, at);
                    (ticket, csr)
                });
            CsrAsked {
                btn: request.btn,
                order,
                at,
                try_id: id,
                answer,
            }
        })
    }

    /// Keeps what a carrier said to a CSR request in the CSR book, and gives its try back: the
    /// ticket and an answer given at once, or a wrong request (which the carrier counts) with how
    /// many are left.
    pub fn keep_csr(&mut self, asked: CsrAsked) -> Result<CsrEntry, CsrFailure> {
        let result = transaction(self.store.as_ref(), |tx| {
            let mut book = tx.csr_book()?.unwrap_or_else(CsrBook::new);
            book.settle_try(&asked.btn, asked.try_id);
            let outcome = match &asked.answer {
                Ok((ticket, csr)) => {
                    let entry = book.entry_mut(&asked.btn);
                    entry.received = csr.clone().or(entry.received.take());
                    entry.pending = (ticket.ready_at > asked.at).then(|| ticket.clone());
                    let order = asked.order.as_deref();
                    if let Some(id) = order.filter(|id| !entry.orders.iter().any(|o| o == id)) {
                        entry.orders.push(id.to_string());
                    }
                    Ok(entry.clone())
                }
                Err(refusal) if refusal.counts_as_wrong() => {
                    let entry = book.entry_mut(&asked.btn);
                    entry.wrong_requests.push(asked.at);
                    let left = csr::wrong_requests_left(&entry.wrong_requests, asked.at);
                    let message = refusal.message(Some(left));
                    let refusal = refusal.clone();
                    Err(CsrFailure::Refused { refusal, message })
                }
                Err(refusal) => {
                    let message = refusal.message(None);
                    let refusal = refusal.clone();
                    Err(CsrFailure::Refused { refusal, message })
                }
            };
            tx.put_csr_book(&mut book)?;
            Ok(outcome)
        });
        self.wrote();
        result.map_err(|e| CsrFailure::Store(e.to_string()))?
    }

    /// The CSR book as stored (empty before the first request).
    pub fn csr_book(&self) -> Result<CsrBook, String> {
        Ok(self.store.csr_book()?.unwrap_or_else(CsrBook::new))
    }

    pub fn assign(
        &mut self,
        number: &PhoneNumber,
        name: &str,
        kind: AssigneeKind,
        usage: Usage,
    ) -> Result<(), String> {
        self.change_inventory(|inv, at| inv.assign(number, name, kind, usage, at))
    }

    pub fn unassign(&mut self, number: &PhoneNumber) -> Result<(), String> {
        self.change_inventory(|inv, at| inv.unassign(number, at))
    }

    pub fn release(&mut self, number: &PhoneNumber, typed: &str, code: &str) -> Result<(), String> {
        self.change_inventory(|inv, at| inv.release(number, typed, code, at))
    }

    /// Sets or changes the port-out PIN (typed twice); returns a warning when it is accepted with one.
    pub fn set_pin(&mut self, pin: &str, again: &str) -> Result<Option<String>, String> {
        let at = self.clock.now().timestamp();
        let result = transaction(self.store.as_ref(), |tx| {
            let current = tx.pin()?;
            let warning =
                check_new_pin(current.is_some(), pin, again).map_err(StoreError::Refused)?;
            let hash = secrets::hash_pin(pin).map_err(StoreError::Failed)?;
            let record = match current {
                Some(old) => PinRecord {
                    hash,
                    changed_at: Some(at),
                    wrong_tries: 0,
                    last_wrong_try: None,
                    ..old
                },
                None => PinRecord {
                    schema_version: 1,
                    hash,
                    set_at: at,
                    changed_at: None,
                    wrong_tries: 0,
                    last_wrong_try: None,
                },
            };
            tx.put_pin(&record)?;
            Ok(warning)
        });
        self.wrote();
        let warning = result.map_err(String::from)?;
        self.pin_set = true;
        self.pin_problem = None;
        Ok(warning)
    }

    /// Whether the simulated clock is kept by the store, or is still the real time of this start.
    pub fn clock_kept(&self) -> bool {
        self.clock_kept
    }

    pub fn pin_is_set(&self) -> bool {
        self.pin_set
    }

    /// Why the porting PIN's record cannot be used, when it cannot (damaged, or not trusted).
    pub fn pin_problem(&self) -> Option<&str> {
        self.pin_problem.as_deref()
    }

    /// Another carrier's request to port numbers away: only with the right PIN and the
    /// organization's Calling Plan numbers. The check and the count of wrong PINs are one
    /// transaction, so tries made in parallel are each counted; after a few, the next try must wait
    /// (in real time, which the simulated clock cannot skip). Nothing changes when refused.
    pub fn port_out(
        &mut self,
        numbers: &[PhoneNumber],
        pin: &str,
        real_now: Timestamp,
    ) -> Result<String, String> {
        if pin.trim().is_empty() {
            return Err("no porting PIN was given; nothing was tried or counted".into());
        }
        self.read_inventory();
        if let Some(error) = &self.inventory_error {
            return Err(format!("{error}; nothing was ported"));
        }
        let at = self.clock.now().timestamp();
        // A wrong PIN is an answer that must be saved, not an error that rolls back.
        let result = transaction(self.store.as_ref(), |tx| {
            let Some(mut record) = tx.pin()? else {
                return Ok(Err("no porting PIN is set, so no number can port out; set one under Manage porting PIN".to_string()));
            };
            if let Some(next) = record.next_try_at().filter(|next| *next > real_now) {
                let wait = real_now.duration_until(next).as_secs().max(1);
                return Ok(Err(format!(
                    "too many wrong PINs; the next try is allowed in {wait} s"
                )));
            }
            let matches = match secrets::verify_pin(pin, &record.hash) {
                Ok(matches) => matches,
                Err(damaged) => return Ok(Err(format!("{damaged}; nothing was ported"))),
            };
            if !matches {
                record.record_wrong_try(real_now);
                tx.put_pin(&record)?;
                return Ok(Err(
                    "the porting PIN does not match; nothing was ported".to_string()
                ));
            }
            let mut inventory = inventory_in(tx, at)?;
            if let Err(refused) = inventory.port_out(numbers, at) {
                return Ok(Err(refused));
            }
            if record.wrong_tries > 0 {
                record.record_right_try();
                tx.put_pin(&record)?;
            }
            tx.put_inventory(&mut inventory)?;
            Ok(Ok(inventory))
        });
        self.wrote();
        let inventory = result.map_err(String::from)??;
        self.shown_inventory(inventory);
        let list: Vec<String> = numbers.iter().map(|n| n.national()).collect();
        Ok(format!(
            "Ported out to the requesting carrier: {}",
            list.join(", ")
        ))
    }
}

/// The pre-submit check's one problem on the LOA, if any: after a rejection, the Update rule
/// for a re-signed LOA says it all; otherwise whether it is out of date.
pub fn loa_problem(order: &Order) -> Option<Problem> {
    let resign = (order.status == Status::CustomerActionRequired)
        .then(|| lifecycle::loa_resign_problem(order))
        .flatten();
    resign.or_else(|| loa::out_of_date(&order.fields))
}

/// What a carrier said to a CSR request made at `at`: the ticket with the answer if it came at
/// once, or why it refused.
pub struct CsrAsked {
    pub btn: PhoneNumber,
    /// The order that asked, which keeps the CSR.
    pub order: Option<String>,
    pub at: Timestamp,
    /// The try the request holds until its answer is kept.
    pub try_id: u64,
    pub answer: Result<(CsrTicket, Option<Csr>), CsrRefusal>,
}

/// Why a CSR request was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsrFailure {
    /// The PIN given cannot be an account PIN (not sent to the carrier): why.
    BadPin(String),
    /// The carrier refused it.
    Refused {
        refusal: CsrRefusal,
        message: String,
    },
    /// Not sent or not kept, for a reason on this side: the store could not keep it, or requests
    /// still out for the account could use up the tries it has left.
    Store(String),
}

/// Takes into the CSR book every answer the carriers have sent by `now`; returns those entries.
fn take_in_csr_answers(
    tx: &mut dyn Txn,
    network: &dyn CarrierNetwork,
    now: Timestamp,
) -> Result<Vec<CsrEntry>, StoreError> {
    let Some(mut book) = tx.csr_book()? else {
        return Ok(Vec::new());
    };
    let mut arrived = Vec::new();
    for entry in &mut book.accounts {
        if let Some(csr) = (entry.pending.as_ref()).and_then(|t| network.csr_answer(t, now)) {
            entry.received = Some(csr);
            entry.pending = None;
            arrived.push(entry.clone());
        }
    }
    if !arrived.is_empty() {
        tx.put_csr_book(&mut book)?;
    }
    Ok(arrived)
}

/// Runs the lifecycle of the orders due by `to`, saves those that changed, and takes into the
/// inventory every completed order's numbers it does not have yet. Returns the inventory when it
/// changed.
fn apply_due(
    tx: &mut dyn Txn,
    network: &dyn CarrierNetwork,
    summaries: &[OrderSummary],
    to: Timestamp,
) -> Result<(Vec<StatusChange>, Option<Inventory>), StoreError> {
    let due: Vec<&OrderSummary> = summaries
        .iter()
        .filter(|s| {
            !s.read_only
                && lifecycle::next_due_by(&Timing::of_summary(s), network)
                    .is_some_and(|(at, _)| at <= to)
        })
        .collect();
    let mut orders = due
        .iter()
        .map(|s| tx.order(&s.id))
        .collect::<Result<Vec<Order>, StoreError>>()?;
    let history = frozen_account_history(tx, network, summaries, &orders)?;
    orders.extend(history);
    let before: Vec<Status> = orders.iter().map(|o| o.status).collect();
    let lifecycle::Advanced { changed, documents } = lifecycle::advance(&mut orders, network, to);
    // A signed LOA is kept in the same transaction as the order that names it.
    for (stored_name, bytes) in &documents {
        tx.put_document(stored_name, bytes)?;
    }
    for &i in &changed {
        tx.put_order(&mut orders[i])?;
    }
    // Only a step in which something fell due can complete an order: the rest leave the inventory
    // unread.
    let inventory = if orders.is_empty() {
        None
    } else {
        let mut inventory = tx
            .inventory()?
            .unwrap_or_else(|| sample_inventory(to.max(Timestamp::UNIX_EPOCH)));
        take_in_completed(tx, summaries, &orders, &mut inventory)?
            .then(|| tx.put_inventory(&mut inventory).map(|()| inventory))
            .transpose()?
    };
    let changes = changed
        .into_iter()
        .map(|i| StatusChange {
            id: orders[i].id.clone(),
            name: orders[i].display_name(),
            from: before[i],
            to: orders[i].status,
            setback: orders[i].setback(),
        })
        .collect();
    Ok((changes, inventory))
}

/// The orders not due that share a port-frozen account with one of `due`: the carrier lifts a
/// freeze for the whole account, counting from the first rejection of any of its orders. Only
/// frozen accounts cost these reads.
fn frozen_account_history(
    tx: &mut dyn Txn,
    network: &dyn CarrierNetwork,
    summaries: &[OrderSummary],
    due: &[Order],
) -> Result<Vec<Order>, StoreError> {
    let frozen: HashSet<(&str, &str)> = due
        .iter()
        .filter_map(|o| carrier::account_of(&o.fields))
        .filter(|(carrier_id, account)| network.port_freeze(carrier_id, account))
        .collect();
    if frozen.is_empty() {
        return Ok(Vec::new());
    }
    let due_ids: HashSet<&str> = due.iter().map(|o| o.id.as_str()).collect();
    let mut history = Vec::new();
    for summary in summaries.iter().filter(|s| {
        !s.read_only
            && !due_ids.contains(s.id.as_str())
            && s.carrier_id
                .as_deref()
                .is_some_and(|c| frozen.iter().any(|(f, _)| *f == c))
    }) {
        let order = tx.order(&summary.id)?;
        if carrier::account_of(&order.fields).is_some_and(|key| frozen.contains(&key)) {
            history.push(order);
        }
    }
    Ok(history)
}

/// Takes into the inventory the numbers of every completed order it does not have yet: those
/// completed just now (`fresh`, newer than their summaries) and any an older portwiz lost in a
/// crash. Returns whether the inventory changed.
fn take_in_completed(
    tx: &mut dyn Txn,
    summaries: &[OrderSummary],
    fresh: &[Order],
    inventory: &mut Inventory,
) -> Result<bool, StoreError> {
    let fresh_ids: HashSet<&str> = fresh.iter().map(|o| o.id.as_str()).collect();
    let missed: Vec<Order> = summaries
        .iter()
        .filter(|s| s.status == Status::Completed && !fresh_ids.contains(s.id.as_str()))
        .filter(|s| !inventory.has_received(&s.id))
        .map(|s| tx.order(&s.id))
        .collect::<Result<_, _>>()?;
    let mut ports: Vec<(&Order, Timestamp)> = fresh
        .iter()
        .chain(&missed)
        .filter(|o| o.status == Status::Completed && !inventory.has_received(&o.id))
        .map(|o| (o, o.since()))
        .collect();
    ports.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));
    let received = !ports.is_empty();
    inventory.receive_ports(ports);
    Ok(received)
}
