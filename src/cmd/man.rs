//! `pathway man`: the man page in roff, generated from the clap definition.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;

pub fn run() -> Result<()> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buffer)?;
    crate::context::emit(&String::from_utf8_lossy(&buffer))
}
