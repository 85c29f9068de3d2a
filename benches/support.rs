//! Shared by the benchmarks: a data directory holding 10,000 realistic orders.
#![allow(dead_code)]

use portwiz::carrier::{self, SimulatedNetwork};
use portwiz::cli::Workspace;
use portwiz::clock::{Clock, parse_moment};
use portwiz::domain::order::{Order, OrderFields, PortType};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::domain::status::Status;
use portwiz::store::DirStore;
use std::collections::HashMap;
use std::path::Path;

pub const ORDERS: usize = 10_000;

/// Writes 10,000 realistic order files (every status, three numbers each) without fsync: fixtures.
pub fn fill_store(dir: &Path) {
    let store = DirStore::open(dir).unwrap();
    let network = SimulatedNetwork::sample();
    let numbers: Vec<PhoneNumber> = ["2127365001", "2127365002", "2127365003"]
        .iter()
        .map(|n| PhoneNumber::parse(n).unwrap())
        .collect();
    let group = carrier::check_numbers(&network, &numbers, &HashMap::new())
        .groups
        .remove(0);
    let start: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    for i in 0..ORDERS {
        let mut order = Order::new_draft(format!("PW-261120-{i:05}"), start);
        order.status = Status::ALL[i % Status::ALL.len()];
        order.fields = OrderFields {
            country: Some(Country::UnitedStates),
            numbers_text: "2127365001\n2127365002\n2127365003".into(),
            group: Some(group.clone()),
            btn: "2127365000".into(),
            port_type: Some(PortType::Partial),
            organization_name: "Contoso Ltd".into(),
            account_number: "4410223177".into(),
            authorized_first_name: "Dana".into(),
            authorized_last_name: "Whitfield".into(),
            street: "350 Fifth Avenue".into(),
            city: "New York".into(),
            region: "NY".into(),
            postal_code: "10118".into(),
            loa_signed_on: "2026-11-18".into(),
            order_name: format!("Office move {i}"),
            port_date: "2026-12-14".into(),
            port_time: "09:00".into(),
            contact_name: "Dana Whitfield".into(),
            contact_email: "dana@contoso.example".into(),
            contact_phone: "2127365099".into(),
            ..Default::default()
        };
        order.updated_at = start + jiff::SignedDuration::from_mins(i as i64);
        std::fs::write(
            store.order_path(&order.id),
            serde_json::to_vec_pretty(&order).unwrap(),
        )
        .unwrap();
    }
}

pub fn workspace(dir: &Path) -> Workspace {
    Workspace::open(
        Box::new(DirStore::open(dir).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Fixed(parse_moment("2026-11-20T10:00:00-05:00").unwrap()),
    )
}
