//! The store, the carrier network and the clock together: the I/O that the app and the commands for
//! scripts share, such as moving the clock and saving every order an event changed.

use crate::carrier::CarrierNetwork;
use crate::clock::Clock;
use crate::domain::order::Order;
use crate::domain::status::Status;
use crate::lifecycle;
use crate::store::Store;
use jiff::Zoned;

pub struct Workspace {
    pub store: Store,
    pub network: Box<dyn CarrierNetwork>,
    pub clock: Clock,
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
    /// Moves the clock to `to`; every event due by then happens, in time order, and is saved.
    pub fn advance_clock(
        &mut self,
        orders: &mut [Order],
        to: Zoned,
    ) -> Result<Vec<StatusChange>, String> {
        self.clock.set(to.clone())?;
        let before: Vec<Status> = orders.iter().map(|o| o.status).collect();
        let changed = lifecycle::advance(orders, self.network.as_ref(), to.timestamp());
        for &i in &changed {
            self.store.save(&mut orders[i]).map_err(|e| e.to_string())?;
        }
        self.store.save_clock(&to).map_err(|e| e.to_string())?;
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

    /// Applies what fell due before now but was not saved (after a crash between saves).
    pub fn catch_up(&mut self, orders: &mut [Order]) -> Result<Vec<StatusChange>, String> {
        let now = self.clock.now();
        match self.clock {
            Clock::Fixed(_) => Ok(Vec::new()),
            Clock::Simulated(_) => self.advance_clock(orders, now),
        }
    }
}
