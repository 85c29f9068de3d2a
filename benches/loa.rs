//! Benchmarks for issue 12: generating the Letter of Authorization (a US letter of 3 numbers, and
//! one of 999 numbers with its exhibit pages), and checking a signed copy (parse, pages, text).

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::domain::order::{GroupKind, Order, PortGroup, PortType};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::loa::{self, Language};
use std::hint::black_box;

fn order(count: u64) -> Order {
    let mut order = Order::new_draft(
        "PW-261120-001".into(),
        "2026-11-20T15:00:00Z".parse().unwrap(),
    );
    let f = &mut order.fields;
    f.country = Some(Country::UnitedStates);
    f.group = Some(PortGroup {
        carrier_id: "northwind".into(),
        carrier_name: "Northwind Telecom".into(),
        account: "4410223177".into(),
        kind: GroupKind::Geographic,
        pin_required: false,
        numbers: (2127361000..2127361000 + count)
            .map(|n| PhoneNumber::parse(&format!("+1{n}")).unwrap())
            .collect(),
        kept_usage: Default::default(),
    });
    f.btn = "212 736 1000".into();
    f.port_type = Some(PortType::Partial);
    f.organization_name = "Contoso Ltd".into();
    f.account_number = "4410223177".into();
    f.authorized_first_name = "Françoise".into();
    f.authorized_last_name = "Whitfield".into();
    f.street = "350 Fifth Avenue".into();
    f.city = "New York".into();
    f.region = "NY".into();
    f.postal_code = "10118".into();
    order
}

fn generate(c: &mut Criterion) {
    let now = "2026-11-20T15:00:00Z".parse().unwrap();
    for count in [3, 999] {
        let order = order(count);
        let size = loa::generate(&order, Language::English, now)
            .unwrap()
            .bytes
            .len();
        eprintln!("LOA of {count} numbers: {size} bytes");
        c.bench_function(&format!("generate the LOA of {count} numbers"), |b| {
            b.iter(|| loa::generate(black_box(&order), Language::English, now).unwrap())
        });
    }
}

fn check(c: &mut Criterion) {
    let order = order(999);
    let now = "2026-11-20T15:00:00Z".parse().unwrap();
    let bytes = loa::generate(&order, Language::English, now).unwrap().bytes;
    c.bench_function("check a signed LOA of 999 numbers", |b| {
        b.iter(|| loa::check_signed(&order.id, &order.fields, black_box(&bytes)).unwrap())
    });
}

criterion_group!(benches, generate, check);
criterion_main!(benches);
