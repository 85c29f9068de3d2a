//! What the router does with a confirmed prompt: moving the clock, asking support, renaming an
//! order, and the numbers' changes (assign, release, the porting PIN, a port-out request). A refused
//! answer goes back to the prompt, which stays open saying why.

use super::App;
use crate::clock::Advance;
use crate::domain::inventory::AssigneeKind;
use crate::domain::phone::{PhoneNumber, parse_list};
use crate::domain::pin::check_new_pin;
use crate::domain::validate::Context;
use crate::files;
use crate::lifecycle;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Reply};
use crate::ui::popups::prompt::{Answers, Purpose};
use crate::ui::screens::details;
use crate::ui::widgets::chrome::{Notice, Tone};
use crate::workspace::ClockTarget;

impl App {
    /// Acts on a confirmed prompt; a refused answer stays in the prompt with the reason.
    pub(super) fn answer(&mut self, purpose: Purpose, answers: &Answers) {
        // What the clock brought may be bad news, announced as such.
        let mut tone = Tone::Info;
        // Which of the prompt's fields a refusal is about (the error shows under it).
        let mut about: Option<usize> = None;
        // A value the refused field is to hold instead (a free file name).
        let mut proposed: Option<String> = None;
        // What the prompt's next answer is for, after a conflict (the values as now stored).
        let mut rebased: Option<Purpose> = None;
        let result: Result<String, String> = match purpose {
            Purpose::AdvanceClock => Advance::parse(&answers.value(0)).and_then(|step| {
                // The step counts from the clock as stored: another session may have moved it.
                let moved = self.ws.advance_clock(ClockTarget::Step(step))?;
                self.reload_orders();
                self.reopen_shown();
                let notice = Notice::clock_step(&moved);
                tone = notice.tone;
                Ok(notice.text)
            }),
            Purpose::Assistance { order_id } => self.change_order(&order_id, |order, now| {
                lifecycle::request_assistance(order, now.timestamp(), &answers.value(0))
            }),
            Purpose::Edit {
                order_id,
                name,
                emails,
            } => {
                let names: Vec<String> = (self.orders.iter())
                    .filter(|o| o.id != order_id)
                    .map(|o| o.name.clone())
                    .collect();
                self.change_order(&order_id, |order, now| {
                    // Saved over the order as stored now: a field another session changed since
                    // the dialog opened keeps that change, or is a conflict if typed over too.
                    let stored = &order.fields;
                    let merged = (
                        lifecycle::merge_edited(&name, &answers.value(0), &stored.order_name),
                        lifecycle::merge_edited(
                            &emails,
                            &answers.value(1),
                            &stored.notification_emails,
                        ),
                    );
                    let (Ok(name), Ok(emails)) = merged.clone() else {
                        let labels = [strings::EDIT_NAME_FIELD, strings::EDIT_EMAILS_FIELD];
                        let conflicts: Vec<(&str, String)> = (labels.into_iter())
                            .zip([merged.0.as_ref(), merged.1.as_ref()])
                            .filter_map(|(label, merged)| {
                                Some((label, strip_controls(merged.err()?)))
                            })
                            .collect();
                        about = Some(usize::from(merged.0.is_ok()));
                        rebased = Some(Purpose::Edit {
                            order_id: order.id.clone(),
                            name: stored.order_name.trim().to_string(),
                            emails: stored.notification_emails.trim().to_string(),
                        });
                        return Err(strings::edited_meanwhile(&conflicts));
                    };
                    let context = Context {
                        today: now.date(),
                        other_order_names: &names,
                    };
                    lifecycle::edit_names(order, &name, &emails, &context, now.timestamp())
                        .map(|()| strings::SAVED.to_string())
                })
            }
            Purpose::Export { order_id } => {
                let order = self.ws.order(&order_id).map_err(|e| e.to_string());
                order.and_then(|order| {
                    let now = self.ws.clock.now().timestamp();
                    let text = details::export_order(order, self.ws.network.as_ref(), now);
                    let file = files::expand_home(&answers.value(0));
                    // What is written there is taken for the store's own (damaged) data.
                    if let Some(folder) = self.ws.store_folder()
                        && files::lands_in(&file, folder)
                    {
                        let name = strings::export_file_name(&order_id);
                        (about, proposed) = (Some(0), Some(format!("~/{name}")));
                        return Err(strings::export_in_data_dir(
                            &strip_controls(&file.display().to_string()),
                            &strip_controls(&folder.display().to_string()),
                        ));
                    }
                    let written = files::write_new(&file, text.as_bytes()).map_err(|why| {
                        let Some(free) = files::free_name_beside(&file) else {
                            return why;
                        };
                        let name = free.file_name().unwrap_or_default().to_string_lossy();
                        let why = strings::export_taken(
                            &strip_controls(&file.display().to_string()),
                            &strip_controls(&name),
                        );
                        (about, proposed) = (Some(0), Some(free.display().to_string()));
                        why
                    })?;
                    Ok(strings::exported(&strip_controls(
                        &written.display().to_string(),
                    )))
                })
            }
            Purpose::Assign { number } => {
                let kind = AssigneeKind::ALL[answers.choice(1)];
                // The usages offered follow the kind: only those it may have.
                let usage = kind.usages()[answers.choice(2)];
                let name = answers.value(0);
                let assigned = self.ws.assign(&number, &name, kind, usage);
                assigned.map(|()| strings::assigned(&number.national(), name.trim()))
            }
            Purpose::Release { number, code } => (self.ws)
                .release(&number, &answers.value(0), &code)
                .map(|()| strings::released(&number.national())),
            Purpose::SetPin => {
                let (pin, again) = (answers.value(0), answers.value(1));
                // A PIN that would pass typed twice alike was refused for its second entry.
                let first_fine = check_new_pin(self.ws.pin_is_set(), &pin, &pin).is_ok();
                about = Some(usize::from(first_fine));
                (self.ws)
                    .set_pin(&pin, &again)
                    .map(|warning| strings::pin_saved(warning.as_deref()))
            }
            Purpose::SendForSignature => self.send_for_signature(&answers.value(0)),
            Purpose::PortOut => {
                let list = parse_list(&answers.value(0), None);
                about = Some(0);
                match list.errors().next() {
                    Some(bad) => Err(format!("{}: {}", strip_controls(&bad.input), bad.reason())),
                    None => {
                        let numbers: Vec<PhoneNumber> = list.unique_numbers().cloned().collect();
                        let pin = answers.value(1);
                        let now = self.ws.real_now();
                        let ported = self.ws.port_out(&numbers, &pin, now);
                        // Refused for its numbers, or else for its PIN (the PIN is checked first).
                        let numbers_refused = self.ws.inventory.check_port_out(&numbers).err();
                        if ported.as_ref().err() != numbers_refused.as_ref() {
                            about = Some(1);
                        }
                        ported
                    }
                }
            }
        };
        match result {
            Ok(text) => {
                self.popup = None;
                self.refresh_numbers();
                self.notice = Some(Notice { text, tone });
            }
            Err(why) => self.dispatch(component::Msg::Reply(Reply::Refused {
                field: about,
                why,
                proposed,
                purpose: rebased,
            })),
        }
    }
}
