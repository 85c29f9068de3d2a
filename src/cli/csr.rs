//! `portwiz csr`: asking the losing carrier for an account's Customer Service Record, and showing
//! the one kept (SPEC §12). The account PIN is read from standard input, never from the command
//! line, and no CSR holds it.

use super::{Failure, Outcome, find_order};
use crate::domain::calendar::eastern;
use crate::domain::csr::{self, Csr, CsrAddress, CsrEntry, CsrRefusal, CsrRequest};
use crate::domain::order::Secret;
use crate::domain::phone::PhoneNumber;
use crate::text::strip_controls;
use crate::workspace::{CsrFailure, Workspace};
use std::io::{BufRead, Read, Write};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Ask the carrier that bills BTN for the account's CSR. Carriers answer at their own pace: a
    /// later answer arrives as the clock moves. Three wrong requests in a day and the account
    /// refuses requests for a day.
    Request {
        /// The billing telephone number of the account.
        #[arg(long)]
        btn: String,
        /// The account number, as on a recent bill.
        #[arg(long)]
        account: String,
        /// Keep the CSR with this order (its ID).
        #[arg(long)]
        order: Option<String>,
        /// Read the account PIN from the first line of standard input (where the account has one).
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Show the CSR kept with an order, or asked for a BTN.
    Show {
        /// The order's ID.
        #[arg(required_unless_present = "btn", conflicts_with = "btn")]
        id: Option<String>,
        /// The billing telephone number asked for.
        #[arg(long)]
        btn: Option<String>,
    },
}

pub(super) fn run(action: &Action, ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::Request {
            btn,
            account,
            order,
            pin_stdin,
        } => {
            let btn = parse_btn(btn)?;
            let order = match order {
                Some(id) => Some(order_billed_to(ws, id, &btn)?),
                None => None,
            };
            let request = CsrRequest {
                btn,
                account_number: account.trim().to_string(),
                pin: Secret::new(if *pin_stdin {
                    read_pin()?
                } else {
                    String::new()
                }),
            };
            let entry =
                ws.request_csr(&request, order.as_deref())
                    .map_err(|failure| match failure {
                        CsrFailure::BadPin(why) => {
                            Failure::bad_input(format!("the account PIN on standard input: {why}"))
                        }
                        CsrFailure::Refused {
                            refusal: CsrRefusal::PinMissing { .. },
                            message,
                        } if !pin_stdin => Failure::bad_input(format!(
                            "{message} Give it on standard input with --pin-stdin."
                        )),
                        CsrFailure::Refused { message, .. } | CsrFailure::Store(message) => {
                            Failure::refused(message)
                        }
                    })?;
            write_entry(&entry, json, out)
        }
        Action::Show { id, btn } => {
            let book = ws.csr_book().map_err(Failure::refused)?;
            let entry = match (id, btn) {
                (Some(id), _) => {
                    let order = find_order(ws, id)?;
                    let own = PhoneNumber::parse(&order.fields.btn).ok();
                    book.of_order_billed(&order.id, own.as_ref()).ok_or_else(|| {
                        Failure::not_found(format!(
                            "no CSR was asked for order {}; ask with `portwiz csr request --btn BTN --account ACCOUNT --order {}`",
                            order.id, order.id
                        ))
                    })?
                }
                (None, Some(btn)) => {
                    let btn = parse_btn(btn)?;
                    book.entry(&btn).ok_or_else(|| {
                        Failure::not_found(format!(
                            "no CSR was asked for {}; ask with `portwiz csr request --btn {} --account ACCOUNT`",
                            btn.national(),
                            btn.e164()
                        ))
                    })?
                }
                (None, None) => unreachable!("clap requires an ID or --btn"),
            };
            // Only wrong requests were made for it: the carrier took none, so nothing is to come.
            if entry.pending.is_none() && entry.received.is_none() {
                let now = ws.clock.now().timestamp();
                let standing = match csr::refusing_until(&entry.wrong_requests, now) {
                    Some(until) => format!(
                        "the account refuses requests until {}",
                        crate::clock::show(&until.to_zoned(eastern()))
                    ),
                    None => match csr::wrong_requests_left(&entry.wrong_requests, now) {
                        1 => "one more wrong request and the account refuses requests for a day"
                            .into(),
                        left => format!(
                            "{left} more wrong requests and the account refuses requests for a day"
                        ),
                    },
                };
                return Err(Failure::not_found(format!(
                    "no CSR was received for {}: the carrier refused every request for it ({standing}); ask again with `portwiz csr request --btn {} --account ACCOUNT`",
                    entry.btn.national(),
                    entry.btn.e164()
                )));
            }
            write_entry(entry, json, out)
        }
    }
}

