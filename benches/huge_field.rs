//! Issue 8 point 6: a frame of the wizard's account step and of its review, with every text field
//! of step 4 holding 9 MB (a damaged or foreign draft), at 120x40: drawing reads only what fits.

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::domain::order::{Order, Secret};
use portwiz::domain::phone::Country;
use portwiz::ui::screens::wizard::{self, WizardState};
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const HUGE: usize = 9_000_000;

fn huge_draft(step: u8) -> WizardState {
    let created = "2026-11-20T15:00:00Z".parse().unwrap();
    let mut order = Order::new_draft("PW-1".into(), created);
    order.fields.country = Some(Country::UnitedStates);
    order.fields.organization_name = "x".repeat(HUGE);
    order.fields.account_number = "4".repeat(HUGE);
    order.fields.account_pin = Secret::new("7".repeat(HUGE));
    order.fields.authorized_first_name = "Dana ".repeat(HUGE / 5);
    order.fields.authorized_last_name = "é".repeat(HUGE / 2);
    order.wizard.step = step;
    WizardState::open(order, jiff::civil::date(2026, 11, 20), Vec::new())
}

fn render_huge_fields(c: &mut Criterion) {
    for (step, name) in [
        (4, "render step 4 with five 9 MB fields at 120x40"),
        (8, "render the review with five 9 MB fields at 120x40"),
    ] {
        let state = huge_draft(step);
        let theme = Theme::color();
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        c.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| {
                        let area = f.area();
                        wizard::render(&state, area, f.buffer_mut(), &theme);
                    })
                    .unwrap()
                    .area
            })
        });
    }
}

criterion_group!(benches, render_huge_fields);
criterion_main!(benches);
