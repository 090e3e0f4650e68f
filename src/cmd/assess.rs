//! `pathway assess`: rate a person against a target role, skill by skill (or one question per
//! scorecard dimension with `--quick`), then print the gap report and save the assessment.
//!
//! Every question can be answered up front: `--person`, `--rater`, `--from`, `--to`, and
//! ratings from `--ratings FILE` / `--rate SKILL=LEVEL`. Whatever is left is asked on a
//! terminal, and only there; without one, anything missing is an error that says how to supply
//! it. The draft is saved after every answer, so Ctrl-C loses nothing and `--resume` continues.

use crate::assessment::{ratings_from_args, Assessment, Mode, Rating};
use crate::cli::{AssessArgs, ColorChoice, Format, Rater};
use crate::context::{emit, Context};
use crate::error::{Interrupted, Invalid};
use crate::framework::{Expectation, Framework, Role, ScorecardDimension};
use crate::gap::{self, GapReport};
use crate::prompt::{PromptError, Prompter, TerminalPrompter};
use crate::render::{self, gap_report, Style};
use crate::store::{self, Saved, Store};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// What the flags and files settled before any question is asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub person: Option<String>,
    pub rater: Option<Rater>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub quick: bool,
    pub resume: bool,
    /// Ratings from `--ratings` and `--rate`.
    pub ratings: BTreeMap<String, Rating>,
    /// Ratings were supplied: the setup questions that have defaults are not asked.
    pub scripted: bool,
    /// Who is assessed when nobody says: the config's `person`, else the login name.
    pub default_person: String,
    /// The login name, the default for a manager's or peer's own name.
    pub login: String,
    /// Why nothing can be asked, for the error when something is missing.
    pub no_prompt_reason: String,
    pub now: DateTime<Utc>,
}

/// The assessment the questions produced, and whether a draft backed it.
#[derive(Debug)]
pub struct Collected {
    pub assessment: Assessment,
    pub used_draft: bool,
}

/// One question of the flow.
enum Question<'a> {
    /// One skill the target role expects.
    Skill {
        expectation: &'a Expectation,
        category: &'a str,
    },
    /// One scorecard dimension (`--quick`), applied to the expected skills it lists.
    Dimension {
        dimension: &'a ScorecardDimension,
        skills: Vec<&'a Expectation>,
    },
}

impl Question<'_> {
    /// Skills this question rates.
    fn skills(&self) -> Vec<&str> {
        match self {
            Question::Skill { expectation, .. } => vec![expectation.skill.as_str()],
            Question::Dimension { skills, .. } => skills.iter().map(|e| e.skill.as_str()).collect(),
        }
    }

    /// A question is answered once every skill it rates has a rating. A skill listed by two
    /// dimensions takes the first answer, so a later dimension only fills what is left.
    fn answered(&self, ratings: &BTreeMap<String, Rating>) -> bool {
        self.skills().iter().all(|s| ratings.contains_key(*s))
    }
}

/// The questions for a role: every expected skill grouped by category, most important first;
/// or, quick, its scorecard dimensions in the role's order.
fn questions<'a>(framework: &'a Framework, role: &'a Role, mode: Mode) -> Vec<Question<'a>> {
    let expectation = |id: &str| role.expectations.iter().find(|e| e.skill == id);
    match mode {
        Mode::Quick => role
            .scorecard
            .iter()
            .map(|dimension| Question::Dimension {
                dimension,
                skills: dimension
                    .skills
                    .iter()
                    .filter_map(|s| expectation(s))
                    .collect(),
            })
            .filter(|q| !q.skills().is_empty())
            .collect(),
        Mode::Full => {
            // Most important first; categories in the order their first skill comes up.
            let ordered = super::role::expectations(framework, role);
            let mut categories: Vec<&str> = Vec::new();
            for view in &ordered {
                if !categories.contains(&view.category) {
                    categories.push(view.category);
                }
            }
            categories
                .iter()
                .flat_map(|category| {
                    ordered
                        .iter()
                        .filter(move |v| v.category == *category)
                        .filter_map(|v| expectation(v.skill))
                        .map(move |expectation| Question::Skill {
                            expectation,
                            category,
                        })
                })
                .collect()
        }
    }
}

