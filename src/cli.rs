//! The command line, as clap types only. Each subcommand's work lives in `src/cmd/<name>.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "pathway",
    version,
    about = "Career-pathway planner for platform and cloud-native engineers",
    long_about = "Rate yourself against a career framework, see the weighted gap to a target role, \
                  and get a dated, month-by-month growth plan.\n\n\
                  Run `pathway` alone for a short guide to getting started.",
    after_help = "Exit codes: 0 success, 1 failure, 2 usage or invalid input, 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Output format [default: table]
    #[arg(long, short = 'f', global = true, value_enum)]
    pub format: Option<Format>,

    /// When to use colour
    // A literal default: `default_value_t` keeps its text in a static for good, and the
    // binary takes back the parser's memory only when none of it is still in use.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Load the framework from this folder: with a framework.yaml it replaces the embedded
    /// framework, without one it is laid over it [env: PATHWAY_DATA]
    // PATHWAY_DATA is read in `Context::new` rather than by clap, so that an empty value
    // means "not set" instead of a usage error.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for a terminal
    Table,
    /// Markdown, to paste into documents and 1:1 notes
    Markdown,
    /// JSON for scripts, with a `schema_version`
    Json,
    /// Comma-separated values for a spreadsheet (compare)
    Csv,
    /// iCalendar events (plan)
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// List the framework's roles
    Roles,
    /// Show one role in full: expectations, KPIs, goals, career links
    Role {
        /// Role id, e.g. senior-platform-engineer
        id: String,
    },
    /// List the skill catalogue, or the skills one role expects
    Skills {
        /// Only the skills this role expects, with importance and expected level
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
    },
    /// Show one skill: its level anchors, the roles that expect it, its resources
    Skill {
        /// Skill id, e.g. kubernetes
        id: String,
    },
    /// List the curated learning pathways
    Pathways,
    /// Show one pathway in full
    Pathway {
        /// Pathway id, e.g. intermediate-to-senior-platform-engineer
        id: String,
    },
    /// Rate yourself (or someone) skill by skill and see the gap to a target role
    Assess(AssessArgs),
    /// Build a dated, month-by-month growth plan from an assessment
    Plan(PlanArgs),
    /// List saved assessments, newest first
    History(HistoryArgs),
    /// Compare two assessments (self vs manager, then vs now) or two roles
    #[command(
        after_help = "References: a file; `latest`, `previous` or `@N` (the N-th newest), \
                            each optionally with a rater (`latest:manager`, `previous:self`); or a \
                            bare rater (`manager` = the manager's latest).\n\n\
                            Examples:\n  \
                            pathway compare self manager --person alex\n  \
                            pathway compare --person alex --rater self\n  \
                            pathway compare --roles intermediate-platform-engineer senior-platform-engineer"
    )]
    Compare(CompareArgs),
    /// Check a framework folder (the embedded framework without PATH) and report every problem
    Validate {
        /// Framework folder, or one YAML fragment
        path: Option<PathBuf>,
    },
    /// Write the embedded framework as YAML files, a start for your own
    ExportFramework {
        /// Folder to write (created; must be empty unless --force)
        dir: PathBuf,
        /// Write into a folder that is not empty, replacing files of the same name
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rater {
    #[value(name = "self")]
    #[serde(rename = "self")]
    SelfRater,
    Manager,
    Peer,
}

/// Where ratings come from without prompts; shared by `assess` and `plan`.
#[derive(Debug, Args, Clone, Default)]
pub struct RatingsArgs {
    /// Ratings file (YAML or JSON; `-` for stdin), see README "Ratings file"
    #[arg(long, value_name = "FILE")]
    pub ratings: Option<PathBuf>,

    /// One rating, e.g. --rate kubernetes=3 (repeatable; `?` for not sure)
    #[arg(long = "rate", value_name = "SKILL=LEVEL")]
    pub rate: Vec<String>,
}

#[derive(Debug, Args, Clone)]
pub struct AssessArgs {
    /// Who is assessed [default: from config, else your login name]
    #[arg(long)]
    pub person: Option<String>,

    /// Who is rating [default: self]
    #[arg(long, value_enum)]
    pub rater: Option<Rater>,

    /// Current role id (optional)
    #[arg(long, value_name = "ROLE")]
    pub from: Option<String>,

    /// Target role id
    #[arg(long, value_name = "ROLE")]
    pub to: Option<String>,

    /// Rate only the target role's scorecard dimensions (about ten questions)
    #[arg(long)]
    pub quick: bool,

    /// Continue the last interrupted assessment
    #[arg(long)]
    pub resume: bool,

    #[command(flatten)]
    pub ratings: RatingsArgs,

    /// Never prompt; missing ratings are an error
    #[arg(long)]
    pub no_input: bool,

    /// Do not save the assessment
    #[arg(long, conflicts_with = "output")]
    pub no_save: bool,

    /// Save the assessment to this file instead of the data directory
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not print the growth plan after the gap report
    #[arg(long)]
    pub no_plan: bool,

    #[command(flatten)]
    pub pace: PaceArgs,
}

/// How fast and from when a plan runs; shared by `assess` and `plan`.
#[derive(Debug, Args, Clone, Default)]
pub struct PaceArgs {
    /// Hours per week for deliberate practice [default: from the framework, 5]
    #[arg(long, value_name = "H", conflicts_with = "months")]
    pub hours_per_week: Option<f64>,

    /// Fit the plan into this many months instead (sets the pace)
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,

    /// First month of the plan, YYYY-MM [default: the month after today]
    #[arg(long, value_name = "YYYY-MM")]
    pub start: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct PlanArgs {
    /// Whose latest saved assessment to plan from [default: you]
    #[arg(long)]
    pub person: Option<String>,

    /// Plan from this saved assessment file
    #[arg(long, value_name = "FILE", conflicts_with_all = ["ratings", "rate"])]
    pub assessment: Option<PathBuf>,

    #[command(flatten)]
    pub ratings: RatingsArgs,

    /// Current role id (with --ratings/--rate; overrides the assessment's)
    #[arg(long, value_name = "ROLE")]
    pub from: Option<String>,

    /// Target role id (with --ratings/--rate; overrides the assessment's)
    #[arg(long, value_name = "ROLE")]
    pub to: Option<String>,

    #[command(flatten)]
    pub pace: PaceArgs,
}

#[derive(Debug, Args, Clone)]
pub struct HistoryArgs {
    /// Only this person's assessments
    #[arg(long)]
    pub person: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct CompareArgs {
    /// Two assessments: file paths, or `latest`, `previous`, `@N`, `latest:manager`,
    /// `previous:self`, `manager` ... (none: latest vs previous; one: it vs latest)
    #[arg(value_name = "ASSESSMENT", num_args = 0..=2)]
    pub refs: Vec<String>,

    /// Whose assessments the references name [default: you]
    #[arg(long)]
    pub person: Option<String>,

    /// Rater for references that name none (`latest` becomes `latest:<RATER>`)
    #[arg(long, value_enum, conflicts_with = "roles")]
    pub rater: Option<Rater>,

    /// Compare two roles' expectations instead
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], conflicts_with = "refs")]
    pub roles: Option<Vec<String>>,
}
