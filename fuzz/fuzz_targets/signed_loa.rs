//! Fuzz target: the signed-LOA checker (`portwiz::loa::check_signed`, lopdf underneath) on
//! arbitrary bytes, for a sample order. It must never panic; its refusal must say why without a
//! control character (it is shown on a terminal); and what it accepts must read as a PDF with a
//! page whose stamp, when it has one, names this order and its values.

#![no_main]

use libfuzzer_sys::fuzz_target;
use portwiz::domain::order::{GroupKind, OrderFields, PortGroup, PortType};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::loa::{self, check, certified};
use std::sync::OnceLock;

const ORDER_ID: &str = "PW-261120-001";

/// The values the seed letters were generated for (the tests' sample US order).
fn fields() -> &'static OrderFields {
    static FIELDS: OnceLock<OrderFields> = OnceLock::new();
    FIELDS.get_or_init(|| OrderFields {
        country: Some(Country::UnitedStates),
        group: Some(PortGroup {
            carrier_id: "northwind".into(),
            carrier_name: "Northwind Telecom".into(),
            account: "4410223177".into(),
            kind: GroupKind::Geographic,
            pin_required: false,
            numbers: ["+12127365001", "+12127365002"]
                .map(|n| PhoneNumber::parse(n).unwrap())
                .to_vec(),
        }),
        btn: "212 736 5000".into(),
        port_type: Some(PortType::Partial),
        organization_name: "Contoso Ltd".into(),
        account_number: "4410-223177".into(),
        authorized_first_name: "Dana".into(),
        authorized_last_name: "Whitfield".into(),
        street: "350 Fifth Avenue".into(),
        suite: "Suite 4100".into(),
        city: "New York".into(),
        region: "ny".into(),
        postal_code: "10118".into(),
        ..OrderFields::default()
    })
}

fuzz_target!(|bytes: &[u8]| {
    let fields = fields();
    match loa::check_signed(ORDER_ID, fields, bytes) {
        Ok(printed) => {
            let reading = check::read_pdf(bytes).expect("an accepted letter reads as a PDF");
            assert!(reading.pages >= 1, "an accepted letter has a page");
            match (printed, reading.stamp) {
                (Some(print), Some((id, stamp))) => {
                    assert_eq!(id, ORDER_ID);
                    assert_eq!(print, stamp);
                    assert!(print.changed(&certified::fingerprint(fields)).is_empty());
                }
                (None, None) => {}
                (printed, stamp) => panic!("check and reading disagree: {printed:?} {stamp:?}"),
            }
        }
        Err(refused) => {
            let message = refused.to_string();
            assert!(!message.is_empty());
            assert!(
                !message.chars().any(char::is_control),
                "a refusal shown on a terminal holds a control character: {message:?}"
            );
        }
    }
});