/// Whether a quick assessment is possible for the role (it has scorecard dimensions).
fn mode_for(role: &Role, quick: bool) -> Mode {
    if quick && !role.scorecard.is_empty() {
        Mode::Quick
    } else {
        Mode::Full
    }
}

/// The latest rating of a skill among this person's saved assessments (newest first).
fn previous<'h>(history: &'h [Saved], skill: &str) -> Option<(NaiveDate, &'h Rating)> {
    history.iter().find_map(|saved| {
        saved
            .assessment
            .ratings
            .get(skill)
            .map(|rating| (saved.assessment.created.date_naive(), rating))
    })
}

/// Runs the questions: from the draft and the request first, then the prompter if there is one.
pub struct Flow<'a> {
    framework: &'a Framework,
    store: &'a Store,
    request: &'a Request,
    prompter: Option<&'a mut dyn Prompter>,
    style: Style,
    /// This person's saved assessments, newest first (for defaults and "last time").
    history: Vec<Saved>,
    /// Where the draft is, once one has been saved or resumed.
    draft: Option<PathBuf>,
    person: String,
}

impl<'a> Flow<'a> {
    pub fn new(
        framework: &'a Framework,
        store: &'a Store,
        request: &'a Request,
        prompter: Option<&'a mut dyn Prompter>,
        style: Style,
    ) -> Flow<'a> {
        Flow {
            framework,
            store,
            request,
            prompter,
            style,
            history: Vec::new(),
            draft: None,
            person: String::new(),
        }
    }

    /// Setup questions (person, rater, current role) are asked only in a fully interactive run.
    fn asks_setup(&self) -> bool {
        self.prompter.is_some() && !self.request.scripted && !self.request.resume
    }

    fn prompter(&mut self) -> &mut dyn Prompter {
        self.prompter
            .as_deref_mut()
            .expect("questions are asked only with a prompter")
    }

    fn show(&mut self, text: &str) {
        if let Some(prompter) = self.prompter.as_deref_mut() {
            prompter.show(text);
        }
    }

    /// Ctrl-C: say what was kept and how to go on.
    fn interrupted(&self, answered: usize, total: usize) -> anyhow::Error {
        let message = match &self.draft {
            Some(path) => {
                let person = if self.person == self.request.default_person {
                    String::new()
                } else {
                    format!(" --person {}", shell_word(&self.person))
                };
                format!(
                    "your answers so far ({answered} of {total} questions) are saved in {}; \
                     run `pathway assess --resume{person}` to continue",
                    path.display()
                )
            }
            None => "nothing was saved yet; run `pathway assess` to start again".to_string(),
        };
        Interrupted { message }.into()
    }

    fn prompt_failed(&self, error: PromptError, answered: usize, total: usize) -> anyhow::Error {
        match error {
            PromptError::Interrupted => self.interrupted(answered, total),
            PromptError::Failed(error) => error,
        }
    }

    fn save_draft(&mut self, assessment: &Assessment) -> Result<()> {
        self.draft = Some(self.store.save_draft(assessment)?);
        Ok(())
    }

    pub fn run(mut self) -> Result<Collected> {
        let request = self.request;
        self.person = match &request.person {
            Some(person) => person.clone(),
            None if self.asks_setup() => {
                let default = request.default_person.clone();
                self.prompter()
                    .input("Who is being assessed", &default)
                    .map_err(|e| self.prompt_failed(e, 0, 0))?
            }
            None => request.default_person.clone(),
        };
        if self.person.trim().is_empty() {
            return Err(Invalid::new("the person's name is empty")
                .hint("give a name with --person NAME")
                .into());
        }
        // Only questions read the history (defaults, "last time"): a run without prompts
        // does not read the person's saved assessments at all.
        if self.prompter.is_some() {
            self.history = self.store.list(Some(&self.person))?.0;
        }

        let mut assessment = match self.draft_to_continue()? {
            Some(draft) => draft,
            None => self.setup()?,
        };
        let used_draft = self.draft.is_some();
        if assessment.ratings.is_empty() {
            // A fresh assessment: one copy of the whole map rather than one insert a skill.
            assessment.ratings = request.ratings.clone();
        } else {
            for (skill, rating) in &request.ratings {
                assessment.ratings.insert(skill.clone(), rating.clone());
            }
        }
        let role = self.target_role(&assessment.to)?;
        self.ask_questions(role, &mut assessment)?;
        assessment.created = request.now;
        Ok(Collected {
            assessment,
            used_draft: used_draft || self.draft.is_some(),
        })
    }

    /// The draft to continue: `--resume` insists on one; an interactive run offers it.
    fn draft_to_continue(&mut self) -> Result<Option<Assessment>> {
        let request = self.request;
        if request.resume {
            let Some((path, draft)) = self.store.load_draft(&self.person)? else {
                return Err(self.no_draft());
            };
            if let Some(to) = &request.to {
                if to != &draft.to {
                    return Err(Invalid::new(format!(
                        "the draft for {} is against '{}', not '{to}'",
                        self.person, draft.to
                    ))
                    .hint(format!(
                        "drop --to to continue it, or start a new assessment without --resume (the draft {} is replaced once you answer)",
                        path.display()
                    ))
                    .into());
                }
            }
            self.draft = Some(path);
            return Ok(Some(draft));
        }
        // Offered whenever questions may follow, so a draft is never replaced unasked.
        if self.prompter.is_none() {
            return Ok(None);
        }
        let found = match self.store.load_draft(&self.person) {
            Ok(found) => found,
            Err(error) => {
                self.show(&format!(
                    "{}\n",
                    self.style
                        .yellow(&format!("warning: {error:#}; it will be replaced"))
                ));
                None
            }
        };
        let Some((path, draft)) = found else {
            return Ok(None);
        };
        let Some(role) = self.framework.role(&draft.to) else {
            return Ok(None);
        };
        let total = questions(self.framework, role, draft.mode).len();
        let answered = questions(self.framework, role, draft.mode)
            .iter()
            .filter(|q| q.answered(&draft.ratings))
            .count();
        self.show(&format!(
            "\nThere is an unfinished {}assessment of {} against {}, started {} ({answered} of {total} answered).\n",
            if draft.mode == Mode::Quick { "quick " } else { "" },
            draft.person,
            role.title,
            draft.created.format("%Y-%m-%d"),
        ));
        // Until the person says no, the draft is theirs: Ctrl-C here keeps it.
        self.draft = Some(path);
        let question = match &request.to {
            Some(to) if to != &draft.to => {
                format!("Continue it? (no starts the one against {to} and replaces it)")
            }
            _ => "Continue it? (no starts over and replaces it)".to_string(),
        };
        let resume = self
            .prompter()
            .confirm(&question, true)
            .map_err(|e| self.prompt_failed(e, answered, total))?;
        if resume {
            Ok(Some(draft))
        } else {
            self.draft = None;
            Ok(None)
        }
    }

    fn no_draft(&self) -> anyhow::Error {
        let drafts_dir = self.store.root().join("drafts");
        let others: Vec<String> = std::fs::read_dir(&drafts_dir)
            .map(|entries| {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().to_string();
                        name.strip_suffix(".yaml").map(str::to_string)
                    })
                    .collect();
                names.sort();
                names
            })
            .unwrap_or_default();
        let error = Invalid::new(format!(
            "there is no unfinished assessment of {} to resume",
            self.person
        ));
        if others.is_empty() {
            error.hint("start one with `pathway assess`").into()
        } else {
            error
                .hint(format!(
                    "drafts exist for: {}; pick one with --person",
                    others.join(", ")
                ))
                .into()
        }
    }

    /// Rater, current role and target role, from flags, the ratings file or questions.
    fn setup(&mut self) -> Result<Assessment> {
        let request = self.request;
        let framework = self.framework;
        let latest = self.history.first().map(|s| s.assessment.clone());
        let rater = match request.rater {
            Some(rater) => rater,
            None if self.asks_setup() => {
                let items = vec![
                    "self: rating yourself".to_string(),
                    "manager: rating someone you manage".to_string(),
                    "peer: rating a colleague".to_string(),
                ];
                let choice = self
                    .prompter()
                    .select("Who is rating", &items, 0)
                    .map_err(|e| self.prompt_failed(e, 0, 0))?;
                [Rater::SelfRater, Rater::Manager, Rater::Peer][choice]
            }
            None => Rater::SelfRater,
        };
        let rater_name = if rater != Rater::SelfRater && self.asks_setup() {
            let login = request.login.clone();
            let name = self
                .prompter()
                .input("Your name (the rater)", &login)
                .map_err(|e| self.prompt_failed(e, 0, 0))?;
            Some(name).filter(|n| !n.trim().is_empty())
        } else {
            None
        };

        // Only the prompts list roles; a run with --from and --to decodes just those two.
        let sorted_roles = || {
            let mut roles: Vec<&Role> = framework.roles().collect();
            roles.sort_by(|a, b| (a.rank, &a.title).cmp(&(b.rank, &b.title)));
            roles
        };
        let role_item = |r: &Role| format!("{} ({})", r.title, r.id);

        let from = match &request.from {
            Some(from) => Some(framework.require_role_outline(from)?.id.clone()),
            None if self.asks_setup() => {
                let roles = sorted_roles();
                let mut items = vec!["(skip: no current role)".to_string()];
                items.extend(roles.iter().map(|r| role_item(r)));
                let default = latest
                    .as_ref()
                    .and_then(|l| l.from.as_ref())
                    .and_then(|from| roles.iter().position(|r| &r.id == from))
                    .map_or(0, |p| p + 1);
                let choice = self
                    .prompter()
                    .fuzzy_select("Current role (type to search)", &items, default)
                    .map_err(|e| self.prompt_failed(e, 0, 0))?;
                (choice > 0).then(|| roles[choice - 1].id.clone())
            }
            None => None,
        };

        let to = match &request.to {
            Some(to) => framework.require_assessable_role_outline(to)?.id.clone(),
            None if self.prompter.is_some() => {
                let targets: Vec<&Role> = sorted_roles()
                    .into_iter()
                    .filter(|r| r.assessable && !r.expectations.is_empty())
                    .collect();
                let items: Vec<String> = targets.iter().map(|r| role_item(r)).collect();
                // Default: the last target, else the next role up from the current one.
                let default = latest
                    .as_ref()
                    .map(|l| l.to.clone())
                    .or_else(|| {
                        from.as_ref()
                            .and_then(|f| framework.role(f))
                            .and_then(|f| f.career.next.first().cloned())
                    })
                    .and_then(|id| targets.iter().position(|r| r.id == id))
                    .unwrap_or(0);
                let choice = self
                    .prompter()
                    .fuzzy_select("Target role (type to search)", &items, default)
                    .map_err(|e| self.prompt_failed(e, 0, 0))?;
                targets[choice].id.clone()
            }
            None => return Err(missing_target(request)),
        };

        let role = self.target_role(&to)?;
        let mode = mode_for(role, request.quick);
        if request.quick && mode == Mode::Full {
            self.show(&format!(
                "{} has no scorecard dimensions, so every skill is asked.\n",
                role.title
            ));
        }
        let mut assessment = Assessment::new(
            framework,
            &self.person,
            rater,
            from.as_deref(),
            &to,
            request.now,
        );
        assessment.rater_name = rater_name;
        assessment.mode = mode;
        Ok(assessment)
    }

    /// The target role: whole when questions may be asked (they show the role's notes on each
    /// skill), else its outline, which holds all a scripted run reads and decodes faster.
    fn target_role(&self, id: &str) -> Result<&'a Role> {
        let framework = self.framework;
        Ok(if self.prompter.is_some() {
            framework.require_assessable_role(id)?
        } else {
            framework.require_assessable_role_outline(id)?
        })
    }

    fn ask_questions(&mut self, role: &Role, assessment: &mut Assessment) -> Result<()> {
        // Every question rates some of the role's skills: when all of them are rated (a
        // scripted run, usually) there is nothing to ask and no need to order the questions.
        if role
            .expectations
            .iter()
            .all(|e| assessment.ratings.contains_key(&e.skill))
        {
            return Ok(());
        }
        let framework = self.framework;
        let all = questions(framework, role, assessment.mode);
        let total = all.len();
        let mut missing: Vec<&str> = Vec::new();
        for (index, question) in all.iter().enumerate() {
            if question.answered(&assessment.ratings) {
                continue;
            }
            if self.prompter.is_none() {
                for skill in question.skills() {
                    if !assessment.ratings.contains_key(skill) && !missing.contains(&skill) {
                        missing.push(skill);
                    }
                }
                continue;
            }
            if self.draft.is_none() {
                // The setup answers are kept before the first rating question.
                self.save_draft(assessment)?;
            }
            let answered = all
                .iter()
                .filter(|q| q.answered(&assessment.ratings))
                .count();
            let asked = match question {
                Question::Skill {
                    expectation,
                    category,
                } => self.ask_skill(role, expectation, category, index + 1, total),
                Question::Dimension { dimension, skills } => self.ask_dimension(
                    role,
                    dimension,
                    skills,
                    &assessment.ratings,
                    index + 1,
                    total,
                ),
            };
            let rating = asked.map_err(|e| self.prompt_failed(e, answered, total))?;
            let rated: Vec<String> = question
                .skills()
                .into_iter()
                .filter(|s| !assessment.ratings.contains_key(*s))
                .map(str::to_string)
                .collect();
            for skill in &rated {
                assessment.ratings.insert(skill.clone(), rating.clone());
            }
            self.save_draft(assessment)?;
            let note = self
                .prompter()
                .note("Evidence (optional, Enter skips)")
                .map_err(|e| self.prompt_failed(e, answered + 1, total))?;
            if let Some(note) = note {
                for skill in &rated {
                    if let Some(rating) = assessment.ratings.get_mut(skill) {
                        rating.note = note.clone();
                    }
                }
                self.save_draft(assessment)?;
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing_ratings(self.request, role, &all, &missing))
        }
    }

    fn level_name(&self, level: u8) -> &'a str {
        self.framework
            .manifest()
            .scale
            .iter()
            .find(|l| l.level == level)
            .map_or("", |l| l.name.as_str())
    }

    fn rating_text(&self, rating: &Rating) -> String {
        match rating.level {
            Some(level) => format!("{level} · {}", self.level_name(level)),
            None => "not sure".to_string(),
        }
    }

    /// Level items: 0 from the scale, 1–5 from `anchor` (the skill's own words, or the scale's).
    fn level_items(&self, anchor: impl Fn(u8) -> Option<&'a str>) -> Vec<String> {
        let mut items: Vec<String> = self
            .framework
            .manifest()
            .scale
            .iter()
            .map(|level| {
                let text = if level.level == 0 {
                    level.descriptor.as_str()
                } else {
                    anchor(level.level).unwrap_or(level.descriptor.as_str())
                };
                format!("{} {} - {text}", level.level, level.name)
            })
            .collect();
        items.push("Not sure (shown later as a gap to confirm)".to_string());
        items
    }

    fn choose_level(
        &mut self,
        items: &[String],
        default: Option<&Rating>,
        fallback: u8,
    ) -> Result<Rating, PromptError> {
        let unsure = items.len() - 1;
        let default = match default {
            Some(rating) => rating.level.map_or(unsure, usize::from),
            None => usize::from(fallback),
        };
        let choice = self
            .prompter()
            .select("Your level", items, default.min(unsure))?;
        Ok(if choice == unsure {
            Rating::unsure()
        } else {
            let level = self
                .framework
                .manifest()
                .scale
                .get(choice)
                .map_or(choice as u8, |l| l.level);
            Rating::level(level)
        })
    }

    fn ask_skill(
        &mut self,
        role: &Role,
        expectation: &Expectation,
        category: &str,
        position: usize,
        total: usize,
    ) -> Result<Rating, PromptError> {
        let framework = self.framework;
        let skill = framework.skill(&expectation.skill);
        let width = self.prompter().width();
        let expected = framework.expected_level(role, expectation);
        let mut text = format!(
            "\n{}\n{} {}\n",
            self.style
                .dim(&format!("{position} of {total} · {category}")),
            self.style
                .bold(skill.map_or(expectation.skill.as_str(), |s| s.name.as_str())),
            self.style.dim(&format!("({})", expectation.skill)),
        );
        if let Some(skill) = skill {
            text.push_str(&render::wrap(&skill.description, width, 2));
        }
        text.push_str(&format!(
            "  {} expects {expected} · {}\n",
            role.title,
            super::role::importance_label(expectation.importance)
        ));
        let last = previous(&self.history, &expectation.skill).map(|(d, r)| (d, r.clone()));
        if let Some((date, rating)) = &last {
            text.push_str(&format!(
                "  Last time ({date}): {}\n",
                self.rating_text(rating)
            ));
        }
        self.show(&text);
        let items = self.level_items(|level| {
            skill
                .and_then(|s| s.anchors.get(&level))
                .map(String::as_str)
        });
        // The cursor starts on the last rating, else on the target's expectation.
        self.choose_level(&items, last.as_ref().map(|(_, r)| r), expected)
    }

    fn ask_dimension(
        &mut self,
        role: &Role,
        dimension: &ScorecardDimension,
        skills: &[&Expectation],
        ratings: &BTreeMap<String, Rating>,
        position: usize,
        total: usize,
    ) -> Result<Rating, PromptError> {
        let framework = self.framework;
        let width = self.prompter().width();
        let name = |id: &str| {
            framework
                .skill(id)
                .map_or(id.to_string(), |s| s.name.clone())
        };
        let mut text = format!(
            "\n{}\n{}\n",
            self.style
                .dim(&format!("{position} of {total} · Quick look")),
            self.style.bold(&dimension.dimension),
        );
        if !dimension.meets_bar.is_empty() {
            text.push_str(&render::wrap(
                &format!("Meets the bar: {}", dimension.meets_bar),
                width,
                2,
            ));
        }
        if !dimension.excellent.is_empty() {
            text.push_str(&render::wrap(
                &format!("Excellent: {}", dimension.excellent),
                width,
                2,
            ));
        }
        let rates: Vec<String> = skills
            .iter()
            .map(|e| {
                if ratings.contains_key(&e.skill) {
                    format!("{} (already rated)", name(&e.skill))
                } else {
                    name(&e.skill)
                }
            })
            .collect();
        text.push_str(&render::wrap(
            &format!("Rates: {}", rates.join(", ")),
            width,
            2,
        ));
        // "expects 4 · Critical (Kubernetes operations, ...); 3 · Important (...)"
        let mut groups: Vec<(u8, crate::framework::Importance, Vec<String>)> = Vec::new();
        for e in skills {
            let level = framework.expected_level(role, e);
            match groups
                .iter_mut()
                .find(|(l, i, _)| *l == level && *i == e.importance)
            {
                Some(group) => group.2.push(name(&e.skill)),
                None => groups.push((level, e.importance, vec![name(&e.skill)])),
            }
        }
        groups.sort_by_key(|a| (a.1, std::cmp::Reverse(a.0)));
        let expects: Vec<String> = groups
            .iter()
            .map(|(level, importance, names)| {
                format!(
                    "{level} · {} ({})",
                    super::role::importance_label(*importance),
                    names.join(", ")
                )
            })
            .collect();
        text.push_str(&render::wrap(
            &format!("{} expects {}", role.title, expects.join("; ")),
            width,
            2,
        ));
        let last: Vec<(String, NaiveDate, Rating)> = skills
            .iter()
            .filter_map(|e| {
                previous(&self.history, &e.skill).map(|(d, r)| (name(&e.skill), d, r.clone()))
            })
            .collect();
        if let Some(date) = last.iter().map(|(_, d, _)| *d).max() {
            let listed: Vec<String> = last
                .iter()
                .map(|(n, _, r)| {
                    format!("{n} {}", r.level.map_or("?".to_string(), |l| l.to_string()))
                })
                .collect();
            text.push_str(&render::wrap(
                &format!("Last time (up to {date}): {}", listed.join(", ")),
                width,
                2,
            ));
        }
        self.show(&text);
        let items = self.level_items(|_| None);
        // The cursor starts on the mean of the last levels, else on the highest expectation.
        let levels: Vec<u32> = last
            .iter()
            .filter_map(|(_, _, r)| r.level.map(u32::from))
            .collect();
        let last_level = (!levels.is_empty())
            .then(|| Rating::level((levels.iter().sum::<u32>() / levels.len() as u32) as u8));
        let highest = groups.iter().map(|(l, _, _)| *l).max().unwrap_or(0);
        self.choose_level(&items, last_level.as_ref(), highest)
    }
}

