//! What the router does for the draft open in the wizard: opening it under its lock, saving it after
//! each burst of input, the checks that need the network, submitting, and what a quit or a close
//! does when the draft cannot be saved.

use super::App;
use crate::domain::calendar::eastern;
use crate::domain::order::OrderFields;
use crate::domain::order::{Order, PortGroup};
use crate::domain::phone::Country;
use crate::domain::validate::{self, Context, Field};
use crate::files;
use crate::lifecycle;
use crate::loa::{self, Language, esign};
use crate::numbers_file;
use crate::store::{OrderLock, OrderSummary};
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{Command, Component, DraftCommand, Reply};
use crate::ui::popups::confirm::Confirm;
use crate::ui::popups::file_browser::{self, FileBrowser};
use crate::ui::popups::prompt::{Prompt, PromptField, Purpose};
use crate::ui::screens::wizard::{WizardState, steps};
use std::any::Any;

/// The wizard, when it is the screen in front.
fn wizard_in(screens: &mut [Box<dyn Component>]) -> Option<&mut WizardState> {
    let front: &mut dyn Any = screens.last_mut()?.as_mut();
    front.downcast_mut()
}

impl App {
    pub(super) fn run_draft(&mut self, command: DraftCommand) {
        match command {
            DraftCommand::CheckNumbers {
                order_id,
                text,
                country,
                seq,
            } => {
                // The carriers may be slow to answer: the check runs in the background.
                let check = (self.ws).numbers_check(text, country, &self.orders, &order_id);
                (self.jobs).run(move || Reply::NumbersChecked(seq, Box::new(check())));
            }
            DraftCommand::AttachLoa {
                order_id,
                current,
                path,
            } => {
                let attached =
                    (self.ws).attach_loa(&order_id, &current, &files::expand_home(&path));
                self.tell_screen(Reply::LoaAttached(attached.map_err(|e| e.to_string())));
            }
            DraftCommand::GenerateLoa(order) => {
                let kept = self.ws.keep_generated_loa(&order, Language::default());
                let told = kept.map(|(loa, place)| {
                    strings::loa_generated(&place, &loa.certified.authorized_user)
                });
                self.tell_screen(Reply::LoaGenerated(told));
            }
            DraftCommand::ImportCsv { path, country } => {
                let file = files::expand_home(&path);
                let shown = strip_controls(&file.display().to_string());
                let rows = match path.trim() {
                    "" => Err(strings::CSV_PATH_MISSING.to_string()),
                    _ => numbers_file::import_csv(&file, country),
                };
                self.tell_screen(Reply::CsvImported { shown, rows });
            }
            DraftCommand::Browse { into, near } => {
                let dir = files::near(&files::expand_home(&near));
                match files::list(&dir, file_browser::extension(into)) {
                    Ok(entries) => {
                        self.popup = Some(Box::new(FileBrowser::new(into, dir, entries)))
                    }
                    Err(e) => self.error(e),
                }
            }
            DraftCommand::Presubmit => {
                let problems = self.presubmit();
                self.tell_screen(Reply::Presubmit(problems));
            }
            DraftCommand::ConfirmSubmit => self.confirm_submit(),
            DraftCommand::Submit => self.submit(),
            DraftCommand::AskSignature => self.ask_signature(),
            DraftCommand::StartDrafts { groups, country } => self.start_drafts(groups, country),
            DraftCommand::Close => self.close_wizard(),
        }
    }

    /// Opens an order for editing, holding its lock; held elsewhere or from a newer portwiz, the
    /// order opens read-only on its details screen instead, saying why.
    pub(super) fn open_wizard(&mut self, order: Order, reserved: Option<OrderLock>) {
        self.unsaved_close_warned = false;
        // The numbers step tells which numbers the organization has already.
        self.ws.read_inventory();
        if self.read_only.contains(&order.id) {
            self.open_details(&order.id);
            return self.error(strings::newer_portwiz(&order.id));
        }
        match reserved.map_or_else(|| self.ws.lock_order(&order.id), Ok) {
            Ok(lock) => self.editing = Some(lock),
            Err(held) => {
                self.open_details(&order.id);
                self.held_elsewhere = Some(order.id.clone());
                return self.error(strings::read_only_here(&held.to_string()));
            }
        }
        let names = (self.orders.iter())
            .filter(|o| o.id != order.id)
            .map(|o| o.name.clone())
            .collect();
        let mut wizard = WizardState::open(order, self.ws.clock.today(), names);
        let check = wizard.check_numbers();
        self.show(Box::new(wizard));
        self.run(check);
        if let Some(w) = wizard_in(&mut self.screens) {
            w.dirty = false;
        }
        // What the pre-submit check knows shows on its step from the start (an Update's LOA).
        self.run_draft(DraftCommand::Presubmit);
    }

