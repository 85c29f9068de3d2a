//! What a Letter of Authorization certifies, taken from the order: its form (US, US toll-free,
//! Canada), the values printed on it, and the fingerprint of those values that the PDF carries, so
//! that a signed copy can be told apart from one prepared for other values.

use crate::domain::address;
use crate::domain::order::{GroupKind, Order, OrderFields, PortType};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::validate::{effective_port_type, normalize_account_number};
use sha2::{Digest, Sha256};
use std::fmt;

/// The three LOA forms (SPEC §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// US geographic and mobile numbers: a number port.
    UnitedStates,
    /// US toll-free numbers: a change of Responsible Organization (RespOrg).
    TollFree,
    /// Canadian numbers: bilingual, English and French.
    Canada,
}

impl Form {
    pub fn label(self) -> &'static str {
        match self {
            Form::UnitedStates => "US",
            Form::TollFree => "US toll-free",
            Form::Canada => "Canada bilingual",
        }
    }
}

/// The language the LOA is written in; the Canadian form has both, this one first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    French,
}

impl Language {
    /// The document's language tag for its metadata.
    pub fn tag(self, form: Form) -> &'static str {
        match (self, form) {
            (Language::English, Form::Canada) => "en-CA",
            (Language::English, _) => "en-US",
            (Language::French, Form::Canada) => "fr-CA",
            (Language::French, _) => "fr",
        }
    }
}

/// One of the values an LOA certifies; each has its own part of the fingerprint, so a mismatch
/// can say which value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    LosingCarrier,
    AccountNumber,
    BtnAndPortType,
    Organization,
    AuthorizedUser,
    ServiceAddress,
    Numbers,
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::LosingCarrier,
        Part::AccountNumber,
        Part::BtnAndPortType,
        Part::Organization,
        Part::AuthorizedUser,
        Part::ServiceAddress,
        Part::Numbers,
    ];

    /// How a message names the value.
    pub fn label(self) -> &'static str {
        match self {
            Part::LosingCarrier => "losing carrier",
            Part::AccountNumber => "account number",
            Part::BtnAndPortType => "BTN or port type",
            Part::Organization => "organization name",
            Part::AuthorizedUser => "authorized user",
            Part::ServiceAddress => "service address",
            Part::Numbers => "numbers",
        }
    }
}

/// Hex digits of each part's digest in the fingerprint.
const PART_DIGITS: usize = 4;

/// The fingerprint of the certified values: one short digest per [`Part`], printed as
/// `3a7c-91d2-0b4e-66f1-a2c9-5d03-e1f0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint([String; 7]);

impl Fingerprint {
    /// The parts whose values differ between the two fingerprints, in the order of [`Part::ALL`].
    pub fn changed(&self, now: &Fingerprint) -> Vec<Part> {
        (Part::ALL.iter().zip(self.0.iter().zip(&now.0)))
            .filter(|(_, (a, b))| a != b)
            .map(|(part, _)| *part)
            .collect()
    }

    /// Reads a fingerprint as printed: seven groups of four hex digits joined by dashes.
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let groups: Vec<&str> = text.split('-').collect();
        let well_formed = groups.len() == Part::ALL.len()
            && (groups.iter())
                .all(|g| g.len() == PART_DIGITS && g.bytes().all(|b| b.is_ascii_hexdigit()));
        if !well_formed {
            return None;
        }
        Some(Fingerprint(std::array::from_fn(|i| {
            groups[i].to_ascii_lowercase()
        })))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("-"))
    }
}

/// The words before the order ID in the stamp line every page carries.
pub const STAMP_LEAD: &str = "portwiz LOA";
/// The word between the order ID and the fingerprint in the stamp line.
pub const STAMP_FINGERPRINT: &str = "fingerprint";

/// The line that ties a page to its order and values: `portwiz LOA PW-261120-001 fingerprint 3a7c-…`.
pub fn stamp(order_id: &str, fingerprint: &Fingerprint) -> String {
    format!("{STAMP_LEAD} {order_id} {STAMP_FINGERPRINT} {fingerprint}")
}

/// Finds a stamp in a PDF's text (spacing as extracted): the order ID and fingerprint it names.
pub fn find_stamp(text: &str) -> Option<(String, Fingerprint)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lead: Vec<&str> = STAMP_LEAD.split_whitespace().collect();
    words.windows(lead.len() + 3).find_map(|w| {
        let (head, rest) = w.split_at(lead.len());
        if head != lead.as_slice() || rest[1] != STAMP_FINGERPRINT {
            return None;
        }
        Some((rest[0].to_string(), Fingerprint::parse(rest[2])?))
    })
}

