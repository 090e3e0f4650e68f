//! `pathway` alone: a short guide to getting started.

use crate::context::{emit, Context};
use anyhow::Result;

pub fn run(context: &Context) -> Result<()> {
    let s = &context.style;
    let steps = [
        ("pathway roles", "see the roles in the framework"),
        (
            "pathway role senior-platform-engineer",
            "what a role expects, its KPIs and goals",
        ),
        (
            "pathway assess --to senior-platform-engineer",
            "rate yourself and see your gap",
        ),
        (
            "pathway assess --quick --to senior-platform-engineer",
            "a two-minute first look",
        ),
        ("pathway plan", "your dated, month-by-month growth plan"),
        ("pathway history", "your saved assessments and progress"),
        (
            "pathway compare latest:self latest:manager",
            "self against manager rating, in a 1:1",
        ),
        (
            "pathway compare --roles intermediate-platform-engineer senior-platform-engineer",
            "what changes between two roles",
        ),
    ];
    let mut out = String::new();
    out.push_str(
        &s.bold("pathway: a career-pathway planner for platform and cloud-native engineers"),
    );
    out.push_str("\n\nGet started:\n");
    let width = steps.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (command, what) in steps {
        out.push_str(&format!(
            "  {}  {}\n",
            s.cyan(&format!("{command:<width$}")),
            s.dim(what)
        ));
    }
    out.push_str(
        "\nEvery command takes --format table|markdown|json. `pathway --help` lists them all.\n",
    );
    emit(&out)
}
