//! Styled snapshots: one screen of each kind (a list with a selection, a wizard step with errors, a
//! rejected order's details, a confirmation) drawn in the colour theme and in the NO_COLOR one, and
//! dumped with their styles, so that the selection, the error styling and the theme are checked, and
//! that without colour the meaning is still there, in reverse video, bold and words.

mod common;

use common::{Harness, NOW};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::{Clock, parse_moment};
use portwiz::domain::status::Status;
use portwiz::store::DirStore;
use portwiz::ui::popups::confirm::Confirm;
use portwiz::ui::screens::details::DetailsState;
use portwiz::ui::screens::inventory::InventoryState;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// Each theme with the name its snapshots carry.
fn themes() -> [(&'static str, Theme); 2] {
    [("color", Theme::color()), ("no_color", Theme::monochrome())]
}

/// The app on the simulated clock, in `theme`, on an 80x24 terminal.
fn harness(theme: Theme) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        Box::new(DirStore::open(dir.path()).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Simulated(parse_moment(NOW).unwrap()),
        theme,
    );
    Harness {
        app,
        dir,
        terminal: Terminal::new(TestBackend::new(80, 24)).unwrap(),
    }
}

/// Draws the app and returns its buffer.
fn drawn(h: &mut Harness) -> Buffer {
    h.screen();
    h.terminal.backend().buffer().clone()
}

/// `style` in a few words: `fg=LightRed bg=Blue +BOLD+REVERSED`; empty for the terminal's own.
fn describe(style: Style) -> String {
    let mut words = Vec::new();
    if let Some(fg) = style.fg.filter(|&c| c != Color::Reset) {
        words.push(format!("fg={fg:?}"));
    }
    if let Some(bg) = style.bg.filter(|&c| c != Color::Reset) {
        words.push(format!("bg={bg:?}"));
    }
    let modifiers: String = style
        .add_modifier
        .iter_names()
        .map(|(name, _)| format!("+{name}"))
        .collect();
    if !modifiers.is_empty() {
        words.push(modifiers);
    }
    words.join(" ")
}

/// The buffer as text (rows numbered, trailing blanks cut), then for each row its runs of one
/// style as `row: from-to style` (columns inclusive), the terminal's own style left out.
fn dump_with_styles(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let text: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(&format!("{y:>2} {}\n", text.trim_end()));
    }
    out.push_str("-- styles --\n");
    for y in 0..area.height {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < area.width {
            let style = describe(buffer[(x, y)].style());
            let start = x;
            while x < area.width && describe(buffer[(x, y)].style()) == style {
                x += 1;
            }
            if !style.is_empty() {
                runs.push(format!("{start}-{} {style}", x - 1));
            }
        }
        if !runs.is_empty() {
            out.push_str(&format!("{y:>2}: {}\n", runs.join(", ")));
        }
    }
    out
}

/// The row whose text contains `needle`, with its index.
fn row_with(buffer: &Buffer, needle: &str) -> u16 {
    (0..buffer.area.height)
        .find(|&y| {
            let text: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            text.contains(needle)
        })
        .unwrap_or_else(|| panic!("no row shows {needle:?}:\n{}", dump_with_styles(buffer)))
}

/// The cells of row `y` that hold text (not blanks).
fn written_cells(buffer: &Buffer, y: u16) -> Vec<&ratatui::buffer::Cell> {
    (0..buffer.area.width)
        .map(|x| &buffer[(x, y)])
        .filter(|c| !c.symbol().trim().is_empty())
        .collect()
}

/// In the NO_COLOR theme no cell has a colour.
fn assert_no_colour(buffer: &Buffer) {
    for cell in &buffer.content {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour under NO_COLOR: {cell:?}\n{}",
            dump_with_styles(buffer)
        );
    }
}

