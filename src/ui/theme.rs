//! Every style the UI uses, in one place, with a monochrome variant for `NO_COLOR` in which emphasis
//! is carried by bold, underline and reverse video (and meaning always by words or glyphs).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub header: Style,
    pub key: Style,
    pub label: Style,
    pub label_focused: Style,
    pub input: Style,
    pub input_focused: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub selected: Style,
    pub step_done: Style,
    pub step_current: Style,
    pub step_todo: Style,
}

impl Theme {
    pub fn color() -> Theme {
        let base = Style::new();
        Theme {
            base,
            dim: Style::new().fg(Color::Gray),
            title: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            label: base,
            label_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            input: Style::new()
                .bg(Color::Indexed(236))
                .add_modifier(Modifier::UNDERLINED),
            input_focused: Style::new()
                .bg(Color::Indexed(238))
                .add_modifier(Modifier::UNDERLINED),
            error: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            step_done: Style::new().fg(Color::Green),
            step_current: Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            step_todo: Style::new().fg(Color::Gray),
        }
    }

    pub fn monochrome() -> Theme {
        let base = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base,
            dim: base,
            title: bold,
            header: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            label: base,
            label_focused: bold,
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            input_focused: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            error: bold,
            warning: base,
            ok: base,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            step_done: base,
            step_current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            step_todo: base,
        }
    }

    /// The monochrome theme when `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::color(),
        }
    }
}
