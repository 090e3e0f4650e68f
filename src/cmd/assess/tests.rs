//! The whole `assess` flow driven by the scripted prompter: full, quick, resume, "not sure",
//! previous ratings, and the errors a script gets when something is missing.

use super::*;
use crate::error::{Interrupted, Invalid};
use crate::gap::Status;
use crate::prompt::{Answer, ScriptedPrompter};
use chrono::TimeZone;

const TARGET: &str = "senior-platform-engineer";

fn framework() -> Framework {
    Framework::embedded().expect("embedded framework")
}

fn request() -> Request {
    Request {
        person: None,
        rater: None,
        from: None,
        to: None,
        quick: false,
        resume: false,
        ratings: BTreeMap::new(),
        scripted: false,
        default_person: "ada".to_string(),
        login: "ada".to_string(),
        no_prompt_reason: "stdin is not a terminal".to_string(),
        now: Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap(),
    }
}

fn quick_to_target() -> Request {
    Request {
        to: Some(TARGET.to_string()),
        quick: true,
        ..request()
    }
}

fn run_flow(
    framework: &Framework,
    store: &Store,
    request: &Request,
    prompter: &mut ScriptedPrompter,
) -> Result<Collected> {
    Flow::new(framework, store, request, Some(prompter), Style::plain(100)).run()
}

/// Person, rater and current role left at their defaults (ada, self, none).
fn setup_defaults() -> Vec<Answer> {
    vec![Answer::Enter, Answer::Enter, Answer::Enter]
}

/// Answers for `n` rating questions: Enter on the level (the default) and no note.
fn enter_all(n: usize) -> Vec<Answer> {
    (0..n)
        .flat_map(|_| [Answer::Enter, Answer::Enter])
        .collect()
}

fn interrupted_message(error: &anyhow::Error) -> String {
    error
        .downcast_ref::<Interrupted>()
        .unwrap_or_else(|| panic!("not an interruption: {error:#}"))
        .message
        .clone()
}

#[test]
fn full_flow_asks_setup_then_every_skill_grouped_by_category_most_important_first() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let role = framework.role(TARGET).unwrap();
    let total = role.expectations.len();
    let mut answers = vec![
        Answer::Enter,                                  // person: the default, ada
        Answer::Enter,                                  // rater: self
        Answer::pick("Intermediate Platform Engineer"), // current role
        Answer::pick("Senior Platform Engineer ("),     // target
    ];
    answers.extend(enter_all(total));
    let mut prompter = ScriptedPrompter::new(answers);
    let collected = run_flow(&framework, &store, &request(), &mut prompter).unwrap();
    assert_eq!(prompter.remaining(), 0);

    let a = &collected.assessment;
    assert_eq!(a.person, "ada");
    assert_eq!(a.rater, Rater::SelfRater);
    assert_eq!(a.from.as_deref(), Some("intermediate-platform-engineer"));
    assert_eq!(a.to, TARGET);
    assert_eq!(a.mode, Mode::Full);
    assert!(collected.used_draft, "a draft backs an interactive run");
    // Enter keeps the cursor on the target's expectation: everything at expectation.
    let report = gap::analyse(&framework, role, &a.ratings);
    assert_eq!(report.readiness, 100.0);
    assert_eq!(report.band, "ready");

    let text = prompter.text();
    assert!(text.contains(&format!("1 of {total} · ")), "{text}");
    assert!(text.contains(&format!("{total} of {total} · ")));
    assert!(text.contains("Senior Platform Engineer expects 4 · Critical"));
    // The levels are the skill's own anchors; level 0 is the scale's descriptor.
    let kubernetes = framework.skill("kubernetes").unwrap();
    assert!(text.contains(&format!("  - 3 Proficient - {}", kubernetes.anchors[&3])));
    assert!(text.contains(&format!(
        "  - 0 No exposure - {}",
        framework.manifest().scale[0].descriptor
    )));
    assert!(text.contains("  - Not sure"));

    // Most important first, and each category asked in one run.
    let headers: Vec<&str> = prompter
        .transcript
        .iter()
        .filter_map(|l| l.lines().find(|l| l.contains(&format!(" of {total} · "))))
        .collect();
    assert_eq!(headers.len(), total);
    let categories: Vec<&str> = headers
        .iter()
        .map(|h| h.split(" · ").nth(1).unwrap())
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for pair in categories.windows(2) {
        if pair[0] != pair[1] {
            assert!(
                !seen.contains(&pair[1]),
                "category {} asked twice apart",
                pair[1]
            );
            seen.push(pair[0]);
        }
    }
    let first_skill = headers[0];
    assert!(first_skill.starts_with("1 of "));
    let first_question = prompter
        .transcript
        .iter()
        .find(|l| l.contains(&format!("1 of {total} · ")))
        .unwrap();
    assert!(first_question.contains("Critical"), "{first_question}");
}