/// A name as one shell word, quoted only when it needs to be.
fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.@/:+=,".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn missing_target(request: &Request) -> anyhow::Error {
    Invalid::new(format!(
        "no target role, and pathway cannot ask for one: {}",
        request.no_prompt_reason
    ))
    .hint(
        "name it with --to ROLE (`pathway roles` lists them), and supply the ratings with \
         --ratings FILE or --rate SKILL=LEVEL; a ratings file may also say `to: ROLE`",
    )
    .into()
}

fn missing_ratings(
    request: &Request,
    role: &Role,
    asked: &[Question],
    missing: &[&str],
) -> anyhow::Error {
    let mut skills: Vec<&str> = asked.iter().flat_map(|q| q.skills()).collect();
    skills.sort_unstable();
    skills.dedup();
    let covered = match asked.first() {
        Some(Question::Dimension { .. }) => format!("{}'s scorecard dimensions cover", role.id),
        _ => format!("{} expects", role.id),
    };
    let message = format!(
        "no rating for {} of the {} skills {covered}, and pathway cannot ask: {}\nmissing: {}",
        missing.len(),
        skills.len(),
        request.no_prompt_reason,
        missing.join(", ")
    );
    let example: String = missing
        .iter()
        .take(3)
        .enumerate()
        .map(|(n, id)| match n {
            0 => format!("\n      {id}: 3"),
            1 => format!("\n      {id}: {{ level: 2, note: \"led the last upgrade\" }}"),
            _ => format!("\n      {id}: \"?\"        # not sure"),
        })
        .collect();
    Invalid::new(message)
        .hint(format!(
            "rate each with --rate SKILL=LEVEL (0-5, or ? for not sure), e.g. --rate {}=3, \
             or list them in a ratings file (YAML or JSON; `-` reads stdin) passed with \
             --ratings FILE:{example}",
            missing[0]
        ))
        .into()
}

