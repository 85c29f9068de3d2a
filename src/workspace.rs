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
        let before: Vec<Status> = orders.iter().map(|o| o.status).collect();
        let changed = lifecycle::advance(orders, self.network.as_ref(), to.timestamp());
        let changes = self.save_changed(orders, &before, changed)?;
        self.store.save_clock(&to).map_err(|e| e.to_string())?;
        Ok(changes)
    }

    /// Applies what fell due before now but was not saved (after a crash between saves).
    pub fn catch_up(&mut self, orders: &mut [Order]) -> Result<Vec<StatusChange>, String> {
        if let Clock::Fixed(_) = self.clock {
            return Ok(Vec::new());
        }
        let before: Vec<Status> = orders.iter().map(|o| o.status).collect();
        let changed =
            lifecycle::advance(orders, self.network.as_ref(), self.clock.now().timestamp());
        self.save_changed(orders, &before, changed)
    }

    fn save_changed(
        &self,
        orders: &mut [Order],
        before: &[Status],
        changed: Vec<usize>,
    ) -> Result<Vec<StatusChange>, String> {
        for &i in &changed {
            self.store.save(&mut orders[i]).map_err(|e| e.to_string())?;
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
}
