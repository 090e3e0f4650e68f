//! The embedded framework: the YAML in data/ passes every check, and the blob built from it
//! is the same framework.

use crate::util::repo;
use pathway::framework::check::check_loaded;
use pathway::framework::{load, Framework, Importance, ResourceKind, Tier};

fn loaded() -> load::Loaded {
    load::load_path(&repo().join("data"), None)
}

#[test]
fn data_folder_passes_every_check_without_warnings() {
    let diagnostics = check_loaded(&loaded());
    let listed: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        diagnostics.is_empty(),
        "problems in data/:\n{}",
        listed.join("\n")
    );
}

#[test]
fn embedded_blob_matches_the_data_folder() {
    let from_yaml = loaded().data.expect("data/ loads");
    // Decodes every part of the blob: the commands decode them one by one.
    let embedded = Framework::embedded_data().expect("embedded framework");
    assert_eq!(embedded, from_yaml, "rebuild: the embedded blob is stale");
}

#[test]
fn every_named_role_exists_with_its_track() {
    let framework = Framework::embedded().unwrap();
    let assessable = [
        "intermediate-platform-engineer",
        "senior-platform-specialist",
        "senior-platform-engineer",
        "senior-cloud-native-engineer",
        "cloud-platform-engineering-leader",
        "staff-platform-engineer",
        "lead-platform-engineer",
        "director-of-platform-engineering",
    ];
    for id in assessable {
        let role = framework
            .role(id)
            .unwrap_or_else(|| panic!("missing role {id}"));
        assert!(
            role.assessable && !role.expectations.is_empty(),
            "{id} must be assessable"
        );
    }
    // Every role a career link names is a node of the graph.
    for role in framework.roles() {
        for link in role
            .career
            .feeders
            .iter()
            .chain(&role.career.next)
            .chain(&role.career.adjacent)
        {
            assert!(
                framework.role(link).is_some(),
                "{} links to missing {link}",
                role.id
            );
        }
    }
}

#[test]
fn blueprint_roles_carry_every_section_the_issue_names() {
    let framework = Framework::embedded().unwrap();
    for id in [
        "senior-platform-specialist",
        "senior-platform-engineer",
        "senior-cloud-native-engineer",
        "cloud-platform-engineering-leader",
    ] {
        let role = framework.role(id).unwrap();
        assert!(
            !role.summary.is_empty() && !role.mission.is_empty(),
            "{id}: summary and mission"
        );
        assert!(
            role.responsibilities.len() >= 4,
            "{id}: responsibilities by group"
        );
        assert!(role.kpis.len() >= 10, "{id}: KPIs ({})", role.kpis.len());
        assert!(
            role.kpis
                .iter()
                .all(|k| !k.target.is_empty() && !k.frequency.is_empty()),
            "{id}: KPI targets"
        );
        assert!(role.tools.len() >= 15, "{id}: tools");
        assert_eq!(
            role.milestones.len(),
            5,
            "{id}: goals at 30/60/90 days, 6 and 12 months"
        );
        assert!(
            !role.career.feeders.is_empty() && !role.career.next.is_empty(),
            "{id}: career links"
        );
        assert!(
            !role.career.promotion.is_empty(),
            "{id}: promotion criteria"
        );
        assert!(!role.anti_patterns.is_empty(), "{id}: anti-patterns");
        assert!(role.scorecard.len() >= 5, "{id}: scorecard dimensions");
        assert!(
            !role.experience.as_ref().unwrap().certifications.is_empty(),
            "{id}: certifications"
        );
        let tiers = [
            Tier::MustHave,
            Tier::GoodToHave,
            Tier::Advanced,
            Tier::Emerging,
            Tier::Behavioural,
        ];
        for tier in tiers {
            assert!(
                role.expectations.iter().any(|e| e.tier == Some(tier)),
                "{id}: no {tier:?} skill"
            );
        }
        assert!(role
            .expectations
            .iter()
            .any(|e| e.importance == Importance::Critical));
    }
}

#[test]
fn every_expected_skill_has_anchors_and_a_resource() {
    let framework = Framework::embedded().unwrap();
    for role in framework.roles() {
        for expectation in &role.expectations {
            let skill = framework.skill(&expectation.skill).expect("skill exists");
            assert_eq!(
                skill.anchors.keys().copied().collect::<Vec<_>>(),
                vec![1, 2, 3, 4, 5],
                "{}",
                skill.id
            );
            assert!(
                framework.resources_for(&skill.id).next().is_some(),
                "{} has no resource",
                skill.id
            );
        }
    }
}

#[test]
fn the_learning_pathway_is_complete() {
    let framework = Framework::embedded().unwrap();
    let pathway = framework
        .pathway_between("intermediate-platform-engineer", "senior-platform-engineer")
        .unwrap();
    assert_eq!(
        (pathway.duration_months.min, pathway.duration_months.max),
        (18, 36)
    );
    assert_eq!(pathway.focus_areas.len(), 5);
    assert_eq!(pathway.skills_to_develop.len(), 8);
    assert_eq!(pathway.behaviours.len(), 7);
    assert_eq!(pathway.projects.len(), 6);
    assert_eq!(pathway.ai_literacy.len(), 6);
    assert_eq!(pathway.reading.len(), 5);
    assert_eq!(pathway.courses.len(), 4);
    for book in &pathway.reading {
        let book = framework.resource(book).unwrap();
        assert_eq!(book.kind, ResourceKind::Book);
        assert!(!book.authors.is_empty(), "{} has authors", book.id);
    }
    for course in &pathway.courses {
        assert!(
            !framework.resource(course).unwrap().provider.is_empty(),
            "{course} has a provider"
        );
    }
}

#[test]
fn every_item_says_where_it_came_from() {
    let framework = Framework::embedded().unwrap();
    let known: Vec<&str> = framework
        .manifest()
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let all_sources = framework
        .skills()
        .map(|s| (&s.id, &s.sources))
        .chain(framework.roles().map(|r| (&r.id, &r.sources)))
        .chain(framework.pathways().map(|p| (&p.id, &p.sources)))
        .chain(framework.resources().map(|r| (&r.id, &r.sources)));
    for (id, sources) in all_sources {
        assert!(!sources.is_empty(), "{id} has no source");
        for source in sources {
            assert!(
                source == "authored" || known.contains(&source.as_str()),
                "{id}: unknown source {source}"
            );
        }
    }
    // The provenance index in seeds/ names every source document.
    let index = std::fs::read_to_string(repo().join("seeds/README.md")).expect("seeds/README.md");
    for source in known {
        assert!(
            index.contains(source),
            "seeds/README.md does not index {source}"
        );
    }
}

#[test]
fn expected_levels_follow_the_rank_rule_unless_overridden() {
    let framework = Framework::embedded().unwrap();
    let senior = framework.role("senior-platform-engineer").unwrap();
    let intermediate = framework.role("intermediate-platform-engineer").unwrap();
    let k8s = |role: &pathway::framework::Role| {
        let e = role
            .expectations
            .iter()
            .find(|e| e.skill == "kubernetes")
            .unwrap();
        framework.expected_level(role, e)
    };
    assert_eq!(framework.rule_level(3, Importance::Critical), 4);
    assert_eq!(framework.rule_level(2, Importance::Critical), 3);
    assert!(
        k8s(senior) > k8s(intermediate),
        "a Critical skill expects more at Senior"
    );
}