#[test]
fn a_list_with_a_selection() {
    for (name, theme) in themes() {
        let mut h = harness(theme);
        h.typ("p").typ("j");
        let numbers = h
            .app
            .screen::<InventoryState>()
            .expect("the numbers screen");
        assert_eq!(numbers.list.selected, 1, "the second number is selected");
        let buffer = drawn(&mut h);
        insta::assert_snapshot!(
            format!("inventory_selection_{name}"),
            dump_with_styles(&buffer)
        );

        let selected = (h.app.screen::<InventoryState>().unwrap())
            .selected_number()
            .unwrap()
            .national();
        let row = row_with(&buffer, &selected);
        assert!(
            written_cells(&buffer, row)
                .iter()
                .all(|c| c.modifier.contains(Modifier::REVERSED)),
            "the selected row is in reverse video, in every theme"
        );
        assert!(
            !buffer[(2, row + 1)].modifier.contains(Modifier::REVERSED),
            "the row below is not"
        );
        if name == "no_color" {
            assert_no_colour(&buffer);
        }
    }
}

#[test]
fn a_wizard_step_with_errors() {
    for (name, theme) in themes() {
        let mut h = harness(theme);
        h.start_us_order().numbers_step();
        assert_eq!(h.step(), 2);
        let buffer = drawn(&mut h);
        insta::assert_snapshot!(
            format!("wizard_numbers_errors_{name}"),
            dump_with_styles(&buffer)
        );

        // The fictional 555 number is named in words, and marked bold as an error.
        let row = row_with(&buffer, "555-0100 to 555-0199 are fictional");
        let text: String = (0..80).map(|x| buffer[(x, row)].symbol()).collect();
        assert!(text.contains("✗ line 4"), "{text}");
        let cells = written_cells(&buffer, row);
        assert!(cells.iter().all(|c| c.modifier.contains(Modifier::BOLD)));
        match name {
            "color" => assert!(cells.iter().all(|c| c.fg == Color::LightRed)),
            _ => assert_no_colour(&buffer),
        }
    }
}

#[test]
fn the_details_of_a_rejected_order() {
    for (name, theme) in themes() {
        let mut h = harness(theme);
        h.submit_chicago_order("1111");
        h.advance("4bd");
        assert_eq!(h.status_of("PW-261120-001"), Status::CustomerActionRequired);
        assert!(h.app.screen::<DetailsState>().is_some());
        let buffer = drawn(&mut h);
        insta::assert_snapshot!(
            format!("details_rejected_{name}"),
            dump_with_styles(&buffer)
        );

        let banner = row_with(
            &buffer,
            "Customer action required: Cascade Communications rejected",
        );
        let cells = written_cells(&buffer, banner);
        assert!(
            cells.iter().all(|c| c.modifier.contains(Modifier::BOLD)),
            "the banner of a rejection is bold, as errors are"
        );
        match name {
            "color" => assert!(cells.iter().all(|c| c.fg == Color::LightRed)),
            _ => assert_no_colour(&buffer),
        }
        // The clock's notice tells the rejection as one: ✗, bold, in words.
        let notice = row_with(
            &buffer,
            "✗ Clock: 2026-11-27 10:00 ET; PW-261120-001 is now",
        );
        assert_eq!(row_with(&buffer, "rejected by the carrier."), notice + 1);
        assert!(
            written_cells(&buffer, notice)
                .iter()
                .all(|c| c.modifier.contains(Modifier::BOLD))
        );
    }
}

#[test]
fn a_confirmation() {
    for (name, theme) in themes() {
        let mut h = harness(theme);
        h.fill_to_review().typ("s");
        assert!(h.app.popup::<Confirm>().is_some());
        let buffer = drawn(&mut h);
        insta::assert_snapshot!(format!("confirm_submit_{name}"), dump_with_styles(&buffer));

        let row = row_with(&buffer, "Submit the port order");
        assert!(
            written_cells(&buffer, row)
                .iter()
                .any(|c| c.modifier.contains(Modifier::BOLD)),
            "the popup's title stands out"
        );
        if name == "no_color" {
            assert_no_colour(&buffer);
        }
    }
}
