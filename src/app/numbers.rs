//! What the router does for the organization's numbers: reading them for the numbers screen,
//! unassigning one, and asking to confirm a release.

use super::App;
use crate::domain::phone::PhoneNumber;
use crate::strings;
use crate::ui::popups::prompt::{Prompt, PromptField, Purpose};

impl App {
    /// Reads the organization's numbers (once) and works out the numbers screen's view of them.
    pub(super) fn refresh_numbers(&mut self) {
        self.ws.read_inventory();
        if let Some(error) = self.ws.inventory_error.clone() {
            self.error(strings::inventory_unreadable(&error));
        } else if let Some(problem) = self.ws.pin_problem().map(str::to_string) {
            self.error(strings::pin_unusable(&problem));
        }
        self.broadcast_refresh();
    }

    pub(super) fn unassign(&mut self, number: &PhoneNumber) {
        match self.ws.unassign(number) {
            Ok(()) => {
                self.refresh_numbers();
                self.info(strings::unassigned(&number.national()));
            }
            Err(e) => self.error(e),
        }
    }

    /// Asks to confirm a release with a code typed back (a released number is gone for good).
    pub(super) fn ask_release(&mut self, number: PhoneNumber) {
        let code = self.ws.confirmation_code();
        let title = strings::release_title(&number.national());
        self.popup = Some(Box::new(Prompt::new(
            Purpose::Release {
                number,
                code: code.clone(),
            },
            &title,
            &strings::release_note(&code),
            vec![PromptField::text(strings::RELEASE_FIELD, "")],
        )));
    }
}