/// Whether prompts may colour stderr: the same rule as stdout, asked of stderr.
fn prompt_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// "Now": the real time of day, on `PATHWAY_TODAY`'s date when that is pinned.
fn now(context: &Context) -> Result<DateTime<Utc>> {
    let now = Utc::now();
    if std::env::var_os(crate::context::TODAY_VAR).is_some() {
        Ok(context.today()?.and_time(now.time()).and_utc())
    } else {
        Ok(now)
    }
}

/// The commands worth running next, for a person at a terminal.
fn next_steps(
    assessment: &Assessment,
    default_person: &str,
    output: Option<&std::path::Path>,
    saved: bool,
) -> String {
    let person = if assessment.person == default_person {
        String::new()
    } else {
        format!(" --person {}", shell_word(&assessment.person))
    };
    match (output, saved) {
        (Some(file), _) => format!(
            "\nNext: pathway plan --assessment {}    (a month-by-month growth plan)",
            shell_word(&file.display().to_string())
        ),
        (None, true) => format!(
            "\nNext: pathway plan{person}       (a month-by-month growth plan)\n      \
             pathway history{person}    (your assessments over time)"
        ),
        (None, false) => format!(
            "\nNext: pathway assess --to {}    (again without --no-save to keep it)",
            assessment.to
        ),
    }
}

