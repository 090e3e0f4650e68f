//! `pathway completions <SHELL>`: generated from the clap definition.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;

pub fn run(shell: clap_complete::Shell) -> Result<()> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pathway", &mut buffer);
    crate::context::emit(&String::from_utf8_lossy(&buffer))
}
