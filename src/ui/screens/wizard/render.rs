//! Drawing the wizard: the stepper, each step's fields with their messages, the numbers step's
//! results and the review. Pure: it reads the state and returns where the caret is.

use super::companion::{Beside, FORM_WIDTH};
use super::{Control, Input, Note, WizardState, choices, steps};
use crate::domain::fields;
use crate::domain::limits::{clipped, max_chars, over_limit};
use crate::domain::order::{GroupKind, PortType};
use crate::domain::phone::{Country, MAX_NUMBERS_PER_ORDER, PhoneNumber};
use crate::domain::validate::{self, Field, effective_port_type, time_window};
use crate::lifecycle;
use crate::strings;
use crate::ui::theme::Theme;
use crate::ui::widgets::{drawable, order_summary, page, put, row_at, stepper, wrap, wrap_outside};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

const LABEL_WIDTH: u16 = 28;

/// The most lines a message under a field takes: the longest rule's message needs three at the
/// narrowest width, and a message quoting a damaged value must not push the form off the screen.
const MESSAGE_LINES: usize = 4;

/// One line of a laid-out form: text pieces with styles, or a field's input.
enum Row {
    Text(Vec<(String, Style)>),
    Input {
        at: Input,
        label: String,
        label_style: Style,
        focused: bool,
        /// A companion's word on the field, in the column beside it.
        beside: Option<(String, Style)>,
    },
}

/// Where each companion's word on the fields shows on this step (in the order of the
/// companions), and which of them has the column: the first that asks for it; another that asks
/// says its word under each field.
fn placements(state: &WizardState, width: u16) -> (Vec<Beside>, Option<usize>) {
    let at = state.at();
    let mut column = None;
    let placed = (state.companions.iter().enumerate())
        .map(|(i, c)| match c.placement(at, width) {
            Beside::Column if column.is_none() => {
                column = Some(i);
                Beside::Column
            }
            Beside::Column => Beside::Line,
            place => place,
        })
        .collect();
    (placed, column)
}

/// Every companion's word said under the fields, none beside them (steps without a column).
fn under_fields(state: &WizardState) -> Vec<Beside> {
    vec![Beside::Nowhere; state.companions.len()]
}

/// A field's rows plus whether it holds the focus, so the form can scroll to it.
struct Block {
    rows: Vec<Row>,
    focused: bool,
}

