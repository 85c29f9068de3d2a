//! `portwiz completions SHELL` and `portwiz man`: shell completion and the man page, written from
//! the command line's own grammar, so they list every command and option there is.

use super::{Cli, Outcome};
use clap::CommandFactory;
use std::io::Write;

/// `portwiz completions bash|zsh|fish|elvish|powershell`: the completion script, to be sourced.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Outcome {
    // clap_complete panics on a failed write: it writes into memory, and the write to `out`
    // reports a reader that went away like every other command.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "portwiz", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// `portwiz man`: the man page in roff, for `man -l` or a man directory.
pub fn man(out: &mut dyn Write) -> Outcome {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