/// The ID of the order `id`, when its BTN is `btn`: an order keeps the CSR of its own account.
fn order_billed_to(ws: &Workspace, id: &str, btn: &PhoneNumber) -> Result<String, Failure> {
    let order = find_order(ws, id)?;
    match PhoneNumber::parse(&order.fields.btn) {
        Ok(own) if &own == btn => Ok(order.id),
        Ok(own) => Err(Failure::bad_input(format!(
            "order {} bills {}, not {}: ask for the CSR of its own account, or give no --order",
            order.id,
            own.national(),
            btn.national()
        ))),
        Err(_) => Err(Failure::bad_input(format!(
            "order {} has no billing telephone number yet: enter it in the order first (step 3), or give no --order",
            order.id
        ))),
    }
}

fn parse_btn(text: &str) -> Result<PhoneNumber, Failure> {
    PhoneNumber::parse(text).map_err(|e| {
        Failure::bad_input(format!(
            "--btn {:?} is not a phone number: {e}",
            strip_controls(text)
        ))
    })
}

/// The first line of standard input, without its line ending.
fn read_pin() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(256)
        .read_line(&mut line)
        .map_err(|e| Failure::bad_input(format!("cannot read the PIN from standard input: {e}")))?;
    Ok(line.trim().to_string())
}

fn write_entry(entry: &CsrEntry, json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        let value = serde_json::json!({
            "btn": entry.btn,
            "state": if entry.pending.is_some() { "pending" } else { "received" },
            "pending": entry.pending,
            "csr": entry.received,
            "orders": entry.orders,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    if let Some(ticket) = &entry.pending {
        writeln!(
            out,
            "asked {} for the CSR of {} at {}; its answer is due {} (the clock brings it: `portwiz clock advance`)",
            ticket.carrier_name,
            ticket.btn.national(),
            crate::clock::show(&ticket.asked_at.to_zoned(eastern())),
            crate::clock::show(&ticket.ready_at.to_zoned(eastern())),
        )?;
    }
    if let Some(csr) = &entry.received {
        write_csr(csr, entry.pending.is_some(), out)?;
    }
    Ok(())
}

fn address(a: &CsrAddress) -> String {
    let street = [a.street.as_str(), a.suite.as_str()]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    strip_controls(&format!(
        "{street}, {} {} {}",
        a.city, a.region, a.postal_code
    ))
}

fn write_csr(csr: &Csr, older: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let received = crate::clock::show(&csr.received_at.to_zoned(eastern()));
    writeln!(
        out,
        "{}CSR of {} from {}, received {received}",
        if older { "The last " } else { "" },
        csr.btn.national(),
        strip_controls(&csr.carrier_name)
    )?;
    let contact = &csr.authorized_contact;
    let reach = [contact.phone.as_str(), contact.email.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = [
        (
            "Account number",
            format!(
                "{} ({}; {})",
                csr.account_number,
                csr.account_status.label(),
                if csr.pin_on_account {
                    "the account has a PIN: the carrier asks for it"
                } else {
                    "no account PIN"
                }
            ),
        ),
        ("Organization", csr.organization.clone()),
        (
            "Authorized user",
            format!("{} {}", contact.first_name, contact.last_name)
                + &if reach.is_empty() {
                    String::new()
                } else {
                    format!(" ({reach})")
                },
        ),
        ("Service address", address(&csr.service_address)),
        (
            "Billing address",
            if csr.billing_differs() {
                format!(
                    "{} (not the service address: an order names the service address)",
                    address(&csr.billing_address)
                )
            } else {
                "the service address".to_string()
            },
        ),
        ("BTN", csr.btn.national()),
        (
            "Port freeze",
            if csr.frozen {
                "yes: ask the carrier to lift it before ordering".to_string()
            } else {
                "none".to_string()
            },
        ),
    ];
    for (label, value) in rows {
        writeln!(out, "  {label:<17} {}", strip_controls(&value))?;
    }
    writeln!(out, "  Numbers ({})", csr.numbers.len())?;
    for n in &csr.numbers {
        let features = if n.features.is_empty() {
            String::new()
        } else {
            format!(": {}", n.features.join(", "))
        };
        writeln!(
            out,
            "    {} {}{}",
            n.number.national(),
            n.kind.label(),
            strip_controls(&features)
        )?;
    }
    Ok(())
}