pub fn render(
    state: &WizardState,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Option<Position> {
    if area.height < 4 || area.width < 10 {
        return None;
    }
    stepper::render(
        state.step,
        &state.step_marks(),
        Rect { height: 1, ..area },
        buf,
        theme,
    );
    // The step's name, whole, under the stepper (the header keeps one shape on every step).
    let name = steps::step(state.step).name;
    put(buf, area.x, area.y + 1, area.width, name, theme.title);
    let mut top = 2;
    if state.update.is_some() {
        let banner = strings::UPDATE_BANNER;
        put(buf, area.x, area.y + top, area.width, banner, theme.warning);
        top += 1;
    }
    let body = Rect {
        y: area.y + top,
        height: area.height.saturating_sub(top),
        ..area
    };
    let (placed, column) = placements(state, body.width);
    let width = match column {
        Some(_) => FORM_WIDTH,
        None => body.width,
    };
    let blocks = match state.step {
        1 => step_one(state, body.width, theme),
        2 => return step_two(state, body, buf, theme),
        8 => return review(state, body, buf, theme),
        _ => {
            let mut blocks: Vec<Block> = fields::of_step(state.step)
                .map(|f| field_block(state, f, width, &placed, theme))
                .collect();
            blocks.extend(companion_blocks(state, width, theme));
            blocks
        }
    };
    if let Some(companion) = column.map(|i| &state.companions[i]) {
        let x = body.x + FORM_WIDTH;
        let heading = companion.heading();
        put(
            buf,
            x,
            area.y + 1,
            body.right().saturating_sub(x),
            &heading,
            theme.title,
        );
    }
    draw_blocks(state, &blocks, body, buf, theme)
}

fn message_rows(text: &str, style: Style, prefix: &str, width: u16) -> Vec<Row> {
    let indent = 2usize;
    wrap_outside(
        &format!("{prefix}{text}"),
        usize::from(width).saturating_sub(indent),
        MESSAGE_LINES,
    )
    .into_iter()
    .map(|line| Row::Text(vec![(" ".repeat(indent), style), (line, style)]))
    .collect()
}

/// A label with the focus marker, styled as focused or not.
fn focus_label(label: &str, focused: bool, theme: &Theme) -> (String, Style) {
    match focused {
        true => (format!("▶ {label}"), theme.label_focused),
        false => (format!("  {label}"), theme.label),
    }
}

fn note_rows(note: &Note, width: u16, theme: &Theme) -> Vec<Row> {
    match note {
        Note::Error(text) => message_rows(text, theme.error, strings::MARK_ERROR, width),
        Note::Info(text) => message_rows(text, theme.ok, "✓ ", width),
    }
}

/// The CSV file to import numbers from: its path, then what became of the last import, or how
/// to use it.
fn csv_file_rows(state: &WizardState, width: u16, theme: &Theme) -> Vec<Row> {
    let focused = state.focused_input() == Some(Input::CsvFile);
    let (label, label_style) = focus_label(strings::CSV_FILE_LABEL, focused, theme);
    let mut rows = vec![Row::Input {
        at: Input::CsvFile,
        label,
        label_style,
        focused,
        beside: None,
    }];
    rows.extend(match &state.csv_note {
        Some(note) => note_rows(note, width, theme),
        None => message_rows(strings::HINT_CSV_PATH, theme.dim, "", width),
    });
    rows
}

/// The message under a field: its error (once shown), its note, its warning, or a hint.
fn field_messages(state: &WizardState, field: Field, width: u16, theme: &Theme) -> Vec<Row> {
    if let Some(note) = state.notes.get(&field) {
        return note_rows(note, width, theme);
    }
    let check = state.check(field);
    if let Some(error) = check.error.filter(|_| state.shows_errors(field)) {
        return message_rows(&error, theme.error, strings::MARK_ERROR, width);
    }
    // What the pre-submit check knows (an LOA too old for this carrier) shows on its field.
    if let Some(problem) = state.external_problems_of(field).next() {
        return message_rows(&problem.message, theme.error, strings::MARK_ERROR, width);
    }
    if let Some(warning) = check.warning {
        return message_rows(&warning, theme.warning, strings::MARK_WARNING, width);
    }
    match hint(state, field) {
        Some(text) => message_rows(&text, theme.dim, "", width),
        None => Vec::new(),
    }
}

fn hint(state: &WizardState, field: Field) -> Option<String> {
    let f = &state.order.fields;
    let focused = state.focused() == Some(field);
    match field {
        Field::LoaPath => Some(match &f.loa {
            Some(loa) => strings::loa_attached(
                &clipped(
                    &loa.original_name,
                    max_chars(Field::LoaPath).unwrap_or(usize::MAX),
                ),
                loa.size.div_ceil(1024),
                loa.sha256.get(..12).unwrap_or_default(),
            ),
            None => strings::HINT_LOA_PATH.into(),
        }),
        Field::PortDate => {
            let country = f.country?;
            let dates = crate::domain::calendar::lead_dates(country, state.today);
            Some(strings::hint_port_date(&dates))
        }
        Field::PortTime => time_window(f).map(|w| strings::hint_port_time(&w.to_string())),
        Field::AccountNumber if focused => Some(strings::HINT_ACCOUNT_NUMBER.into()),
        // A PIN over its limit (from a damaged file) is not counted on every frame.
        Field::AccountPin
            if !f.account_pin.is_empty() && over_limit(f, Field::AccountPin).is_none() =>
        {
            let pin = f.account_pin.expose();
            let chars = pin.chars().count();
            let tail = super::pin_tail(pin).map(|start| &pin[start..]);
            let replacing = state.input(field).is_some_and(|i| i.selected()) && focused;
            Some(strings::pin_held(
                chars,
                tail,
                state.pin_peek && focused,
                replacing,
                focused,
            ))
        }
        Field::AccountPin => Some(if f.group.as_ref().is_some_and(|g| g.pin_required) {
            strings::HINT_PIN_REQUIRED.into()
        } else {
            strings::HINT_PIN_OPTIONAL.into()
        }),
        Field::OrganizationName if focused => Some(strings::HINT_ORGANIZATION.into()),
        Field::Street if focused => Some(strings::HINT_STREET.into()),
        Field::Btn if focused => Some(strings::HINT_BTN.into()),
        Field::ReplacementBtn => Some(strings::HINT_REPLACEMENT_BTN.into()),
        Field::PortType if validate::btn_is_ported(f) == Some(false) => {
            Some(strings::PARTIAL_BY_ITSELF.into())
        }
        // Said where the choice is made, not first at the review.
        Field::PortType => lifecycle::needs_review(&state.order)
            .map(|reason| strings::reviewed_by_support_first(&reason)),
        Field::NotificationEmails if focused => Some(strings::HINT_EMAILS.into()),
        Field::LoaSignedOn if focused => Some(strings::HINT_LOA_SIGNED_ON.into()),
        _ => None,
    }
}

fn readonly_value(state: &WizardState, field: Field) -> String {
    let f = &state.order.fields;
    match field {
        Field::CurrentProvider => f
            .group
            .as_ref()
            .map(|g| g.carrier_name.clone())
            .unwrap_or_else(|| strings::PROVIDER_FROM_NUMBERS.into()),
        Field::ServiceCountry => f.country.map(|c| c.name().to_string()).unwrap_or_default(),
        Field::PortTime => strings::port_time_fixed(&f.port_time, port_time_reason(state)),
        _ => String::new(),
    }
}

fn port_time_reason(state: &WizardState) -> &'static str {
    match (
        state.order.fields.country,
        state.order.fields.group.as_ref().map(|g| g.kind),
    ) {
        (Some(Country::Canada), _) => strings::FIXED_FOR_CANADA,
        (_, Some(GroupKind::TollFree)) => strings::FIXED_FOR_TOLL_FREE,
        _ => strings::FIXED_FOR_THESE,
    }
}

