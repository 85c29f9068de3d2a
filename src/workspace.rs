//! The store, the carrier network, the clock and the organization's numbers together: the I/O that the
//! app and the commands for scripts share, such as moving the clock (saving every order an event
//! changed, and the numbers a completed port brought in), the port-out PIN and port-out requests.

use crate::carrier::CarrierNetwork;
use crate::clock::Clock;
use crate::domain::inventory::{AssigneeKind, Inventory, Usage};
use crate::domain::order::Order;
use crate::domain::phone::PhoneNumber;
use crate::domain::pin::{PinRecord, check_new_pin};
use crate::domain::status::Status;
use crate::lifecycle;
use crate::secrets;
use crate::store::Store;
use jiff::{Timestamp, Zoned};

pub struct Workspace {
    pub store: Store,
    pub network: Box<dyn CarrierNetwork>,
    pub clock: Clock,
    pub inventory: Inventory,
    /// Set when the inventory file could not be read: it is then never overwritten.
    pub inventory_error: Option<String>,
}

/// One order's change of status, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: String,
    pub name: String,
    pub from: Status,
    pub to: Status,
}

impl Workspace {
    pub fn open(store: Store, network: Box<dyn CarrierNetwork>, clock: Clock) -> Workspace {
        let (inventory, inventory_error) = match store.load_inventory(clock.now().timestamp()) {
            Ok(inventory) => (inventory, None),
            Err(e) => (Inventory::new(Vec::new()), Some(e)),
        };
        Workspace {
            store,
            network,
            clock,
            inventory,
            inventory_error,
        }
    }

    /// Moves the clock to `to`; every event due by then happens, in time order, and is saved.
    pub fn advance_clock(
        &mut self,
        orders: &mut [Order],
        to: Zoned,
    ) -> Result<Vec<StatusChange>, String> {
        // Time may go back only to before anything happened: history is never rewritten.
        let latest = orders
            .iter()
            .flat_map(|o| o.timeline.iter().map(|e| e.at))
            .max();
        if let Some(latest) = latest.filter(|latest| *latest > to.timestamp()) {
            return Err(format!(
                "the simulated clock cannot go back before {}, when the last recorded event happened",
                latest
                    .to_zoned(crate::domain::calendar::eastern())
                    .strftime("%Y-%m-%d %H:%M ET")
            ));
        }
        self.clock.set(to.clone())?;
        let changes = self.apply_due(orders, to.timestamp())?;
        self.store.save_clock(&to).map_err(|e| e.to_string())?;
        Ok(changes)
    }

    /// Applies what fell due before now but was not saved (after a crash between saves).
    pub fn catch_up(&mut self, orders: &mut [Order]) -> Result<Vec<StatusChange>, String> {
        match self.clock {
            Clock::Fixed(_) => Ok(Vec::new()),
            Clock::Simulated(_) => {
                let now = self.clock.now().timestamp();
                self.apply_due(orders, now)
            }
        }
    }

    /// Runs the lifecycle up to `to`, saves the orders that changed, and takes in completed ports.
    fn apply_due(
        &mut self,
        orders: &mut [Order],
        to: Timestamp,
    ) -> Result<Vec<StatusChange>, String> {
        let before: Vec<Status> = orders.iter().map(|o| o.status).collect();
        let changed = lifecycle::advance(orders, self.network.as_ref(), to);
        let mut completed = false;
        for &i in &changed {
            self.store.save(&mut orders[i]).map_err(|e| e.to_string())?;
            if orders[i].status == Status::Completed && before[i] != Status::Completed {
                self.inventory.receive_port(&orders[i], orders[i].since());
                completed = true;
            }
        }
        if completed {
            self.save_inventory()?;
        }
        Ok(changed
            .into_iter()
            .map(|i| StatusChange {
                id: orders[i].id.clone(),
                name: orders[i].display_name(),
                from: before[i],
                to: orders[i].status,
            })
            .collect())
    }

    fn save_inventory(&mut self) -> Result<(), String> {
        if let Some(error) = &self.inventory_error {
            return Err(format!(
                "{error}; it is left untouched, so this change was not saved"
            ));
        }
        self.store.save_inventory(&mut self.inventory)
    }

    /// Applies a change to the inventory and saves it; on failure the inventory is as before.
    fn change_inventory(
        &mut self,
        change: impl FnOnce(&mut Inventory) -> Result<(), String>,
    ) -> Result<(), String> {
        let before = self.inventory.clone();
        change(&mut self.inventory)?;
        if let Err(e) = self.save_inventory() {
            self.inventory = before;
            return Err(e);
        }
        Ok(())
    }

    pub fn assign(
        &mut self,
        number: &PhoneNumber,
        name: &str,
        kind: AssigneeKind,
        usage: Usage,
    ) -> Result<(), String> {
        let at = self.clock.now().timestamp();
        self.change_inventory(|inv| inv.assign(number, name, kind, usage, at))
    }

    pub fn unassign(&mut self, number: &PhoneNumber) -> Result<(), String> {
        let at = self.clock.now().timestamp();
        self.change_inventory(|inv| inv.unassign(number, at))
    }

    pub fn release(&mut self, number: &PhoneNumber, typed: &str, code: &str) -> Result<(), String> {
        let at = self.clock.now().timestamp();
        self.change_inventory(|inv| inv.release(number, typed, code, at))
    }

    /// Sets or changes the port-out PIN (typed twice); returns a warning when it is accepted with one.
    pub fn set_pin(&mut self, pin: &str, again: &str) -> Result<Option<String>, String> {
        let current = self.store.load_pin()?;
        let warning = check_new_pin(current.is_some(), pin, again)?;
        let at = self.clock.now().timestamp();
        let hash = secrets::hash_pin(pin)?;
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
        self.store.save_pin(&record)?;
        Ok(warning)
    }

    pub fn pin_is_set(&self) -> bool {
        self.store.load_pin().ok().flatten().is_some()
    }

    /// Another carrier's request to port numbers away: only with the right PIN and the
    /// organization's Calling Plan numbers. Wrong PINs are counted, and after a few the next try must
    /// wait (in real time, which the simulated clock cannot skip). Nothing changes when refused.
    pub fn port_out(
        &mut self,
        numbers: &[PhoneNumber],
        pin: &str,
        real_now: Timestamp,
    ) -> Result<String, String> {
        let Some(mut record) = self.store.load_pin()? else {
            return Err("no porting PIN is set, so no number can port out; set one under Manage porting PIN".into());
        };
        if let Some(next) = record.next_try_at().filter(|next| *next > real_now) {
            let wait = real_now.duration_until(next).as_secs().max(1);
            return Err(format!(
                "too many wrong PINs; the next try is allowed in {wait} s"
            ));
        }
        if !secrets::verify_pin(pin, &record.hash)
            .map_err(|e| format!("{e}; nothing was ported"))?
        {
            record.record_wrong_try(real_now);
            self.store.save_pin(&record)?;
            return Err("the porting PIN does not match; nothing was ported".into());
        }
        self.inventory.check_port_out(numbers)?;
        if record.wrong_tries > 0 {
            record.record_right_try();
            self.store.save_pin(&record)?;
        }
        let at = self.clock.now().timestamp();
        self.change_inventory(|inv| inv.port_out(numbers, at))?;
        let list: Vec<String> = numbers.iter().map(|n| n.national()).collect();
        Ok(format!(
            "Ported out to the requesting carrier: {}",
            list.join(", ")
        ))
    }
}
