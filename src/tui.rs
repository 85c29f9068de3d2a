//! The real terminal: raw mode, alternate screen and bracketed paste on the way in, all undone on
//! quit, on error and on panic; the event loop that feeds the app and saves after each burst of input.

use crate::app::{App, Msg};
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use std::io::stdout;
use std::time::Duration;

/// Runs the app until it quits; the terminal is restored whatever happens.
pub fn run(app: &mut App) -> anyhow::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = execute!(stdout(), EnableBracketedPaste)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, app));
    if result.is_err() {
        app.update(Msg::Autosave);
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::try_restore()?;
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    loop {
        terminal.draw(|frame| app.render(frame))?;
        if app.quit {
            return Ok(());
        }
        app.handle_event(event::read()?);
        while !app.quit && event::poll(Duration::ZERO)? {
            app.handle_event(event::read()?);
        }
        app.update(Msg::Autosave);
    }
}
