//! The pager over a document's text: what its PDF's text layer holds, page by page, wrapped to the
//! terminal and scrolled with the scroll keys; a scan, a damaged file or one the store lacks says
//! so in words. Esc goes back to the order's documents.

use crate::loa::documents::{Named, Text};
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Reply, Screen, Title};
use crate::ui::keymap::{self, Binding, always, ch, plain};
use crate::ui::screens::documents::DocumentsState;
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::{self, Move, Scrolled};
use crate::ui::widgets::{page, put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

/// What the pager has to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The text is being read.
    Reading,
    Text(Text),
    /// Why there is no text to show, with what to do.
    Problem(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagerState {
    /// The list this document was opened from, to go back to.
    pub back: DocumentsState,
    pub named: Named,
    pub shown: Shown,
    pub scroll: Scrolled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Scroll(Move),
    Back,
    Help,
}

impl PagerState {
    /// The pager on `named`, waiting for its text.
    pub fn reading(back: DocumentsState, named: Named) -> PagerState {
        PagerState {
            back,
            named,
            shown: Shown::Reading,
            scroll: Scrolled::TOP,
        }
    }

    /// The document's text as read, or why it cannot be shown.
    pub fn take(&mut self, text: Result<Text, String>) {
        self.shown = match text {
            Ok(text) => Shown::Text(text),
            Err(why) => Shown::Problem(why),
        };
        self.scroll = Scrolled::TOP;
    }
}

pub static KEYMAP: [Binding<PagerState, Action>; 8] = keymap::join(&[
    &scroll::keys([
        Action::Scroll(Move::Up),
        Action::Scroll(Move::Down),
        Action::Scroll(Move::PageUp),
        Action::Scroll(Move::PageDown),
    ]),
    &scroll::ends([Action::Scroll(Move::Home), Action::Scroll(Move::End)]),
    &[
        Binding {
            keys: &[plain(KeyCode::Esc), ch('q')],
            shown: "Esc",
            label: "back to the documents",
            action: Action::Back,
            hint: true,
            when: always,
        },
        keymap::help_binding(Action::Help),
    ],
]);

impl Screen for PagerState {
    type Action = Action;

    fn keymap() -> &'static [Binding<PagerState, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Scroll(step) => self.scroll = self.scroll.moved(step),
            Action::Back => return vec![Command::Show(Box::new(self.back.clone()))],
            Action::Help => return vec![component::help(self, strings::HELP_PAGER)],
        }
        Vec::new()
    }

    fn told(&mut self, reply: Reply, _ctx: &Ctx) -> Vec<Command> {
        if let Reply::DocumentText {
            stored_name,
            pages,
            text,
        } = reply
            && stored_name == self.named.stored_name
            && pages == self.named.kind.pages()
        {
            self.take(text);
        }
        Vec::new()
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_DOCUMENTS.into(),
            before_clock: Some(self.back.details.id.clone()),
        }
    }
}

/// A line of a PDF's text at least this long that does not end a sentence goes on in the next
/// one: a paragraph the PDF broke at its own margin.
const PARAGRAPH_LINE: usize = 60;

/// The lines of a page's text, with each paragraph the PDF broke at its margin joined again, so
/// that it wraps at the terminal's width instead of at both.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim_end) {
        match out.last_mut() {
            Some(last) if open && !line.is_empty() => {
                last.push(' ');
                last.push_str(line.trim_start());
            }
            _ => out.push(line.to_string()),
        }
        let last = out.last().map(String::as_str).unwrap_or_default();
        open = line.chars().count() >= PARAGRAPH_LINE && !last.ends_with(['.', ':', ';', '!', '?']);
    }
    out
}

/// The lines of what is shown, `width` wide, before scrolling.
fn lines(shown: &Shown, name: &str, width: usize, theme: &Theme) -> Vec<(String, Style)> {
    let wrapped = |text: &str, style: Style| -> Vec<(String, Style)> {
        (wrap(text, width, usize::MAX).into_iter())
            .map(|line| (line, style))
            .collect()
    };
    match shown {
        Shown::Reading => wrapped(strings::READING_TEXT, theme.dim),
        Shown::Problem(why) => wrapped(why, theme.error),
        Shown::Text(Text::Scan { pages }) => {
            wrapped(&strings::scan_text(name, *pages), theme.warning)
        }
        Shown::Text(Text::Pages { first, pages }) => {
            let of = first + pages.len() - 1;
            let mut out = Vec::new();
            for (i, text) in pages.iter().enumerate() {
                if i > 0 {
                    out.push((String::new(), theme.base));
                }
                out.push((strings::page_heading(first + i, of), theme.title));
                for line in paragraphs(text) {
                    // The text is the file's: nothing in it may steer the terminal.
                    let line = strip_controls(&line);
                    if line.is_empty() {
                        out.push((String::new(), theme.base));
                    } else {
                        out.extend(wrapped(&line, theme.base));
                    }
                }
            }
            out
        }
    }
}

pub fn render(state: &PagerState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let named = &state.named;
    let name = strip_controls(&named.shown_name);
    let heading = strings::pager_heading(named.kind.label(), &name);
    put(buf, area.x, area.y, area.width, &heading, theme.title);
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    let stored = strip_controls(&named.stored_name);
    let all = lines(&state.shown, &stored, usize::from(body.width), theme);
    page::render_scrolled(
        &all,
        state.scroll,
        ("↑ or PgUp", "↓ or PgDn"),
        body,
        buf,
        theme,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_broken_at_the_pdfs_margin_is_one_line_again() {
        let long =
            "I, the undersigned, am authorized to act for Contoso Ltd on the account below. I";
        let text = format!("Title\n{long}\nauthorize the port.\nGaining service\n\n{long}.\nNext");
        assert_eq!(
            paragraphs(&text),
            [
                "Title".to_string(),
                format!("{long} authorize the port."),
                "Gaining service".into(),
                String::new(),
                format!("{long}."),
                "Next".into(),
            ]
        );
    }
}
