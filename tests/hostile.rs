//! Hostile input, by property tests over arbitrary bytes and text (cargo fuzz needs a nightly
//! toolchain this machine cannot fetch): the order file loader, the number-list parser, the CSV import
//! and the PDF check never panic and answer consistently; order JSON round-trips; a secret is never
//! drawn; no control character ever reaches the terminal.

mod common;

use portwiz::domain::order::{Order, OrderFields, Secret};
use portwiz::domain::phone::{Country, parse_csv, parse_list};
use portwiz::schema::{Reading, read_order};
use portwiz::store::{DirStore, save_order};
use portwiz::ui::widgets::text_field::{FieldKind, TextField};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Cases per property: the given number in the normal run; `PORTWIZ_FUZZ_SCALE=N` multiplies it
/// for a long run (docs/RELIABILITY.md gives the command and the figures).
fn cases(normal: u32) -> u32 {
    let scale = std::env::var("PORTWIZ_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    normal.saturating_mul(scale)
}

fn valid_order_bytes() -> Vec<u8> {
    let mut order = Order::new_draft(
        "PW-261120-001".into(),
        "2026-11-20T15:00:00Z".parse().unwrap(),
    );
    order.fields.numbers_text = "2127365001\n2127365002".into();
    order.fields.account_pin = Secret::new("4829");
    serde_json::to_vec_pretty(&order).unwrap()
}

fn order_of(reading: Reading) -> Order {
    match reading {
        Reading::Current(order)
        | Reading::Migrated { order, .. }
        | Reading::Newer { order, .. } => order,
    }
}

fn is_e164_nanp(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 12
        && s.starts_with("+1")
        && b[2..].iter().all(u8::is_ascii_digit)
        && b[2] >= b'2'
        && b[5] >= b'2'
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(3000), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn the_order_loader_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = read_order(&bytes);
    }

    #[test]
    fn the_order_loader_takes_any_damage_to_a_real_file(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12)
    ) {
        let mut bytes = valid_order_bytes();
        for (at, byte, kind) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        match read_order(&bytes) {
            Ok(reading) => {
                // What the loader takes in, saved again, reads back as the same order.
                let order = order_of(reading);
                let again = read_order(&serde_json::to_vec(&order).unwrap());
                prop_assert_eq!(again.map(order_of), Ok(order));
            }
            Err(e) => prop_assert!(!e.to_string().contains("4829"), "errors never echo the file"),
        }
    }

    #[test]
    fn the_number_parser_takes_any_text(text in "\\PC{0,400}|[0-9()+ .,;\\n-]{0,400}") {
        let list = parse_list(&text, Some(Country::UnitedStates));
        let lines = text.split('\n').count();
        for entry in &list.entries {
            prop_assert!(entry.line >= 1 && entry.line <= lines);
            if let Ok(n) = &entry.result {
                prop_assert!(is_e164_nanp(n.e164()), "{}", n.e164());
            }
        }
        prop_assert!(list.unique_count() + list.error_count() + list.duplicate_count() == list.entries.len());
    }

    #[test]
    fn the_csv_import_takes_any_text(body in "\\PC{0,400}|[0-9,\"\\n+]{0,400}") {
        let text = format!("PhoneNumber\n{body}");
        let list = parse_csv(&text, None);
        for entry in &list.entries {
            prop_assert!(entry.line >= 2, "row lines start after the header");
        }
        let _ = parse_csv(&body, Some(Country::Canada));
    }

    #[test]
    fn order_json_round_trips(
        texts in proptest::collection::vec("\\PC{0,40}", 12),
        pin in "[0-9]{0,12}",
        canada in any::<bool>(),
    ) {
        let mut order = Order::new_draft("PW-261120-001".into(), "2026-11-20T15:00:00Z".parse().unwrap());
        order.fields = OrderFields {
            country: Some(if canada { Country::Canada } else { Country::UnitedStates }),
            numbers_text: texts[0].clone(),
            btn: texts[1].clone(),
            organization_name: texts[2].clone(),
            account_number: texts[3].clone(),
            account_pin: Secret::new(pin),
            authorized_first_name: texts[4].clone(),
            authorized_last_name: texts[5].clone(),
            street: texts[6].clone(),
            city: texts[7].clone(),
            order_name: texts[8].clone(),
            contact_email: texts[9].clone(),
            notification_emails: texts[10].clone(),
            loa_signed_on: texts[11].clone(),
            ..Default::default()
        };
        let json = serde_json::to_vec(&order).unwrap();
        let Ok(Reading::Current(back)) = read_order(&json) else { panic!("a saved order reads back") };
        prop_assert_eq!(back, order);
    }

    #[test]
    fn a_secret_is_never_drawn_nor_debug_printed(pin in "[0-9A-Za-z]{1,20}", width in 1u16..40) {
        let secret = Secret::new(pin.clone());
        let count = pin.chars().count();
        prop_assert_eq!(secret.masked(), "•".repeat(count));
        prop_assert_eq!(format!("{:?}", secret), "Secret(<redacted>)");
        let field = TextField::new(FieldKind::Secret, &pin);
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        field.render(Rect::new(0, 0, width, 1), &mut buf, Style::new(), true);
        let drawn: String = (0..width).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        // One dot per character up to the caret, which sits after the last one, in the last column
        // at most.
        let dots = count.min(usize::from(width) - 1);
        prop_assert_eq!(drawn, format!("{}{}", "•".repeat(dots), " ".repeat(usize::from(width) - dots)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn the_pdf_check_takes_any_file(bytes in proptest::collection::vec(any::<u8>(), 0..2048), pdf in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(&dir.path().join("data")).unwrap();
        let mut content = if pdf { b"%PDF-".to_vec() } else { Vec::new() };
        content.extend(bytes);
        let file = dir.path().join("candidate.pdf");
        std::fs::write(&file, &content).unwrap();
        let attached = portwiz::loa::attach(&store, "PW-1", &Default::default(), &file, "2026-11-20T15:00:00Z".parse().unwrap());
        // Random bytes after the header are never a PDF with a page: refused, with a reason.
        match attached {
            Err(portwiz::loa::LoaError::NotPdf) => prop_assert!(!content.starts_with(b"%PDF-")),
            Err(portwiz::loa::LoaError::Damaged(_) | portwiz::loa::LoaError::NoPage) => prop_assert!(pdf),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn no_control_character_reaches_the_terminal(middle in "[\\x00-\\x1f\\x7f-\\u{9f}\\[0-9;mA-Za-z ]{0,18}") {
        // An order name from a file on disk, with escape sequences and every other control
        // character: the order list shows each as U+FFFD in its place. Ratatui would silently drop
        // the control characters itself, so the replacement characters are what says that the
        // name went through our stripping.
        let name = format!("A{middle}Z");
        let mut h = common::Harness::new(120, 30);
        let store = DirStore::open(h.dir.path()).unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), "2026-11-20T15:00:00Z".parse().unwrap());
        order.fields.order_name = name.clone();
        save_order(&store, &mut order).unwrap();
        h.restart();
        let shown: String = name.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect();
        let screen = h.screen();
        prop_assert!(screen.contains(&format!(" {shown} ")), "{shown:?} on {screen}");
        prop_assert!(!screen.chars().any(|c| c.is_control() && c != '\n'), "{screen:?}");
    }
}
