//! What the router does for stored orders: reading the list again, opening an order in its details,
//! its documents and their text, and the changes made from the details and the list (cancel,
//! withdraw a signature request, delete a draft, clone a canceled order), each saved before the
//! list shows it.

use super::App;
use crate::domain::order::Order;
use crate::domain::status::Status;
use crate::lifecycle;
use crate::loa::documents::{self, Pages};
use crate::store::OrderSummary;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{Command, Reply};
use crate::ui::popups::confirm::Confirm;
use crate::ui::screens::details::DetailsState;
use crate::ui::screens::documents::DocumentsState;
use crate::ui::widgets::chrome::Notice;
use crate::workspace::StatusChange;
use std::sync::Arc;

impl App {
    /// Reads the orders again from disk (other sessions may have changed them).
    pub(super) fn reload_orders(&mut self) {
        let loaded = match self.ws.list() {
            Ok(loaded) => loaded,
            Err(e) => return self.error(e.to_string()),
        };
        let report = loaded.report();
        if let Some(first) = report.first() {
            let text = strings::listing_trouble(first, report.len() - 1);
            if loaded.has_trouble() {
                self.error(text);
            } else {
                self.info(text);
            }
        }
        self.read_only = loaded.read_only().into_iter().collect();
        self.orders = loaded.orders;
        self.broadcast_refresh();
    }

    /// Back to the order list; read again, with the selection on `select`, when it is named.
    pub(super) fn home(&mut self, select: Option<String>) {
        self.screens.truncate(1);
        if let Some(id) = select {
            self.reload_orders();
            self.tell_screen(Reply::Select(id));
        }
    }

    /// Reads one order whole from the store; what went wrong is shown.
    pub(super) fn load(&mut self, id: &str) -> Option<Order> {
        self.ws
            .order(id)
            .map_err(|e| self.error(e.to_string()))
            .ok()
    }

    /// Puts a changed order in the list, and on the screen showing it.
    pub(super) fn store_in_list(&mut self, order: Order) {
        self.put_in_list(OrderSummary::of(&order, false));
        self.broadcast_refresh();
        self.show_again(order);
    }

    /// Puts a changed order in the list without working out the list's view again.
    pub(super) fn put_in_list(&mut self, summary: OrderSummary) {
        match self.orders.iter_mut().find(|o| o.id == summary.id) {
            Some(slot) => *slot = summary,
            None => self.orders.insert(0, summary),
        }
    }

    /// Saves an order that an action changed, and lists it; on failure the list keeps the old one.
    pub(super) fn save_order(&mut self, mut order: Order) -> bool {
        match self.ws.save_order(&mut order) {
            Ok(()) => {
                self.store_in_list(order);
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// Asks to confirm deleting a draft, naming what goes with it (the copy of its LOA, if any).
    pub(super) fn ask_delete_draft(&mut self, id: &str) {
        let Some(order) = self.load(id) else { return };
        let name = strip_controls(&order.display_name());
        let loa = (order.fields.loa.as_ref()).map(|l| strip_controls(&l.original_name));
        self.popup = Some(Box::new(Confirm::new(
            strings::DELETE_TITLE,
            strings::delete_body(&name, id, loa.as_deref()),
            strings::DELETE,
            strings::KEEP_IT,
            Command::DeleteDraft(id.to_string()),
        )));
    }

    pub(super) fn delete_draft(&mut self, id: &str) {
        match self.ws.delete_draft(id) {
            Ok(order) => {
                self.orders.retain(|o| o.id != id);
                self.broadcast_refresh();
                let name = strip_controls(&order.display_name());
                self.info(strings::deleted(&name, id));
            }
            Err(e) => self.error(e),
        }
    }

    pub(super) fn report_changes(&mut self, changes: &[StatusChange]) {
        self.notice = Some(Notice::clock_moved(&self.ws.clock.now(), changes));
    }

    // ---- order details ----

    /// Opens an order: a draft in the wizard, any other in its details.
    pub(super) fn open_order(&mut self, id: &str) {
        match self.load(id) {
            Some(order) if order.status == Status::Draft => self.open_wizard(order, None),
            Some(order) => self.show_details(order),
            None => {}
        }
    }

    pub(super) fn cancel_order(&mut self, id: &str) {
        let cancel = |order: &mut Order, at: &jiff::Zoned| {
            lifecycle::request_cancellation(order, at.timestamp())
                .map(|()| strings::CANCEL_REQUESTED.to_string())
        };
        match self.change_order(id, cancel) {
            Ok(message) => self.info(message),
            Err(why) => self.error(strings::cannot_cancel(&why)),
        }
    }

    pub(super) fn withdraw_signature(&mut self, id: &str) {
        let withdraw = |order: &mut Order, at: &jiff::Zoned| {
            lifecycle::withdraw_signature(order, at.timestamp())
                .map(|()| strings::withdrawn(&strip_controls(&order.display_name()), &order.id))
        };
        match self.change_order(id, withdraw) {
            Ok(message) => self.info(message),
            Err(why) => self.error(why),
        }
    }

    pub(super) fn show_details(&mut self, order: Order) {
        let due = lifecycle::next_due(&order, self.ws.network.as_ref());
        let read_only = self.read_only.contains(&order.id);
        let now = self.ws.clock.now().timestamp();
        self.show(Box::new(DetailsState::new(order, due, read_only, now)));
    }

    /// Lists the documents of the order on `details`, as the store holds them.
    pub(super) fn show_documents(&mut self, details: DetailsState) {
        let listed = self.ws.documents_of(&details.order);
        self.show(Box::new(DocumentsState::new(details, listed)));
    }

    /// Reads a document's text in the background; the pager in front takes it.
    pub(super) fn read_text(&mut self, stored_name: String, pages: Pages, bytes: Arc<[u8]>) {
        self.jobs.run(move || {
            let text = documents::text(&bytes, pages)
                .map_err(|problem| strings::document_unreadable(&stored_name, &problem));
            Reply::DocumentText {
                stored_name,
                pages,
                text,
            }
        });
    }

    pub(super) fn open_details(&mut self, id: &str) {
        if let Some(order) = self.load(id) {
            self.show_details(order);
        }
    }

    /// A newer version of an order, for the screen that shows it.
    pub(super) fn show_again(&mut self, order: Order) {
        let front = self.screens.last().and_then(|s| s.showing());
        if front == Some(order.id.as_str()) {
            let due = lifecycle::next_due(&order, self.ws.network.as_ref());
            self.tell_screen(Reply::Order(Box::new(order), due));
        }
    }

    /// The order shown is read again: the clock or another session may have changed it.
    pub(super) fn reopen_shown(&mut self) {
        let shown = self
            .screens
            .last()
            .and_then(|s| s.showing())
            .map(str::to_string);
        if let Some(order) = shown.and_then(|id| self.load(&id)) {
            self.show_again(order);
        }
    }

    /// One change of a stored order from the details screen (never of one from a newer portwiz).
    pub(super) fn change_order(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Order, &jiff::Zoned) -> Result<String, String>,
    ) -> Result<String, String> {
        if self.read_only.contains(id) {
            return Err(strings::newer_portwiz_change(id));
        }
        let (order, message) = self.ws.change_order(id, change)?;
        self.store_in_list(order);
        Ok(message)
    }

    pub(super) fn clone_order(&mut self, order: &Order) {
        match self.ws.clone_canceled(order) {
            Ok((draft, reserved)) => {
                self.info(strings::cloned(&draft.id, &order.id));
                self.store_in_list(draft.clone());
                self.open_wizard(draft, Some(reserved));
            }
            Err(e) => self.error(e),
        }
    }
}