/// The JSON document: the inputs, where they were saved, and the gap report.
#[derive(Serialize)]
struct AssessmentView<'a> {
    person: &'a str,
    rater: Rater,
    #[serde(skip_serializing_if = "Option::is_none")]
    rater_name: Option<&'a str>,
    from: Option<&'a str>,
    to: &'a str,
    #[serde(serialize_with = "crate::iso_date::write")]
    date: NaiveDate,
    #[serde(serialize_with = "crate::iso_date::write_utc")]
    created: DateTime<Utc>,
    mode: Mode,
    framework: &'a crate::assessment::FrameworkRef,
    ratings: &'a BTreeMap<String, Rating>,
    saved_to: Option<String>,
    report: &'a GapReport,
    /// The growth plan for this gap (absent with --no-plan or when it cannot be built).
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<crate::plan::Plan<'a>>,
}

pub fn run(context: &Context, args: AssessArgs) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let home = context.home()?;
    let store = Store::new(home.clone());
    let supplied = ratings_from_args(&args.ratings, framework)?;
    let no_prompt_reason = if args.no_input {
        Some("--no-input was given")
    } else if !crate::prompt::stdin_is_terminal() {
        Some("stdin is not a terminal")
    } else if !std::io::stderr().is_terminal() {
        Some("stderr, where questions are drawn, is not a terminal")
    } else {
        None
    };
    let interactive = no_prompt_reason.is_none();
    let scripted = supplied.is_some();
    // Moved, not copied: the ratings go into the request and from there into the assessment.
    let file = supplied.unwrap_or_default();
    let request = Request {
        person: args.person.clone().or(file.person),
        rater: args.rater.or(file.rater),
        from: args.from.clone().or(file.from),
        to: args.to.clone().or(file.to),
        quick: args.quick,
        resume: args.resume,
        scripted,
        ratings: file.ratings,
        default_person: crate::config::default_person(&home)?,
        login: crate::config::login_name(),
        no_prompt_reason: no_prompt_reason.unwrap_or_default().to_string(),
        now: now(context)?,
    };

    let prompt_style = Style {
        color: prompt_color(context.global.color),
        ..context.style
    };
    let collected = if interactive {
        let mut terminal = TerminalPrompter::new(prompt_style.color);
        Flow::new(
            framework,
            &store,
            &request,
            Some(&mut terminal),
            prompt_style,
        )
        .run()?
    } else {
        Flow::new(framework, &store, &request, None, prompt_style).run()?
    };
    let mut assessment = collected.assessment;
    assessment.created = now(context)?;
    // The outline: the report and the plan read none of the role's prose.
    let role = framework.require_assessable_role_outline(&assessment.to)?;

    let not_expected: Vec<&str> = assessment
        .ratings
        .keys()
        .filter(|skill| !role.expectations.iter().any(|e| &e.skill == *skill))
        .map(String::as_str)
        .collect();
    if !not_expected.is_empty() {
        eprintln!(
            "note: {} rating{} for skills {} does not expect, kept in the file but not in the report: {}",
            not_expected.len(),
            if not_expected.len() == 1 { " is" } else { "s are" },
            role.id,
            not_expected.join(", ")
        );
    }

    let report = gap::analyse(framework, role, &assessment.ratings);
    let saved_to = if let Some(path) = &args.output {
        store::write_atomic(path, &assessment.to_yaml()?)?;
        Some(path.clone())
    } else if args.no_save {
        None
    } else {
        Some(store.save(&assessment)?)
    };
    if collected.used_draft {
        // The answers now live in the saved file (or the person chose not to keep them).
        store.remove_draft(&assessment.person)?;
    }

    // The growth plan follows the report, as `pathway plan` would print it. A plan that cannot
    // be built (a pace that does not fit, say) is a warning here: the assessment is saved.
    let from_role = match assessment.from.as_deref() {
        Some(id) => Some(framework.require_role_outline(id)?),
        None => None,
    };
    let today = context.today()?;
    let plan = if args.no_plan {
        None
    } else {
        match crate::cmd::plan::plan_for(
            framework,
            &report,
            from_role,
            role,
            &args.pace,
            Some(&assessment.person),
            today,
        ) {
            Ok(plan) => Some(plan),
            Err(error) => {
                eprintln!("pathway: no growth plan: {error:#}");
                None
            }
        }
    };

    match format {
        Format::Json => {
            let view = AssessmentView {
                person: &assessment.person,
                rater: assessment.rater,
                rater_name: assessment.rater_name.as_deref(),
                from: assessment.from.as_deref(),
                to: &assessment.to,
                date: assessment.created.date_naive(),
                created: assessment.created,
                mode: assessment.mode,
                framework: &assessment.framework,
                ratings: &assessment.ratings,
                saved_to: saved_to.as_ref().map(|p| p.display().to_string()),
                report: &report,
                plan,
            };
            render::print_json("assessment", &view)?;
            // The process ends soon: see `crate::run`.
            std::mem::forget(view);
        }
        _ => {
            let mut text = if format == Format::Markdown {
                gap_report::markdown(&assessment, &report, framework)
            } else {
                gap_report::table(&assessment, &report, framework, &context.style)
            };
            if let Some(plan) = &plan {
                text.push('\n');
                text.push_str(&crate::cmd::plan::render_plan(
                    framework,
                    plan,
                    from_role,
                    role,
                    &args.pace,
                    Some(&assessment.person),
                    today,
                    format,
                    &context.style,
                )?);
            }
            emit(&text)?;
        }
    }

    match &saved_to {
        Some(path) => eprintln!("Saved to {}", path.display()),
        None => eprintln!("Not saved (--no-save)."),
    }
    if format == Format::Table {
        emit(&context.style.hint(&next_steps(
            &assessment,
            &request.default_person,
            args.output.as_deref(),
            saved_to.is_some(),
        )))?;
    }
    // The process ends soon: see `crate::run`.
    std::mem::forget((assessment, report, request));
    Ok(())
}

#[cfg(test)]
mod tests;
