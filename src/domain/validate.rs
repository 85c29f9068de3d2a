//! The order's fields, and the rule for each field (SPEC §3): a message that says what is
//! wrong and how to fix it, or a warning that lets the administrator go on.

use super::address::{
    is_po_box, normalize_postal_code, normalize_region, postal_code_outside_region,
};
use super::calendar::{
    DayStatus, TimeWindow, first_recommended, judge_day, parse_date, parse_time,
};
use super::inventory::Usage;
use super::limits::over_limit;
use super::order::{OrderFields, PortType};
use super::phone::{MAX_NUMBERS_PER_ORDER, PhoneNumber};
use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Country,
    Numbers,
    Group,
    Usage,
    Btn,
    PortType,
    ReplacementBtn,
    OrganizationName,
    CurrentProvider,
    AccountNumber,
    AccountPin,
    AuthorizedFirstName,
    AuthorizedLastName,
    Street,
    Suite,
    City,
    Region,
    PostalCode,
    ServiceCountry,
    LoaPath,
    LoaSignedOn,
    OrderName,
    PortDate,
    PortTime,
    ContactName,
    ContactEmail,
    ContactPhone,
    NotificationEmails,
}

impl Field {
    pub fn label(self) -> &'static str {
        super::fields::spec(self).label
    }

    /// The step of the order the field belongs to (see [`super::fields::LAST_STEP`]).
    pub fn step(self) -> u8 {
        super::fields::spec(self).step
    }
}

/// What the rules need beyond the order itself.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub today: Date,
    /// Names of the organization's other orders, for uniqueness.
    pub other_order_names: &'a [String],
}

/// The verdict on one field: an error blocks the step, a warning only informs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Check {
    pub error: Option<String>,
    pub warning: Option<String>,
}

impl Check {
    fn ok() -> Check {
        Check::default()
    }
    fn error(message: impl Into<String>) -> Check {
        Check {
            error: Some(message.into()),
            warning: None,
        }
    }
    fn warning(message: impl Into<String>) -> Check {
        Check {
            error: None,
            warning: Some(message.into()),
        }
    }
    fn from_result(result: Result<(), String>) -> Check {
        result.err().map(Check::error).unwrap_or_default()
    }
}

/// A field's problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub step: u8,
    pub field: Field,
    pub message: String,
}

pub fn btn_is_ported(fields: &OrderFields) -> Option<bool> {
    over_limit(fields, Field::Btn).is_none().then_some(())?;
    let btn = PhoneNumber::parse(&fields.btn).ok()?;
    let group = fields.group.as_ref()?;
    Some(group.numbers.contains(&btn))
}

/// The port type that applies: Partial is forced when the BTN stays behind.
pub fn effective_port_type(fields: &OrderFields) -> Option<PortType> {
    match btn_is_ported(fields) {
        Some(false) => Some(PortType::Partial),
        _ => fields.port_type,
    }
}

/// Whether the replacement BTN field applies: a Partial port that takes the BTN along.
pub fn replacement_btn_applies(fields: &OrderFields) -> bool {
    btn_is_ported(fields) == Some(true) && fields.port_type == Some(PortType::Partial)
}

pub fn normalize_account_number(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
}

fn required(text: &str, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err(format!("enter {what}"))
    } else {
        Ok(())
    }
}

fn check_email(text: &str) -> Result<(), String> {
    let t = text.trim();
    let valid = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{t:?} is not an email address; write it as name@example.com"
        ))
    }
}

/// The addresses of a list of emails, separated by semicolons (as SPEC has it) or commas (as
/// mail programs write them); an address never holds either.
pub fn email_list(text: &str) -> Vec<&str> {
    (text.split([';', ',']).map(str::trim))
        .filter(|e| !e.is_empty())
        .collect()
}

fn check_one_person(text: &str, what: &str) -> Result<(), String> {
    required(text, what)?;
    let lower = format!(" {} ", text.to_lowercase());
    if lower.contains(" and ") || text.contains('&') || text.contains(',') || text.contains('/') {
        return Err("one person only: the authorized user named on the carrier account".into());
    }
    Ok(())
}