    /// Saves the open draft when it changed since the last save.
    pub(super) fn autosave(&mut self) {
        let now = self.ws.clock.now().timestamp();
        let Some(w) = wizard_in(&mut self.screens).filter(|w| w.dirty) else {
            return;
        };
        if w.order.revision == 0 && w.order.fields == OrderFields::default() {
            // A new draft is kept from its first value on: moving about its empty form (a field
            // left, a Next refused) is no reason to leave a draft behind.
            w.dirty = false;
            return;
        }
        w.order.updated_at = now;
        match self.ws.save_order(&mut w.order) {
            Ok(()) => {
                w.dirty = false;
                let saved = OrderSummary::of(&w.order, false);
                // The list is not on screen while the wizard is; closing it reloads and sorts the list.
                self.put_in_list(saved);
            }
            // Once a quit or a close was refused for it, that warning stays in view instead.
            Err(e) if !self.unsaved_quit_warned && !self.unsaved_close_warned => {
                self.error(e.to_string())
            }
            Err(_) => {}
        }
    }

    pub(super) fn quit_session(&mut self) {
        self.autosave();
        let unsaved = self.wizard().is_some_and(|w| w.dirty);
        if unsaved && !self.unsaved_quit_warned {
            self.unsaved_quit_warned = true;
            return self.error(strings::QUIT_UNSAVED);
        }
        if let Some(w) = self.wizard().filter(|w| w.order.revision == 0) {
            // Nothing of this draft reached the disk: its reserved ID is given back.
            let id = w.order.id.clone();
            if let Some(lock) = self.editing.take() {
                self.ws.discard_reservation(&id, lock);
            }
        }
        self.quit = true;
    }

    fn close_wizard(&mut self) {
        self.autosave();
        let Some(w) = self.wizard() else { return };
        let unsaved = w.dirty;
        let id = w.order.id.clone();
        let (never_saved, updating) = (w.order.revision == 0, w.update.is_some());
        if unsaved && !self.unsaved_close_warned {
            // The save failed: stay, with the error on screen and the edits in memory.
            self.unsaved_close_warned = true;
            let why = self.notice.take().map(|n| n.text).unwrap_or_default();
            return self.error(strings::close_unsaved(&why));
        }
        self.unsaved_close_warned = false;
        match self.editing.take() {
            Some(lock) if never_saved => self.ws.discard_reservation(&id, lock),
            _ => {}
        }
        let message = if unsaved {
            strings::closed_without_saving(&id)
        } else if never_saved {
            strings::NOTHING_ENTERED.to_string()
        } else if updating {
            strings::update_saved(&id)
        } else {
            strings::draft_saved(&id)
        };
        if updating {
            self.reload_orders();
            self.open_details(&id);
        } else {
            self.home(Some(id));
        }
        self.info(message);
    }

    fn presubmit(&self) -> Vec<crate::domain::validate::Problem> {
        let problems = (self.wizard()).map(|w| self.ws.network_problems(&w.order, &self.orders));
        problems.unwrap_or_default()
    }

    fn confirm_submit(&mut self) {
        let problems = self.presubmit();
        self.tell_screen(Reply::Presubmit(problems));
        let Some(w) = self.wizard() else { return };
        let problems = w.review_problems();
        if let Some(first) = problems.first() {
            let place = steps::place(first);
            return self.error(strings::fix_first(
                strings::NOT_SUBMITTED,
                &place,
                problems.len(),
            ));
        }
        let f = &w.order.fields;
        let group = f.group.as_ref().expect("a clean order has its numbers");
        let resubmit = w.update.is_some();
        let review = lifecycle::needs_review(&w.order).filter(|_| !resubmit);
        let name = strip_controls(f.order_name.trim());
        let (date, time) = (f.port_date.trim(), f.port_time.trim());
        let now = self.ws.clock.now().timestamp();
        let answer = lifecycle::expected_answer(&w.order, self.ws.network.as_ref(), now)
            .map(|(days, at)| (days, at.to_zoned(eastern())));
        let mut body = strings::submit_body(&name, group, date, time, review.as_deref(), answer);
        let unchanged: Vec<&str> = (w.unchanged_reasons().iter()).map(|r| r.title()).collect();
        if !unchanged.is_empty() {
            body.push_str(&strings::confirm_unchanged(&unchanged));
        }
        self.popup = Some(Box::new(Confirm::new(
            strings::submit_title(resubmit),
            body,
            strings::submit_yes(resubmit),
            strings::KEEP_EDITING,
            Command::Draft(DraftCommand::Submit),
        )));
    }