/// A field's rows: its input, then the carrier's reason, the companions' words and its message.
/// `placed`: where each companion's word shows.
fn field_block(
    state: &WizardState,
    field: Field,
    width: u16,
    placed: &[Beside],
    theme: &Theme,
) -> Block {
    let focused = state.focused() == Some(field);
    if field == Field::ReplacementBtn && !validate::replacement_btn_applies(&state.order.fields) {
        return Block {
            rows: Vec::new(),
            focused,
        };
    }
    let mut rows = Vec::new();
    let flagged = state.flagged(field);
    let (label, label_style) = match (flagged, focused) {
        (Some(_), false) => (format!("! {}", field.label()), theme.error),
        _ => focus_label(field.label(), focused, theme),
    };
    let fields = &state.order.fields;
    let words: Vec<_> = (state.companions.iter().zip(placed))
        .map(|(c, place)| (c, *place, c.beside(fields, field, theme)))
        .collect();
    let in_column = (words.iter())
        .find(|(_, place, _)| *place == Beside::Column)
        .and_then(|(_, _, word)| word.clone());
    match state.control_of(field) {
        Control::Text(_) => rows.push(Row::Input {
            at: Input::Order(field),
            label,
            label_style,
            focused,
            beside: in_column,
        }),
        Control::ReadOnly => rows.push(Row::Text(vec![
            (
                format!("{label:<w$}", w = usize::from(LABEL_WIDTH)),
                label_style,
            ),
            (readonly_value(state, field), theme.dim),
        ])),
        Control::Choice => {
            let chosen = match field {
                Field::PortType => effective_port_type(&state.order.fields)
                    .map(|p| usize::from(p == crate::domain::order::PortType::Partial)),
                _ => state
                    .order
                    .fields
                    .country
                    .map(|c| usize::from(c == Country::Canada)),
            };
            for (i, option) in choices(field).iter().enumerate() {
                let first = if i == 0 { label.clone() } else { String::new() };
                let cursor = focused && i == state.choice_cursor;
                let radio = if chosen == Some(i) { "(•)" } else { "( )" };
                let (pointer, style) = if cursor {
                    ("›", theme.selected)
                } else {
                    (" ", theme.base)
                };
                rows.push(Row::Text(vec![
                    (
                        format!("{first:<w$}", w = usize::from(LABEL_WIDTH) - 2),
                        if i == 0 { label_style } else { theme.base },
                    ),
                    (format!("{pointer} "), theme.base),
                    (format!("{radio} {option}"), style),
                ]));
            }
        }
        Control::Groups | Control::Usages => {}
    }
    if let Some(reason) = flagged {
        // The carrier's advice once per reason on a step; the other fields it names just say so.
        let first_named = fields::of_step(state.step).find(|f| state.flagged(*f) == Some(reason));
        let text = if first_named == Some(field) {
            strings::carrier_advice(reason.title(), reason.recommended_action())
        } else {
            strings::see_above(reason.title())
        };
        rows.extend(message_rows(
            &text,
            theme.warning,
            strings::MARK_CARRIER,
            width,
        ));
    } else if let Some(reason) = state.changed_for(field) {
        let text = strings::changed_since_rejection(reason.title());
        rows.extend(message_rows(&text, theme.ok, "✓ ", width));
    }
    for (companion, place, word) in words {
        match (place, word) {
            (Beside::Line, Some((text, style))) => {
                let line = strings::companion_says(companion.name(), &text);
                rows.extend(message_rows(&line, style, "", width))
            }
            (Beside::Column, Some(_)) => {}
            // Where its word is not beside the field, what it says against the value is said
            // under it.
            _ => {
                let problems = companion.problems(fields).into_iter();
                for problem in problems.filter(|p| p.field == field) {
                    rows.extend(message_rows(&problem.message, theme.error, "✗ ", width));
                }
            }
        }
        // What it warns of is no verdict on the value: said under the field wherever it stands.
        let warnings = companion.warnings(fields).into_iter();
        for warning in warnings.filter(|w| w.field == field) {
            let mark = strings::MARK_WARNING;
            rows.extend(message_rows(&warning.message, theme.warning, mark, width));
        }
    }
    rows.extend(field_messages(state, field, width, theme));
    Block { rows, focused }
}