/// A value is missing that the LOA must print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the LOA cannot be generated yet: {}", missing_words(.0))]
pub struct Incomplete(pub Vec<&'static str>);

fn missing_words(missing: &[&str]) -> String {
    let list = match missing {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!("give {list} first (steps 2 to 5 of the wizard), then generate it again")
}

/// Everything an LOA prints, in the words it prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certified {
    pub order_id: String,
    pub form: Form,
    /// Toll-free numbers: the letter asks for a change of RespOrg, not a port.
    pub toll_free: bool,
    pub losing_carrier: String,
    pub account_number: String,
    /// The BTN as administrators read it, `(212) 736-5000`, or as typed when it does not parse.
    pub btn: String,
    pub port_type: PortType,
    /// Only for a Partial port that takes the BTN along, when one was given.
    pub replacement_btn: Option<String>,
    pub organization: String,
    pub authorized_user: String,
    /// The street line (with the suite), then `City, RG POSTAL`, then the country.
    pub service_address: [String; 3],
    /// `YYYY-MM-DD`, when chosen.
    pub port_date: Option<String>,
    pub numbers: Vec<PhoneNumber>,
    pub fingerprint: Fingerprint,
}

/// A number for print: `(212) 736-5000` when it parses, else the text as typed.
fn readable_number(text: &str) -> String {
    PhoneNumber::parse(text.trim()).map_or_else(|_| text.trim().to_string(), |n| n.national())
}

/// Spaces collapsed: what a reader sees of a typed value.
fn tidy(text: &str) -> String {
    crate::text::strip_controls(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Certified {
    /// The values of `order` as its LOA prints them, or which ones are still missing.
    pub fn of(order: &Order) -> Result<Certified, Incomplete> {
        let f = &order.fields;
        let mut missing = Vec::new();
        let group = f.group.as_ref();
        if group.is_none_or(|g| g.numbers.is_empty()) {
            missing.push("the numbers");
        }
        let required: [(&str, &'static str); 8] = [
            (&f.btn, "the BTN"),
            (&f.account_number, "the account number"),
            (&f.organization_name, "the organization name"),
            (&f.authorized_first_name, "the authorized user's first name"),
            (&f.authorized_last_name, "the authorized user's last name"),
            (&f.street, "the street address"),
            (&f.city, "the city"),
            (&f.postal_code, "the ZIP or postal code"),
        ];
        missing.extend(
            required
                .iter()
                .filter(|(v, _)| v.trim().is_empty())
                .map(|(_, w)| *w),
        );
        let port_type = effective_port_type(f);
        if port_type.is_none() {
            missing.push("the port type");
        }
        let (Some(group), Some(port_type), true) = (group, port_type, missing.is_empty()) else {
            return Err(Incomplete(missing));
        };
        let country = f.country.unwrap_or(Country::UnitedStates);
        let form = match (country, group.kind) {
            (Country::Canada, _) => Form::Canada,
            (Country::UnitedStates, GroupKind::TollFree) => Form::TollFree,
            (Country::UnitedStates, _) => Form::UnitedStates,
        };
        let street = match f.suite.trim() {
            "" => tidy(&f.street),
            suite => format!("{}, {}", tidy(&f.street), tidy(suite)),
        };
        let locality = format!(
            "{}, {} {}",
            tidy(&f.city),
            tidy(&f.region).to_uppercase(),
            tidy(&f.postal_code).to_uppercase()
        );
        let replacement_btn = (port_type == PortType::Partial
            && !f.replacement_btn.trim().is_empty())
        .then(|| readable_number(&f.replacement_btn));
        let port_date = Some(f.port_date.trim().to_string()).filter(|d| !d.is_empty());
        Ok(Certified {
            order_id: order.id.clone(),
            form,
            toll_free: group.kind == GroupKind::TollFree,
            losing_carrier: tidy(&group.carrier_name),
            account_number: normalize_account_number(f.account_number.trim()),
            btn: readable_number(&f.btn),
            port_type,
            replacement_btn,
            organization: tidy(&f.organization_name),
            authorized_user: tidy(&format!(
                "{} {}",
                f.authorized_first_name, f.authorized_last_name
            )),
            service_address: [street, locality, country.name().to_string()],
            port_date,
            numbers: group.numbers.clone(),
            fingerprint: fingerprint(f),
        })
    }
}

/// The fingerprint of what `fields` would certify now; values compare as carriers compare them
/// (case, spacing and the usual abbreviations of an address do not count).
pub fn fingerprint(f: &OrderFields) -> Fingerprint {
    let number = |text: &str| {
        PhoneNumber::parse(text.trim())
            .map_or_else(|_| text.trim().to_string(), |n| n.e164().to_string())
    };
    let port_type = effective_port_type(f)
        .map(|p| format!("{p:?}"))
        .unwrap_or_default();
    let replacement = match effective_port_type(f) {
        Some(PortType::Partial) => number(&f.replacement_btn),
        _ => String::new(),
    };
    let mut numbers: Vec<&str> = (f.group.iter())
        .flat_map(|g| g.numbers.iter().map(PhoneNumber::e164))
        .collect();
    numbers.sort_unstable();
    let values: [String; 7] = Part::ALL.map(|part| match part {
        Part::LosingCarrier => (f.group.as_ref())
            .map(|g| g.carrier_id.clone())
            .unwrap_or_default(),
        Part::AccountNumber => normalize_account_number(f.account_number.trim()).to_uppercase(),
        Part::BtnAndPortType => format!("{}\n{port_type}\n{replacement}", number(&f.btn)),
        Part::Organization => address::fold(&f.organization_name),
        Part::AuthorizedUser => format!(
            "{}\n{}",
            address::fold(&f.authorized_first_name),
            address::fold(&f.authorized_last_name)
        ),
        Part::ServiceAddress => [&f.street, &f.suite, &f.city, &f.region, &f.postal_code]
            .map(|v| address::fold(v))
            .join("\n"),
        Part::Numbers => numbers.join(","),
    });
    Fingerprint(std::array::from_fn(|i| {
        let mut hash = Sha256::new();
        hash.update(b"portwiz-loa-1\0");
        hash.update(Part::ALL[i].label().as_bytes());
        hash.update(b"\0");
        hash.update(values[i].as_bytes());
        let digest = hash.finalize();
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()[..PART_DIGITS]
            .to_string()
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::order::PortGroup;
    use jiff::Timestamp;

    pub(crate) fn sample_order() -> Order {
        let now: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), now);
        let f = &mut order.fields;
        f.country = Some(Country::UnitedStates);
        f.group = Some(PortGroup {
            carrier_id: "northwind".into(),
            carrier_name: "Northwind Telecom".into(),
            account: "4410223177".into(),
            kind: GroupKind::Geographic,
            pin_required: false,
            numbers: ["+12127365001", "+12127365002"]
                .map(|n| PhoneNumber::parse(n).unwrap())
                .to_vec(),
            kept_usage: Default::default(),
        });
        f.btn = "212 736 5000".into();
        f.port_type = Some(PortType::Partial);
        f.organization_name = "Contoso Ltd".into();
        f.account_number = "4410-223177".into();
        f.authorized_first_name = "Dana".into();
        f.authorized_last_name = "Whitfield".into();
        f.street = "350 Fifth Avenue".into();
        f.suite = "Suite 4100".into();
        f.city = "New York".into();
        f.region = "ny".into();
        f.postal_code = "10118".into();
        order
    }

    #[test]
    fn certifies_the_order_values_as_printed() {
        let c = Certified::of(&sample_order()).unwrap();
        assert_eq!(c.form, Form::UnitedStates);
        assert_eq!(c.account_number, "4410223177");
        assert_eq!(c.btn, "(212) 736-5000");
        assert_eq!(c.port_type, PortType::Partial);
        assert_eq!(c.authorized_user, "Dana Whitfield");
        assert_eq!(
            c.service_address,
            [
                "350 Fifth Avenue, Suite 4100",
                "New York, NY 10118",
                "United States"
            ]
        );
        assert_eq!(c.port_date, None);
        assert_eq!(c.fingerprint.to_string().len(), 7 * 4 + 6);
    }

    #[test]
    fn the_form_follows_country_and_kind() {
        let mut order = sample_order();
        order.fields.group.as_mut().unwrap().kind = GroupKind::TollFree;
        assert_eq!(Certified::of(&order).unwrap().form, Form::TollFree);
        order.fields.country = Some(Country::Canada);
        assert_eq!(Certified::of(&order).unwrap().form, Form::Canada);
    }

    #[test]
    fn names_every_missing_value() {
        let mut order = sample_order();
        order.fields.account_number.clear();
        order.fields.city = "  ".into();
        let err = Certified::of(&order).unwrap_err();
        assert_eq!(err.0, ["the account number", "the city"]);
        assert_eq!(
            err.to_string(),
            "the LOA cannot be generated yet: give the account number and the city first (steps 2 to 5 of the wizard), then generate it again"
        );
    }

    #[test]
    fn the_fingerprint_names_the_part_that_changed_and_ignores_spelling() {
        let order = sample_order();
        let before = fingerprint(&order.fields);
        let mut same = order.fields.clone();
        same.street = "350 FIFTH AVE".into();
        same.account_number = "4410 223177".into();
        same.account_pin = crate::domain::order::Secret::new("9999");
        same.port_date = "2026-12-01".into();
        assert_eq!(fingerprint(&same), before);
        let mut other = order.fields.clone();
        other.account_number = "4410223178".into();
        other.city = "Brooklyn".into();
        assert_eq!(
            before.changed(&fingerprint(&other)),
            [Part::AccountNumber, Part::ServiceAddress]
        );
    }

    #[test]
    fn a_stamp_is_found_in_extracted_text() {
        let print = fingerprint(&sample_order().fields);
        let text = format!(
            "Signature\n  {}  · page 1 of 2\n",
            stamp("PW-261120-001", &print)
        );
        assert_eq!(
            find_stamp(&text),
            Some(("PW-261120-001".to_string(), print.clone()))
        );
        assert_eq!(find_stamp("portwiz LOA PW-1 fingerprint 12-34"), None);
        assert_eq!(find_stamp("no stamp here"), None);
        assert_eq!(
            Fingerprint::parse(&print.to_string().to_uppercase()),
            Some(print)
        );
    }
}
