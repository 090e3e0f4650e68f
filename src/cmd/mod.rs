//! One file per subcommand; `dispatch` is the only place that knows them all.

use crate::cli::Command;
use crate::context::Context;
use anyhow::Result;

mod assess;
mod compare;
mod completions;
mod export_framework;
mod guide;
mod history;
mod man;
mod pathway;
mod pathways;
pub mod plan;
mod role;
mod roles;
mod skill;
mod skills;
mod validate;

/// Runs a command and returns its exit code (some commands, like `validate`, report findings
/// through the code rather than an error).
pub fn dispatch(command: Option<Command>, context: &Context) -> Result<u8> {
    match command {
        // validate reports its findings through the exit code (2 when a framework has errors).
        Some(Command::Validate { path }) => return validate::run(context, path.as_deref()),
        Some(Command::ExportFramework { dir, force }) => {
            export_framework::run(context, &dir, force)
        }
        None => guide::run(context),
        Some(Command::Roles) => roles::run(context),
        Some(Command::Role { id }) => role::run(context, &id),
        Some(Command::Skills { role }) => skills::run(context, role.as_deref()),
        Some(Command::Skill { id }) => skill::run(context, &id),
        Some(Command::Pathways) => pathways::run(context),
        Some(Command::Pathway { id }) => pathway::run(context, &id),
        Some(Command::Plan(args)) => plan::run(context, &args),
        Some(Command::Compare(args)) => compare::run(context, &args),
        Some(Command::Assess(args)) => assess::run(context, args),
        Some(Command::History(args)) => history::run(context, &args),
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
    }
    .map(|()| crate::error::exit::SUCCESS)
}