/// Under the fields of a step: what each companion says there (where its record stands).
fn companion_blocks(state: &WizardState, width: u16, theme: &Theme) -> Vec<Block> {
    let at = state.at();
    let companions = state.companions.iter();
    let said = companions.map(|c| c.under_step(at, &state.order.fields, theme));
    said.filter(|lines| !lines.is_empty())
        .map(|lines| {
            let mut rows = vec![Row::Text(vec![])];
            for (text, style) in lines {
                rows.extend(message_rows(&text, style, "", width));
            }
            Block {
                rows,
                focused: false,
            }
        })
        .collect()
}

fn step_one(state: &WizardState, width: u16, theme: &Theme) -> Vec<Block> {
    let mut blocks = vec![Block {
        rows: vec![Row::Text(vec![(
            strings::COUNTRY_QUESTION.into(),
            theme.title,
        )])],
        focused: false,
    }];
    blocks.push(field_block(
        state,
        Field::Country,
        width,
        &under_fields(state),
        theme,
    ));
    let mut rows = vec![Row::Text(vec![])];
    for line in strings::HAVE_READY {
        rows.push(Row::Text(vec![(line.to_string(), theme.title)]));
    }
    for item in strings::HAVE_READY_ITEMS {
        rows.push(Row::Text(vec![(format!("  • {item}"), theme.base)]));
    }
    blocks.push(Block {
        rows,
        focused: false,
    });
    blocks
}