/// Why an assigned number of the organization's own cannot be given another usage in an order.
pub fn usage_kept(number: &PhoneNumber, kept: Usage) -> String {
    format!(
        "{} is assigned, and keeps its assignment and its usage ({}) when it moves to Calling Plan; to give it another, unassign it in the numbers list (p) first",
        number.national(),
        kept.label()
    )
}

/// Judges one field of the order. A value over its length limit gets only that error, so the rules
/// below never read more than a limit's worth of text.
pub fn check_field(fields: &OrderFields, field: Field, ctx: &Context) -> Check {
    if let Some(message) = over_limit(fields, field) {
        return Check::error(message);
    }
    // What goes on the carrier's form is refused with a direction control in it.
    let typed = super::fields::spec(field).text.as_ref();
    if let Some(refusal) = typed.and_then(|text| crate::text::bidi_refusal((text.get)(fields))) {
        return Check::error(refusal);
    }
    let country = fields.country;
    match field {
        Field::Country => Check::from_result(
            country
                .map(|_| ())
                .ok_or_else(|| "choose United States or Canada".into()),
        ),
        Field::Numbers | Field::CurrentProvider | Field::ServiceCountry => Check::ok(),
        Field::Usage => {
            let group = fields.group.as_ref().map(|g| g.numbers.as_slice());
            let stray =
                (fields.number_usage.keys()).find(|n| !group.unwrap_or_default().contains(n));
            let unkept = (fields.number_usage.iter()).find_map(|(n, u)| {
                fields
                    .kept_usage(n)
                    .filter(|kept| kept != u)
                    .map(|k| (n, k))
            });
            match (stray, unkept) {
                (Some(stray), _) => Check::error(format!(
                    "{} has a usage but is not among the order's numbers; remove it from number_usage or add it to the numbers",
                    stray.national()
                )),
                (None, Some((number, kept))) => Check::error(usage_kept(number, kept)),
                (None, None) => Check::ok(),
            }
        }
        Field::Group => match &fields.group {
            None => Check::error("enter the numbers to port, then choose the group for this order"),
            Some(g) if g.numbers.len() > MAX_NUMBERS_PER_ORDER => Check::error(format!(
                "{} numbers; an order holds at most {MAX_NUMBERS_PER_ORDER}: split the order, or ask support for a manual project",
                g.numbers.len()
            )),
            Some(_) => Check::ok(),
        },
        Field::Btn => Check::from_result(if fields.btn.trim().is_empty() {
            Err("enter the billing telephone number: the main number of the carrier account".into())
        } else {
            PhoneNumber::parse(&fields.btn)
                .map(|_| ())
                .map_err(|e| format!("not a valid number: {e}"))
        }),
        Field::PortType => match (btn_is_ported(fields), fields.port_type) {
            // Partial by itself: information the wizard gives, not a warning.
            (Some(false), _) => Check::ok(),
            (_, None) => {
                Check::error("choose Full (the whole account moves and closes) or Partial")
            }
            (_, Some(_)) => Check::ok(),
        },
        Field::ReplacementBtn => {
            let text = fields.replacement_btn.trim();
            if !replacement_btn_applies(fields) || text.is_empty() {
                return Check::ok();
            }
            let result = PhoneNumber::parse(text).map_err(|e| format!("not a valid number: {e}")).and_then(|n| {
                if PhoneNumber::parse(&fields.btn).ok().as_ref() == Some(&n) {
                    Err("the replacement must differ from the BTN".to_string())
                } else if fields.group.as_ref().is_some_and(|g| g.numbers.contains(&n)) {
                    Err("the replacement must be a number that stays with the carrier, not one being ported".into())
                } else {
                    Ok(())
                }
            });
            Check::from_result(result)
        }
        Field::OrganizationName => {
            let name = fields.organization_name.trim();
            if name.is_empty() {
                Check::error(
                    "enter the organization name exactly as on the Customer Service Record",
                )
            } else if name.chars().count() > 25 {
                Check::warning("over 25 characters: some carriers cut longer names; check the CSR")
            } else {
                Check::ok()
            }
        }
        Field::AccountNumber => {
            let number = normalize_account_number(&fields.account_number);
            Check::from_result(if number.is_empty() {
                Err("enter the account number from the CSR or a recent bill".into())
            } else if let Some(c) = number.chars().find(|c| !c.is_ascii_alphanumeric()) {
                Err(format!(
                    "contains {c:?}; an account number has letters and digits only"
                ))
            } else {
                Ok(())
            })
        }
        Field::AccountPin => {
            let pin = fields.account_pin.expose();
            let needed = fields.group.as_ref().is_some_and(|g| g.pin_required);
            Check::from_result(if pin.is_empty() {
                if needed {
                    Err("this carrier requires the account PIN; get it from the carrier".into())
                } else {
                    Ok(())
                }
            } else if pin.chars().any(|c| !c.is_ascii_digit()) {
                Err("the PIN has digits only; letters and symbols are not accepted".into())
            } else if !(4..=15).contains(&pin.len()) {
                Err(format!(
                    "the PIN has {} digit{}; carrier PINs have 4 to 15",
                    pin.len(),
                    crate::strings::plural(pin.len())
                ))
            } else {
                Ok(())
            })
        }
        Field::AuthorizedFirstName => Check::from_result(check_one_person(
            &fields.authorized_first_name,
            "the first name of the authorized user on the carrier account",
        )),
        Field::AuthorizedLastName => Check::from_result(check_one_person(
            &fields.authorized_last_name,
            "the last name of the authorized user on the carrier account",
        )),
        Field::Street => {
            let street = fields.street.trim();
            Check::from_result(if street.is_empty() {
                Err("enter the street address where the numbers are used, as on the CSR".into())
            } else if is_po_box(street) {
                Err("a PO box is not a service address; give the physical address where the numbers are used".into())
            } else {
                Ok(())
            })
        }
        Field::Suite => Check::ok(),
        Field::City => Check::from_result(required(&fields.city, "the city")),
        Field::Region => match country {
            Some(c) => Check::from_result(normalize_region(c, &fields.region).map(|_| ())),
            None => Check::error("choose the country in step 1 first"),
        },
        Field::PostalCode => match country {
            Some(c) => {
                Check::from_result(normalize_postal_code(c, &fields.postal_code).and_then(|_| {
                    match postal_code_outside_region(c, &fields.postal_code, &fields.region) {
                        Some(outside) => Err(outside),
                        None => Ok(()),
                    }
                }))
            }
            None => Check::error("choose the country in step 1 first"),
        },
        Field::LoaPath => {
            if fields.loa.is_some() {
                Check::ok()
            } else {
                Check::error(
                    "attach the signed LOA: type the path to its PDF and press Enter (Ctrl-O browses), or send it for e-signature from the review (e)",
                )
            }
        }
        Field::LoaSignedOn => Check::from_result(match fields.loa_signed_on.trim() {
            "" => Err(format!(
                "enter the date the LOA was signed as YYYY-MM-DD, e.g. {}",
                ctx.today
            )),
            text => match text.parse::<Date>() {
                Err(_) => Err(format!(
                    "{text:?} is not a date; write the day the LOA was signed as YYYY-MM-DD, e.g. {}",
                    ctx.today
                )),
                Ok(d) if d > ctx.today => Err(format!(
                    "{d} is in the future; give the date the LOA was signed (today is {})",
                    ctx.today
                )),
                Ok(_) => Ok(()),
            },
        }),
        Field::OrderName => {
            let name = fields.order_name.trim();
            Check::from_result(if name.is_empty() {
                Err("enter a name for this order, e.g. \"New York office move\"".into())
            } else if name.chars().any(char::is_control) {
                // An escape sequence in a name would act on every terminal that lists it.
                Err("the name holds a control character (an escape sequence, a tab or a line break); type it again with letters, digits and punctuation only".into())
            } else if ctx
                .other_order_names
                .iter()
                .any(|n| n.trim().eq_ignore_ascii_case(name))
            {
                Err(format!(
                    "another order is already named {name:?}; choose a unique name"
                ))
            } else {
                Ok(())
            })
        }
        Field::PortDate => match (country, parse_date(&fields.port_date)) {
            (None, _) => Check::error("choose the country in step 1 first"),
            (Some(c), Err(_)) if !fields.port_date.trim().is_empty() => Check::error(format!(
                "{:?} is not a date; write it as YYYY-MM-DD, e.g. {}, or press Ctrl-O for the calendar",
                fields.port_date.trim(),
                first_recommended(c, ctx.today)
            )),
            (_, Err(e)) => Check::error(e),
            (Some(c), Ok(day)) => {
                let verdict = judge_day(c, ctx.today, day);
                match verdict.status {
                    DayStatus::Aggressive => Check::warning(verdict.explain()),
                    s if s.allowed() => Check::ok(),
                    _ => Check::error(verdict.explain()),
                }
            }
        },
        Field::PortTime => match time_window(fields) {
            None => Check::error("choose the numbers in step 2 first"),
            Some(window) => Check::from_result(parse_time(&fields.port_time).and_then(|t| {
                if window.contains(t) {
                    Ok(())
                } else {
                    Err(format!("outside the allowed time: {window}"))
                }
            })),
        },
        Field::ContactName => Check::from_result(required(
            &fields.contact_name,
            "the name of the person the carrier may contact",
        )),
        Field::ContactEmail => Check::from_result(if fields.contact_email.trim().is_empty() {
            Err("enter the contact's email address".into())
        } else {
            check_email(&fields.contact_email)
        }),
        Field::ContactPhone => Check::from_result(if fields.contact_phone.trim().is_empty() {
            Err("enter the contact's phone number".into())
        } else {
            PhoneNumber::parse(&fields.contact_phone)
                .map(|_| ())
                .map_err(|e| format!("not a valid number: {e}"))
        }),
        Field::NotificationEmails => {
            let emails = email_list(&fields.notification_emails);
            if emails.len() > 10 {
                return Check::error(format!(
                    "{} addresses; at most 10, separated by ; or ,",
                    emails.len()
                ));
            }
            Check::from_result(emails.iter().try_for_each(|e| {
                check_email(e).map_err(|error| {
                    // Two words with an @ each are two addresses; "x@@y" is one, mistyped.
                    let words = e.split_whitespace().filter(|w| w.contains('@')).count();
                    match (words, e.matches('@').count()) {
                        (2.., _) => {
                            format!("{e:?} holds more than one address; separate them with ; or ,")
                        }
                        (_, 2..) => format!(
                            "{e:?} is not an email address: an address has one @; write it as name@example.com"
                        ),
                        _ => error,
                    }
                })
            }))
        }
    }
}