#[test]
fn full_flow_records_levels_notes_and_not_sure() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let total = framework.role(TARGET).unwrap().expectations.len();
    let req = Request {
        to: Some(TARGET.to_string()),
        person: Some("ada".to_string()),
        rater: Some(Rater::SelfRater),
        from: Some("intermediate-platform-engineer".to_string()),
        ..request()
    };
    let mut answers = vec![
        Answer::pick("2 "),
        Answer::text("ran the 1.29 upgrade"),
        Answer::pick("Not sure"),
        Answer::Enter,
    ];
    answers.extend(enter_all(total - 2));
    let mut prompter = ScriptedPrompter::new(answers);
    let collected = run_flow(&framework, &store, &req, &mut prompter).unwrap();
    // No setup questions: the flags answered them.
    assert!(!prompter.prompts().contains(&"Who is being assessed"));
    let role = framework.role(TARGET).unwrap();
    let order = questions(&framework, role, Mode::Full);
    let first = order[0].skills()[0];
    let second = order[1].skills()[0];
    let ratings = &collected.assessment.ratings;
    assert_eq!(ratings[first].level, Some(2));
    assert_eq!(ratings[first].note, "ran the 1.29 upgrade");
    assert_eq!(ratings[second], Rating::unsure());
    let report = gap::analyse(&framework, role, ratings);
    assert_eq!(report.skill(second).unwrap().status, Status::Unsure);
    assert_eq!(report.to_confirm, vec![second.to_string()]);
}

#[test]
fn quick_flow_applies_each_answer_to_the_dimension_skills() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let role = framework.role(TARGET).unwrap();
    let dimensions = role.scorecard.len();
    let mut answers = setup_defaults();
    answers.extend([
        Answer::pick("3 "), // Cloud & Kubernetes
        Answer::text("runs our clusters"),
        Answer::pick("1 "), // IaC & automation (includes platform-api-design)
        Answer::Enter,
    ]);
    answers.extend(enter_all(dimensions - 2));
    let mut prompter = ScriptedPrompter::new(answers);
    let collected = run_flow(&framework, &store, &quick_to_target(), &mut prompter).unwrap();
    assert_eq!(prompter.remaining(), 0);
    let text = prompter.text();
    assert!(
        text.contains(&format!("1 of {dimensions} · Quick look")),
        "{text}"
    );
    assert!(text.contains("Cloud & Kubernetes"));
    assert!(text.contains("Meets the bar:"));

    let a = &collected.assessment;
    assert_eq!(a.mode, Mode::Quick);
    for skill in &role.scorecard[0].skills {
        assert_eq!(a.ratings[skill].level, Some(3), "{skill}");
        assert_eq!(a.ratings[skill].note, "runs our clusters");
    }
    // A skill in two dimensions keeps the first answer.
    assert_eq!(a.ratings["platform-api-design"].level, Some(1));
    let report = gap::analyse(&framework, role, &a.ratings);
    let in_a_dimension = |id: &str| {
        role.scorecard
            .iter()
            .any(|d| d.skills.iter().any(|s| s == id))
    };
    for skill in &report.skills {
        if in_a_dimension(&skill.skill) {
            assert_ne!(skill.status, Status::Unrated, "{}", skill.skill);
        } else {
            assert_eq!(skill.status, Status::Unrated, "{}", skill.skill);
            assert!(!a.ratings.contains_key(&skill.skill));
        }
    }
    assert!(report.skills.iter().any(|s| s.status == Status::Unrated));
}