/// Lays blocks out top to bottom, scrolled so the focused block is fully visible.
fn draw_blocks(
    state: &WizardState,
    blocks: &[Block],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Option<Position> {
    let heights: Vec<usize> = blocks.iter().map(|b| b.rows.len()).collect();
    let focus_end: usize = blocks
        .iter()
        .position(|b| b.focused)
        .map(|i| heights[..=i].iter().sum())
        .unwrap_or(0);
    let skip = focus_end.saturating_sub(usize::from(area.height));
    let rows = blocks.iter().flat_map(|b| b.rows.iter()).skip(skip);
    let mut caret = None;
    for (i, row) in rows.take(usize::from(area.height)).enumerate() {
        let y = area.y + i as u16;
        caret = draw_row(state, row, row_at(area, y), buf, theme).or(caret);
    }
    caret
}

fn draw_row(
    state: &WizardState,
    row: &Row,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Option<Position> {
    match row {
        Row::Text(pieces) => {
            let mut x = area.x;
            for (text, style) in pieces {
                x += put(buf, x, area.y, area.right().saturating_sub(x), text, *style);
            }
            None
        }
        Row::Input {
            at,
            label,
            label_style,
            focused,
            beside,
        } => {
            if let Some((text, style)) = beside {
                let x = area.x + FORM_WIDTH;
                put(buf, x, area.y, area.right().saturating_sub(x), text, *style);
            }
            let label_style = *label_style;
            put(
                buf,
                area.x,
                area.y,
                LABEL_WIDTH.min(area.width),
                label,
                label_style,
            );
            let x = area.x + LABEL_WIDTH;
            let width = area.right().saturating_sub(x).saturating_sub(1).min(52);
            let input_area = Rect {
                x,
                y: area.y,
                width,
                height: 1,
            };
            let style = if *focused {
                theme.input_focused
            } else {
                theme.input
            };
            state
                .text_input(*at)
                .and_then(|input| input.render(input_area, buf, style, *focused))
        }
    }
}

fn step_two(state: &WizardState, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
    let mut y = area.y;
    let numbers_focused = state.focused() == Some(Field::Numbers);
    let (heading, style) = focus_label(strings::NUMBERS_HEADING, numbers_focused, theme);
    put(buf, area.x, y, area.width, &heading, style);
    y += 1;
    let lines_typed = state.input(Field::Numbers).map_or(1, |i| i.line_count());
    let box_height = (lines_typed.saturating_add(1).min(usize::from(u16::MAX)) as u16)
        .clamp(3, (area.height / 3).max(3));
    // The line numbers, right-aligned, as wide as the last one (at least three digits), and a space.
    let digits = lines_typed.to_string().len().max(3);
    let gutter = digits as u16 + 2;
    let mut caret = None;
    if let Some(input) = state.input(Field::Numbers) {
        let text_area = Rect {
            x: area.x + gutter,
            y,
            width: area.width.saturating_sub(gutter + 1),
            height: box_height,
        };
        let style = if numbers_focused {
            theme.input_focused
        } else {
            theme.input
        };
        caret = input.render(text_area, buf, style, numbers_focused);
        let first_line = input.first_visible_line(box_height);
        for i in 0..box_height {
            let n = first_line + usize::from(i) + 1;
            if n <= input.line_count() {
                put(
                    buf,
                    area.x,
                    y + i,
                    gutter,
                    &format!("{n:>digits$} "),
                    theme.dim,
                );
            }
        }
    }
    y += box_height;
    let csv_rows = csv_file_rows(state, area.width, theme);
    // The path and its whole message (a CSV error names the line and how to fix it: never cut).
    for row in &csv_rows {
        caret = draw_row(state, row, row_at(area, y), buf, theme).or(caret);
        y += 1;
    }
    let list = &state.numbers.list;
    let summary = if list.entries.is_empty() {
        strings::NO_NUMBERS_YET.to_string()
    } else {
        let mut parts = vec![strings::numbers_entered(list.entries.len())];
        // Once checked, what counts is how many can be ported: a valid number may be the
        // organization's already, or in another order (listed below with the reason).
        let report = &state.numbers.report;
        if state.checking() {
            parts.push(strings::numbers_valid(list.unique_count()));
        } else {
            let portable: usize = report.groups.iter().map(|g| g.numbers.len()).sum();
            parts.push(strings::numbers_portable(portable));
            if !report.refused.is_empty() {
                parts.push(strings::numbers_refused(report.refused.len()));
            }
        }
        if list.error_count() > 0 {
            parts.push(strings::numbers_invalid(list.error_count()));
        }
        if list.duplicate_count() > 0 {
            parts.push(strings::duplicates_removed(list.duplicate_count()));
        }
        parts.join(" · ")
    };
    let summary = match (state.checking(), list.entries.is_empty()) {
        (true, true) => strings::CHECKING_NUMBERS.to_string(),
        (true, false) => strings::still_checking(&summary),
        (false, _) => summary,
    };
    put(buf, area.x, y, area.width, &summary, theme.title);
    y += 1;
    let results = Rect {
        x: area.x,
        y,
        width: area.width,
        height: area.bottom().saturating_sub(y),
    };
    numbers_results(state, results, buf, theme);
    caret
}

/// The error a list of the numbers step shows: what an action said of it, else its rule's error
/// once shown.
fn shown_error(state: &WizardState, field: Field) -> Option<String> {
    match state.notes.get(&field) {
        Some(Note::Error(why)) => Some(why.clone()),
        _ => (state.check(field).error).filter(|_| state.shows_errors(field)),
    }
}

/// The most entries of each kind the numbers step lists (invalid entries, refusals, a group's
/// numbers): an order's worth. A pasted list may hold far more; past these, the step says how
/// many are not listed, and a frame costs what an order's worth does.
const LISTED: usize = MAX_NUMBERS_PER_ORDER;

fn numbers_results(state: &WizardState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let groups_focused = state.focused() == Some(Field::Group);
    let mut lines: Vec<(String, Style)> = Vec::new();
    let report = &state.numbers.report;
    let chosen = state.order.fields.group.as_ref();
    if let Some(error) = shown_error(state, Field::Group) {
        lines.push((format!("  {}{error}", strings::MARK_ERROR), theme.error));
    }
    for problem in state.external_problems_of(Field::Group) {
        lines.push((
            format!("  {}{}", strings::MARK_ERROR, problem.message),
            theme.error,
        ));
    }
    for companion in &state.companions {
        let problems = companion.problems(&state.order.fields).into_iter();
        for problem in problems.filter(|p| p.field == Field::Group) {
            let said = strings::companion_says(companion.name(), &problem.message);
            lines.push((format!("  ✗ {said}"), theme.error));
        }
    }
    // What is left out comes first: it is what may need fixing before a group is chosen.
    let errors: Vec<_> = state.numbers.list.errors().collect();
    if !errors.is_empty() || !report.refused.is_empty() {
        lines.push((strings::NOT_IN_THIS_ORDER.into(), theme.title));
    }
    let unlisted_errors = errors.len().saturating_sub(LISTED);
    for e in errors.into_iter().take(LISTED) {
        let reason = e.reason();
        lines.push((
            strings::bad_entry(
                e.line,
                &crate::text::strip_controls(drawable(&e.input, usize::from(area.width))),
                &reason.to_string(),
            ),
            theme.error,
        ));
    }
    if unlisted_errors > 0 {
        lines.push((strings::not_listed(unlisted_errors), theme.dim));
    }
    for r in report.refused.iter().take(LISTED) {
        lines.push((
            format!("    ✗ {} — {}", r.number.national(), r.reason),
            theme.warning,
        ));
    }
    if report.refused.len() > LISTED {
        let unlisted = report.refused.len() - LISTED;
        lines.push((strings::not_listed(unlisted), theme.dim));
    }
    let mut group_cursor_line = 0usize;
    if !report.groups.is_empty() {
        let marker = if groups_focused { "▶ " } else { "  " };
        let title = if report.groups.len() == 1 {
            strings::ONE_GROUP_HEADING
        } else {
            strings::GROUPS_HEADING
        };
        lines.push((
            format!("{marker}{title}"),
            if groups_focused {
                theme.label_focused
            } else {
                theme.title
            },
        ));
        for (i, g) in report.groups.iter().enumerate() {
            let radio = if chosen.is_some_and(|c| c.same_key(g)) {
                "(•)"
            } else {
                "( )"
            };
            let pointer = if groups_focused && i == state.group_cursor {
                "›"
            } else {
                " "
            };
            let text = format!("  {pointer} {radio} {}", strings::group_line(g));
            let style = if groups_focused && i == state.group_cursor {
                theme.selected
            } else {
                theme.base
            };
            if i == state.group_cursor {
                group_cursor_line = lines.len();
            }
            lines.push((text, style));
            let indent = "        ";
            if chosen.is_some_and(|c| c.same_key(g)) {
                lines.push((format!("{indent}{}", strings::USAGE_BELOW), theme.dim));
                continue;
            }
            let listed = &g.numbers[..g.numbers.len().min(LISTED)];
            for numbers in packed_numbers(
                listed,
                usize::from(area.width).saturating_sub(indent.len() + 2),
            ) {
                lines.push((format!("{indent}{numbers}"), theme.dim));
            }
            if g.numbers.len() > listed.len() {
                let unlisted = g.numbers.len() - listed.len();
                lines.push((strings::not_listed(unlisted), theme.dim));
            }
        }
        if report.groups.len() > 1 {
            lines.push((strings::OTHER_GROUPS.into(), theme.dim));
        }
    }
    let usages_focused = state.focused() == Some(Field::Usage);
    let mut usage_cursor_line = 0usize;
    if let Some(group) = chosen {
        let marker = if usages_focused { "▶ " } else { "  " };
        let heading_style = if usages_focused {
            theme.label_focused
        } else {
            theme.title
        };
        lines.push((format!("{marker}{}", strings::USAGE_HEADING), heading_style));
        if let Some(error) = shown_error(state, Field::Usage) {
            lines.push((format!("    {}{error}", strings::MARK_ERROR), theme.error));
        }
        for (i, number) in group.numbers.iter().enumerate().take(LISTED) {
            let at_cursor = usages_focused && i == state.usage_cursor;
            let pointer = if at_cursor { "›" } else { " " };
            let mark = if state.usage_marked.contains(&i) {
                "[x]"
            } else {
                "[ ]"
            };
            let fields = &state.order.fields;
            let usage = match fields.kept_usage(number) {
                Some(kept) => strings::usage_kept(kept.label()),
                None => fields.usage_of(number).label().to_string(),
            };
            if i == state.usage_cursor {
                usage_cursor_line = lines.len();
            }
            let style = if at_cursor {
                theme.selected
            } else {
                theme.base
            };
            lines.push((
                format!("  {pointer} {mark} {:<16} {usage}", number.national()),
                style,
            ));
        }
        if group.numbers.len() > LISTED {
            let unlisted = group.numbers.len() - LISTED;
            lines.push((strings::not_listed(unlisted), theme.dim));
        }
    }
    let width = usize::from(area.width);
    let mut cursor_line = 0;
    let mut wrapped: Vec<(String, Style)> = Vec::new();
    // Where each item (a refusal, a group, a line of numbers) starts once wrapped: the list
    // scrolls by whole items, never showing the end of one as its first line.
    let mut starts: Vec<usize> = Vec::new();
    let followed = if usages_focused {
        usage_cursor_line
    } else {
        group_cursor_line
    };
    for (index, (text, style)) in lines.into_iter().enumerate() {
        if index == followed {
            cursor_line = wrapped.len();
        }
        starts.push(wrapped.len());
        let indent = text.len() - text.trim_start().len();
        for (i, part) in wrap(
            text.trim_start(),
            width.saturating_sub(indent + 2),
            usize::from(area.height),
        )
        .into_iter()
        .enumerate()
        {
            let pad = " ".repeat(if i == 0 { indent } else { indent + 2 });
            wrapped.push((format!("{pad}{part}"), style));
        }
    }
    let mut lines = wrapped;
    let height = usize::from(area.height);
    let max_skip = lines.len().saturating_sub(height);
    let mut asked = state.scroll.min(max_skip);
    if groups_focused || usages_focused {
        // Keep the group or number under the cursor in view, whatever the scroll asks.
        asked = asked.clamp((cursor_line + 1).saturating_sub(height), cursor_line);
    }
    // On to the start of the next item (the cursor's line is one, and the end of the list is
    // then shown whole).
    let skip = (starts.iter())
        .find(|&&s| s >= asked)
        .copied()
        .unwrap_or(asked);
    lines.drain(..skip.min(lines.len()));
    let more = lines.len().saturating_sub(usize::from(area.height));
    for (i, (text, style)) in lines.iter().take(usize::from(area.height)).enumerate() {
        let last = i + 1 == usize::from(area.height) && more > 0;
        let shown = if last {
            strings::more_lines(more + 1)
        } else {
            text.clone()
        };
        put(
            buf,
            area.x,
            area.y + i as u16,
            area.width,
            &shown,
            if last { theme.dim } else { *style },
        );
    }
}

/// A group's numbers as the screens write them, separated by commas, as many to a line as fit in
/// `width` columns: a number is never split across lines.
fn packed_numbers(numbers: &[PhoneNumber], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for number in numbers {
        let national = number.national();
        // Room for ", ", the number, and the comma that ends a full line.
        if !line.is_empty() && line.len() + 2 + national.len() + 1 > width {
            line.push(',');
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(&national);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn review(state: &WizardState, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
    let mut lines: Vec<(String, Style)> = Vec::new();
    let problems = state.review_problems();
    if let Some(reasons) = &state.update {
        lines.push((strings::REJECTED_FOR.into(), theme.title));
        for reason in reasons {
            // A reason one of whose fields changed is no longer a problem here: it says what
            // changed (a freeze names no field, and stays).
            let changed: Vec<&str> = (reason.fields().iter())
                .filter(|f| state.changed_for(**f).is_some())
                .map(|f| f.label())
                .collect();
            let (text, mark, style) = if changed.is_empty() {
                let text = format!("{}: {}", reason.title(), reason.recommended_action());
                (text, "  ! ", theme.warning)
            } else {
                (
                    strings::reason_changed(reason.title(), &changed),
                    "  ✓ ",
                    theme.ok,
                )
            };
            for (k, line) in wrap(
                &text,
                usize::from(area.width).saturating_sub(4),
                usize::from(area.height),
            )
            .into_iter()
            .enumerate()
            {
                lines.push((
                    format!("{}{line}", if k == 0 { mark } else { "    " }),
                    style,
                ));
            }
        }
        lines.push((String::new(), theme.base));
    }
    let height = usize::from(area.height);
    let mut add = |text: &str, first: &str, style: Style| {
        let indent = " ".repeat(first.chars().count());
        let width = usize::from(area.width).saturating_sub(indent.len());
        for (k, line) in wrap(text, width, height).into_iter().enumerate() {
            let prefix = if k == 0 { first } else { &indent };
            lines.push((format!("{prefix}{line}"), style));
        }
    };
    let resubmit = state.update.is_some();
    let warnings = state.companion_warnings();
    if problems.is_empty() && warnings.is_empty() {
        add(&strings::presubmit_clean(resubmit), "", theme.ok);
    } else if problems.is_empty() {
        let text = strings::presubmit_warned(warnings.len(), resubmit);
        add(&text, "", theme.warning);
    } else {
        add(
            &strings::presubmit_problems(problems.len()),
            "",
            theme.error,
        );
        for (i, p) in problems.iter().enumerate() {
            let style = if i == state.review_selected {
                theme.selected
            } else {
                theme.error
            };
            let text = format!("{}: {}", steps::place(p), p.message);
            add(&text, "  ✗ ", style);
        }
    }
    for w in &warnings {
        let text = format!("{}: {}", steps::place(w), w.message);
        add(&text, "  ! ", theme.warning);
    }
    let fields = &state.order.fields;
    for companion in &state.companions {
        for (text, style) in companion.review(fields, theme) {
            add(&text, "  ", style);
        }
    }
    for reason in state.unchanged_reasons() {
        let named: Vec<&str> = reason.fields().iter().map(|f| f.label()).collect();
        let step = reason.fields().first().map(|f| f.step()).unwrap_or(1);
        let text = strings::unchanged_since_rejection(reason.title(), &named, step, resubmit);
        add(&text, "  ! ", theme.warning);
    }
    // Not a problem, but not what Submit is taken to mean either: support has it first.
    if let Some(reason) = lifecycle::needs_review(&state.order).filter(|_| !resubmit) {
        add(
            &strings::reviewed_by_support_first(&reason),
            "  ! ",
            theme.warning,
        );
    }
    // What only the carrier can know is said too, so that a clean check is not read as a promise;
    // what a companion's record judges (the carrier's own, received: it confirms or contradicts
    // each) is not among it.
    let judged: Vec<Field> = (state.companions.iter())
        .flat_map(|c| c.judged(fields))
        .collect();
    let full = effective_port_type(fields) == Some(PortType::Full);
    if full && !judged.contains(&Field::PortType) {
        let count = state.order.numbers().len();
        add(&strings::full_port_unknowable(count), "  ! ", theme.warning);
    }
    add(&strings::presubmit_unknowable(&judged), "  ", theme.dim);
    lines.push((String::new(), theme.base));
    lines.extend(order_summary::lines(
        &state.order.fields,
        true,
        usize::from(area.width),
        usize::from(area.height),
        theme,
    ));
    page::render(&lines, state.scroll, ("PgUp", "PgDn"), area, buf, theme);
    None
}