/// The time window for the order's country and chosen numbers.
pub fn time_window(fields: &OrderFields) -> Option<TimeWindow> {
    Some(TimeWindow::for_order(
        fields.country?,
        fields.group.as_ref()?.kind.number_type(),
    ))
}

/// Every error of one step, in field order.
pub fn step_problems(fields: &OrderFields, number: u8, ctx: &Context) -> Vec<Problem> {
    super::fields::of_step(number)
        .filter_map(|field| {
            check_field(fields, field, ctx)
                .error
                .map(|message| Problem {
                    step: number,
                    field,
                    message,
                })
        })
        .collect()
}

/// Every error of every step: what the review lists before submitting.
pub fn all_problems(fields: &OrderFields, ctx: &Context) -> Vec<Problem> {
    (1..=super::fields::LAST_STEP)
        .flat_map(|n| step_problems(fields, n, ctx))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::{GroupKind, PortGroup, Secret};
    use crate::domain::phone::Country;
    use jiff::civil::date;

    fn ctx() -> Context<'static> {
        Context {
            today: date(2026, 11, 20),
            other_order_names: &[],
        }
    }

    fn group(kind: GroupKind, pin_required: bool, numbers: &[&str]) -> PortGroup {
        PortGroup {
            carrier_id: "northwind".into(),
            carrier_name: "Northwind Telecom".into(),
            account: "4410223177".into(),
            kind,
            pin_required,
            numbers: numbers
                .iter()
                .map(|n| PhoneNumber::parse(n).unwrap())
                .collect(),
            kept_usage: Default::default(),
        }
    }

    fn error(fields: &OrderFields, field: Field) -> Option<String> {
        check_field(fields, field, &ctx()).error
    }

    /// One of a count is said in the singular, and a mistyped address is not called two.
    #[test]
    fn messages_count_and_give_the_right_reason() {
        let mut f = OrderFields {
            account_pin: crate::domain::order::Secret::new("7"),
            ..OrderFields::default()
        };
        assert_eq!(
            error(&f, Field::AccountPin).unwrap(),
            "the PIN has 1 digit; carrier PINs have 4 to 15"
        );
        f.account_pin = crate::domain::order::Secret::new("77");
        assert!(
            error(&f, Field::AccountPin)
                .unwrap()
                .starts_with("the PIN has 2 digits;")
        );
        f.notification_emails = "x@@y".into();
        assert_eq!(
            error(&f, Field::NotificationEmails).unwrap(),
            "\"x@@y\" is not an email address: an address has one @; write it as name@example.com"
        );
    }

    /// A name or address line for the carrier's form is refused with a direction control in it,
    /// saying which; a name in a right-to-left script is not.
    #[test]
    fn a_direction_control_in_a_typed_field_is_refused() {
        let f = OrderFields {
            organization_name: "Contoso \u{202e}dtL".into(),
            authorized_first_name: "\u{200f}Priya".into(),
            city: "Seattle".into(),
            ..OrderFields::default()
        };
        let refused = error(&f, Field::OrganizationName).unwrap();
        assert!(
            refused.starts_with("holds an invisible direction control (U+202E)"),
            "{refused}"
        );
        assert!(
            error(&f, Field::AuthorizedFirstName)
                .unwrap()
                .contains("U+200F")
        );
        assert_eq!(error(&f, Field::City), None);
        let hebrew = OrderFields {
            organization_name: "שלום Ltd".into(),
            ..OrderFields::default()
        };
        assert_eq!(error(&hebrew, Field::OrganizationName), None);
    }

    #[test]
    fn an_assigned_own_number_keeps_its_usage_whatever_the_order_says() {
        let mut own = group(GroupKind::Geographic, false, &["6462901101", "6462901102"]);
        let attendant = PhoneNumber::parse("6462901101").unwrap();
        own.kept_usage.insert(attendant.clone(), Usage::VoiceApp);
        let mut f = OrderFields {
            group: Some(own),
            ..Default::default()
        };
        f.sync_usages();
        assert_eq!(
            f.number_usage[&attendant],
            Usage::VoiceApp,
            "not the default"
        );
        assert_eq!(error(&f, Field::Usage), None);
        // As an imported file may say it.
        f.number_usage.insert(attendant, Usage::User);
        assert_eq!(
            error(&f, Field::Usage).as_deref(),
            Some(
                "(646) 290-1101 is assigned, and keeps its assignment and its usage (voice app) when it moves to Calling Plan; to give it another, unassign it in the numbers list (p) first"
            )
        );
    }

    #[test]
    fn pin_is_digits_only_and_required_for_mobile() {
        let mut f = OrderFields {
            group: Some(group(GroupKind::Mobile, true, &["4155238800"])),
            ..Default::default()
        };
        assert!(
            error(&f, Field::AccountPin)
                .unwrap()
                .contains("requires the account PIN")
        );
        f.account_pin = Secret::new("48a913");
        let message = error(&f, Field::AccountPin).unwrap();
        assert!(message.contains("digits only"));
        assert!(
            !message.contains("48a913"),
            "the message never repeats the PIN"
        );
        f.account_pin = Secret::new("482913");
        assert_eq!(error(&f, Field::AccountPin), None);
        f.group = Some(group(GroupKind::Geographic, false, &["2127365000"]));
        f.account_pin = Secret::default();
        assert_eq!(
            error(&f, Field::AccountPin),
            None,
            "optional when the carrier does not ask"
        );
    }

    #[test]
    fn btn_outside_the_order_forces_partial() {
        let mut f = OrderFields {
            group: Some(group(
                GroupKind::Geographic,
                false,
                &["2127365001", "2127365002"],
            )),
            btn: "2127365000".into(),
            ..Default::default()
        };
        assert_eq!(effective_port_type(&f), Some(PortType::Partial));
        assert_eq!(
            check_field(&f, Field::PortType, &ctx()),
            Check::ok(),
            "Partial by itself is no warning"
        );
        assert!(!replacement_btn_applies(&f));
        f.btn = "2127365001".into();
        assert_eq!(effective_port_type(&f), None);
        assert!(error(&f, Field::PortType).is_some());
        f.port_type = Some(PortType::Partial);
        assert!(replacement_btn_applies(&f));
        f.replacement_btn = "2127365001".into();
        assert!(
            error(&f, Field::ReplacementBtn)
                .unwrap()
                .contains("differ from the BTN")
        );
        f.replacement_btn = "2127365002".into();
        assert!(
            error(&f, Field::ReplacementBtn)
                .unwrap()
                .contains("not one being ported")
        );
        f.replacement_btn = "2127365009".into();
        assert_eq!(error(&f, Field::ReplacementBtn), None);
    }

    #[test]
    fn an_order_holds_at_most_999_numbers() {
        let numbers: Vec<String> = (0..1000).map(|i| format!("212736{i:04}")).collect();
        let refs: Vec<&str> = numbers.iter().map(String::as_str).collect();
        let mut f = OrderFields {
            group: Some(group(GroupKind::Geographic, false, &refs)),
            ..Default::default()
        };
        let message = error(&f, Field::Group).unwrap();
        assert!(
            message.contains("1000 numbers")
                && message.contains("split the order")
                && message.contains("manual project")
        );
        f.group = Some(group(GroupKind::Geographic, false, &refs[..999]));
        assert_eq!(error(&f, Field::Group), None);
    }

    #[test]
    fn organization_name_warns_above_25_characters() {
        let f = OrderFields {
            organization_name: "Contoso International Holdings".into(),
            ..Default::default()
        };
        let check = check_field(&f, Field::OrganizationName, &ctx());
        assert_eq!(check.error, None);
        assert!(check.warning.unwrap().contains("25 characters"));
    }

    #[test]
    fn account_number_drops_spaces_and_dashes() {
        assert_eq!(normalize_account_number("4410-2231 77"), "4410223177");
        let f = OrderFields {
            account_number: "44#10".into(),
            ..Default::default()
        };
        assert!(
            error(&f, Field::AccountNumber)
                .unwrap()
                .contains("letters and digits")
        );
    }

    #[test]
    fn authorized_user_is_one_person() {
        let f = OrderFields {
            authorized_first_name: "Dana and Lee".into(),
            ..Default::default()
        };
        assert!(
            error(&f, Field::AuthorizedFirstName)
                .unwrap()
                .contains("one person")
        );
    }

    #[test]
    fn address_rules() {
        let f = OrderFields {
            country: Some(Country::UnitedStates),
            street: "PO Box 77".into(),
            postal_code: "1234".into(),
            region: "QC".into(),
            ..Default::default()
        };
        assert!(error(&f, Field::Street).unwrap().contains("PO box"));
        assert!(error(&f, Field::PostalCode).unwrap().contains("ZIP"));
        assert!(
            error(&f, Field::Region)
                .unwrap()
                .contains("not in United States")
        );
    }

    #[test]
    fn loa_date_cannot_be_in_the_future() {
        let f = OrderFields {
            loa_signed_on: "2026-11-21".into(),
            ..Default::default()
        };
        assert!(error(&f, Field::LoaSignedOn).unwrap().contains("future"));
        let f = OrderFields {
            loa_signed_on: "2026-11-20".into(),
            ..Default::default()
        };
        assert_eq!(error(&f, Field::LoaSignedOn), None);
    }

    #[test]
    fn the_loa_dates_example_is_a_date_it_takes() {
        for typed in ["", "11/20/2026"] {
            let f = OrderFields {
                loa_signed_on: typed.into(),
                ..Default::default()
            };
            let message = error(&f, Field::LoaSignedOn).unwrap();
            let example = message.rsplit("e.g. ").next().unwrap();
            assert_eq!(example, "2026-11-20", "{message}");
            assert!(!message.contains("Ctrl-O"), "no calendar here: {message}");
            let f = OrderFields {
                loa_signed_on: example.into(),
                ..Default::default()
            };
            assert_eq!(error(&f, Field::LoaSignedOn), None);
        }
    }

    #[test]
    fn port_date_and_time_rules() {
        let mut f = OrderFields {
            country: Some(Country::UnitedStates),
            group: Some(group(GroupKind::Geographic, false, &["2127365000"])),
            port_date: "2026-11-26".into(),
            port_time: "21:00".into(),
            ..Default::default()
        };
        assert!(
            error(&f, Field::PortDate)
                .unwrap()
                .contains("holiday (Thanksgiving Day)")
        );
        assert!(
            error(&f, Field::PortTime)
                .unwrap()
                .contains("08:00 to 20:00")
        );
        f.port_date = "12/14/2026".into();
        let message = error(&f, Field::PortDate).unwrap();
        let example = message
            .split("e.g. ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert_eq!(
            example, "2026-12-14",
            "the first recommended day: {message}"
        );
        f.port_date = example.into();
        assert_eq!(check_field(&f, Field::PortDate, &ctx()), Check::ok());
        f.port_date = "2026-11-30".into();
        let check = check_field(&f, Field::PortDate, &ctx());
        assert_eq!(check.error, None);
        assert!(check.warning.unwrap().contains("aggressive"));
        f.group = Some(group(GroupKind::TollFree, false, &["8887362000"]));
        f.port_time = "09:00".into();
        assert!(
            error(&f, Field::PortTime)
                .unwrap()
                .contains("11:30 Eastern time only")
        );
    }

    #[test]
    fn order_names_are_unique_and_emails_checked() {
        let names = vec!["NYC move".to_string()];
        let c = Context {
            today: date(2026, 11, 20),
            other_order_names: &names,
        };
        let f = OrderFields {
            order_name: "nyc move".into(),
            contact_email: "dana@".into(),
            notification_emails: "a@b.co; c@d.co;x".into(),
            ..Default::default()
        };
        assert!(
            check_field(&f, Field::OrderName, &c)
                .error
                .unwrap()
                .contains("already named")
        );
        assert!(error(&f, Field::ContactEmail).is_some());
        assert!(
            error(&f, Field::NotificationEmails)
                .unwrap()
                .contains("\"x\"")
        );
        let f = OrderFields {
            notification_emails: "a@b.co, c@d.co;e@f.co".into(),
            ..Default::default()
        };
        assert_eq!(error(&f, Field::NotificationEmails), None, "commas too");
        let f = OrderFields {
            notification_emails: "a@b.co c@d.co".into(),
            ..Default::default()
        };
        assert_eq!(
            error(&f, Field::NotificationEmails).unwrap(),
            "\"a@b.co c@d.co\" holds more than one address; separate them with ; or ,"
        );
        let many = ["a@b.co"; 11].join(";");
        let f = OrderFields {
            notification_emails: many,
            ..Default::default()
        };
        assert!(
            error(&f, Field::NotificationEmails)
                .unwrap()
                .contains("at most 10")
        );
    }

    #[test]
    fn a_value_over_its_limit_is_a_problem_naming_the_field_and_the_limit() {
        let f = OrderFields {
            city: "N".repeat(9_000_000),
            ..Default::default()
        };
        let problems = step_problems(&f, 5, &ctx());
        let city = problems.iter().find(|p| p.field == Field::City).unwrap();
        assert_eq!(
            city.message,
            "longer than 40 characters, the most carrier forms take: shorten it"
        );
    }

    #[test]
    fn an_empty_order_has_a_problem_in_every_step_with_required_fields() {
        let problems = all_problems(&OrderFields::default(), &ctx());
        let steps: std::collections::BTreeSet<u8> = problems.iter().map(|p| p.step).collect();
        assert_eq!(
            steps.into_iter().collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6, 7]
        );
    }
}