#[test]
fn interrupt_at_question_three_keeps_two_answers_and_resume_asks_the_rest() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let role = framework.role(TARGET).unwrap();
    let dimensions = role.scorecard.len();

    let mut first = ScriptedPrompter::new(setup_defaults().into_iter().chain([
        Answer::pick("2 "),
        Answer::Enter,
        Answer::pick("4 "),
        Answer::text("on call lead"),
        Answer::Interrupt,
    ]));
    let error = run_flow(&framework, &store, &quick_to_target(), &mut first).unwrap_err();
    assert_eq!(crate::error::exit_code(&error), 130);
    let message = interrupted_message(&error);
    let draft_path = store.draft_path("ada");
    assert!(
        message.contains(&draft_path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("pathway assess --resume"), "{message}");
    assert!(
        message.contains(&format!("2 of {dimensions} questions")),
        "{message}"
    );
    assert!(first
        .text()
        .contains(&format!("3 of {dimensions} · Quick look")));

    let (_, draft) = store.load_draft("ada").unwrap().expect("draft kept");
    assert_eq!(draft.ratings["kubernetes"].level, Some(2));
    assert_eq!(draft.ratings["infrastructure-as-code"].level, Some(4));
    assert_eq!(draft.ratings["infrastructure-as-code"].note, "on call lead");

    let resume = Request {
        resume: true,
        ..request()
    };
    let mut second = ScriptedPrompter::new(enter_all(dimensions - 2));
    let collected = run_flow(&framework, &store, &resume, &mut second).unwrap();
    let text = second.text();
    assert!(!text.contains(&format!("1 of {dimensions} ·")), "{text}");
    assert!(!text.contains(&format!("2 of {dimensions} ·")), "{text}");
    assert!(text.contains(&format!("3 of {dimensions} · Quick look")));
    let a = collected.assessment;
    assert_eq!(a.mode, Mode::Quick);
    assert_eq!(a.ratings["kubernetes"].level, Some(2));
    assert_eq!(a.ratings["infrastructure-as-code"].note, "on call lead");
    for dimension in &role.scorecard {
        for skill in &dimension.skills {
            assert!(a.ratings.contains_key(skill), "{skill} unanswered");
        }
    }
}

#[test]
fn an_interactive_run_offers_the_unfinished_draft() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let dimensions = framework.role(TARGET).unwrap().scorecard.len();
    let mut first = ScriptedPrompter::new(setup_defaults().into_iter().chain([
        Answer::pick("5 "),
        Answer::Enter,
        Answer::Interrupt,
    ]));
    run_flow(&framework, &store, &quick_to_target(), &mut first).unwrap_err();

    let mut answers = vec![Answer::Enter, Answer::Yes]; // person ada; continue the draft
    answers.extend(enter_all(dimensions - 1));
    let mut second = ScriptedPrompter::new(answers);
    let collected = run_flow(&framework, &store, &request(), &mut second).unwrap();
    assert!(second
        .text()
        .contains("There is an unfinished quick assessment of ada"));
    assert_eq!(collected.assessment.ratings["kubernetes"].level, Some(5));
    assert!(!second.prompts().contains(&"Who is rating"));
}

#[test]
fn ratings_given_in_a_terminal_still_offer_the_draft_before_replacing_it() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let dimensions = framework.role(TARGET).unwrap().scorecard.len();
    let mut first = ScriptedPrompter::new(setup_defaults().into_iter().chain([
        Answer::pick("5 "),
        Answer::Enter,
        Answer::Interrupt,
    ]));
    run_flow(&framework, &store, &quick_to_target(), &mut first).unwrap_err();

    let mut ratings = BTreeMap::new();
    ratings.insert("gitops".to_string(), Rating::level(1));
    let req = Request {
        to: Some(TARGET.to_string()),
        quick: true,
        scripted: true,
        ratings,
        ..request()
    };
    let mut answers = vec![Answer::Yes];
    answers.extend(enter_all(dimensions - 1));
    let mut second = ScriptedPrompter::new(answers);
    let collected = run_flow(&framework, &store, &req, &mut second).unwrap();
    assert_eq!(
        second.prompts()[0],
        "Continue it? (no starts over and replaces it)"
    );
    assert_eq!(collected.assessment.ratings["kubernetes"].level, Some(5));
    assert_eq!(collected.assessment.ratings["gitops"].level, Some(1));
}

