//! One file per subcommand; `dispatch` is the only place that knows them all.

use crate::cli::Command;
use crate::context::Context;
use anyhow::Result;

mod completions;
mod export_framework;
mod guide;
mod man;
mod pathway;
mod pathways;
mod role;
mod roles;
mod skill;
mod skills;
mod validate;

/// Runs a command and returns its exit code (some commands, like `validate`, report findings
/// through the code rather than an error).
pub fn dispatch(command: Option<Command>, context: &Context) -> Result<u8> {
    match command {
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
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
        Some(other) => Err(crate::error::Invalid::new(format!(
            "`{}` is not available in this build yet",
            command_name(&other)
        ))
        .into()),
    }
    .map(|()| crate::error::exit::SUCCESS)
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Assess(_) => "assess",
        Command::Plan(_) => "plan",
        Command::History(_) => "history",
        Command::Compare(_) => "compare",
        Command::Validate { .. } => "validate",
        Command::ExportFramework { .. } => "export-framework",
        _ => "command",
    }
}