    fn submit(&mut self) {
        let now = self.ws.clock.now().timestamp();
        let Some(w) = self.wizard() else { return };
        let mut order = w.order.clone();
        if let Err(e) = lifecycle::submit(&mut order, self.ws.network.as_ref(), now) {
            return self.error(strings::not_submitted(&e.to_string()));
        }
        let (id, status, setback) = (order.id.clone(), order.status, order.setback());
        let name = strip_controls(&order.display_name());
        if self.save_order(order) {
            self.editing = None;
            self.open_details(&id);
            let text = strings::submitted(&name, &id, status.label(), setback);
            match setback {
                Some(_) => self.error(text),
                None => self.info(text),
            }
        } else if let Some(n) = &mut self.notice {
            n.text.push_str(strings::NOT_SUBMITTED_AFTER_SAVE);
        }
    }

    /// Checks the order as for a submission, but for its LOA (the signature is what the request
    /// brings), then asks for the signer's email, the contact email filled in.
    fn ask_signature(&mut self) {
        let problems = self.presubmit();
        self.tell_screen(Reply::Presubmit(problems));
        let now = self.ws.clock.now().timestamp();
        let Some(w) = self.wizard() else { return };
        let problems: Vec<_> = (w.review_problems().into_iter())
            .filter(|p| !matches!(p.field, Field::LoaPath | Field::LoaSignedOn))
            .collect();
        if let Some(first) = problems.first() {
            let (place, n) = (steps::place(first), problems.len());
            return self.error(strings::fix_first(
                strings::NOT_SENT_FOR_SIGNATURE,
                &place,
                n,
            ));
        }
        let letter = match loa::generate(&w.order, Language::default(), now) {
            Ok(letter) => letter,
            Err(e) => return self.error(e.to_string()),
        };
        let note = strings::signature_note(&letter.certified.authorized_user);
        let email = PromptField::text(
            strings::SIGNATURE_EMAIL_FIELD,
            w.order.fields.contact_email.trim(),
        );
        self.popup = Some(Box::new(Prompt::new(
            Purpose::SendForSignature,
            strings::SIGNATURE_TITLE,
            &note,
            vec![email],
        )));
    }

    /// Sends the wizard's draft for e-signature to `email`: the generated LOA is kept, and the
    /// order waits for the signature on its details page.
    pub(super) fn send_for_signature(&mut self, email: &str) -> Result<String, String> {
        let today = self.ws.clock.today();
        let probe = OrderFields {
            contact_email: email.to_string(),
            ..OrderFields::default()
        };
        let context = Context {
            today,
            other_order_names: &[],
        };
        if let Some(error) = validate::check_field(&probe, Field::ContactEmail, &context).error {
            return Err(format!("{}: {error}", strings::SIGNATURE_EMAIL_FIELD));
        }
        let now = self.ws.clock.now().timestamp();
        let Some(w) = self.wizard() else {
            return Err(strings::SIGNATURE_NO_DRAFT.into());
        };
        let mut order = w.order.clone();
        let (letter, _) = self.ws.keep_generated_loa(&order, Language::default())?;
        let request = esign::request(&letter, email, now);
        let email = request.email.clone();
        lifecycle::send_for_signature(&mut order, request, now).map_err(|e| e.to_string())?;
        let (id, name) = (order.id.clone(), strip_controls(&order.display_name()));
        if !self.save_order(order) {
            let why = self.notice.take().map(|n| n.text).unwrap_or_default();
            return Err(why);
        }
        self.editing = None;
        self.open_details(&id);
        Ok(strings::sent_for_signature(&name, &id, &email))
    }

    fn start_drafts(&mut self, groups: Vec<PortGroup>, country: Option<Country>) {
        let (created, stopped) = self.ws.start_drafts(groups, country);
        let ids: Vec<String> = created.iter().map(|d| d.id.clone()).collect();
        created.into_iter().for_each(|d| self.store_in_list(d));
        if let Some(why) = stopped {
            return self.error(why);
        }
        if ids.is_empty() {
            return self.info(strings::EVERY_GROUP_HERE);
        }
        self.info(strings::drafts_started(&ids));
        // Those numbers now belong to the new drafts, so this order's check marks them as taken.
        if let Some(check) = wizard_in(&mut self.screens).map(WizardState::check_numbers) {
            self.run(check);
        }
    }
}