#[test]
fn interrupting_the_offer_to_continue_keeps_the_draft() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let mut first = ScriptedPrompter::new(setup_defaults().into_iter().chain([
        Answer::pick("5 "),
        Answer::Enter,
        Answer::Interrupt,
    ]));
    run_flow(&framework, &store, &quick_to_target(), &mut first).unwrap_err();
    let mut second = ScriptedPrompter::new([Answer::Enter, Answer::Interrupt]);
    let error = run_flow(&framework, &store, &request(), &mut second).unwrap_err();
    let message = interrupted_message(&error);
    let dimensions = framework.role(TARGET).unwrap().scorecard.len();
    assert!(
        message.contains(&format!("(1 of {dimensions} questions) are saved")),
        "{message}"
    );
    assert!(message.contains("--resume"), "{message}");
    assert!(store.load_draft("ada").unwrap().is_some());
}

#[test]
fn interrupting_before_any_answer_says_nothing_was_saved() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let mut prompter = ScriptedPrompter::new([Answer::Interrupt]);
    let error = run_flow(&framework, &store, &request(), &mut prompter).unwrap_err();
    assert!(interrupted_message(&error).contains("nothing was saved"));
    assert!(!store.draft_path("ada").exists());
}

#[test]
fn the_last_rating_is_shown_and_is_the_default() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let role = framework.role(TARGET).unwrap();
    let order = questions(&framework, role, Mode::Full);
    let first = order[0].skills()[0].to_string();
    let mut earlier = Assessment::new(
        &framework,
        "ada",
        Rater::SelfRater,
        None,
        TARGET,
        Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap(),
    );
    earlier.ratings.insert(first.clone(), Rating::level(1));
    store.save(&earlier).unwrap();

    let req = Request {
        to: Some(TARGET.to_string()),
        scripted: true,
        ..request()
    };
    let mut prompter = ScriptedPrompter::new(enter_all(order.len()));
    let collected = run_flow(&framework, &store, &req, &mut prompter).unwrap();
    assert!(prompter
        .text()
        .contains("Last time (2026-08-01): 1 · Aware"));
    assert_eq!(collected.assessment.ratings[&first].level, Some(1));
}

#[test]
fn without_a_terminal_missing_ratings_are_listed_with_how_to_supply_them() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let mut ratings = BTreeMap::new();
    for e in &framework.role(TARGET).unwrap().expectations {
        ratings.insert(e.skill.clone(), Rating::level(3));
    }
    ratings.remove("kubernetes");
    ratings.remove("gitops");
    let req = Request {
        to: Some(TARGET.to_string()),
        ratings,
        scripted: true,
        ..request()
    };
    let error = Flow::new(&framework, &store, &req, None, Style::plain(100))
        .run()
        .unwrap_err();
    let invalid = error.downcast_ref::<Invalid>().expect("invalid input");
    assert!(
        invalid.message.contains("missing: kubernetes, gitops")
            || invalid.message.contains("missing: gitops, kubernetes"),
        "{invalid}"
    );
    assert!(invalid.message.contains("stdin is not a terminal"));
    let hint = invalid.hint.as_deref().unwrap();
    assert!(hint.contains("--rate SKILL=LEVEL"));
    assert!(hint.contains("--ratings FILE"));
    assert!(
        !store.draft_path("ada").exists(),
        "no draft without prompts"
    );
}

#[test]
fn without_a_terminal_a_missing_target_names_to_and_ratings() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let error = Flow::new(&framework, &store, &request(), None, Style::plain(100))
        .run()
        .unwrap_err();
    let text = format!("{error:#}");
    assert!(text.contains("--to"), "{text}");
    assert!(text.contains("--ratings"), "{text}");
    assert_eq!(crate::error::exit_code(&error), 2);
}

#[test]
fn resume_without_a_draft_is_invalid() {
    let framework = framework();
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path().to_path_buf());
    let req = Request {
        resume: true,
        ..request()
    };
    let error = Flow::new(&framework, &store, &req, None, Style::plain(100))
        .run()
        .unwrap_err();
    assert!(format!("{error:#}").contains("no unfinished assessment of ada"));
}
