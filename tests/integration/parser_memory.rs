//! The binary reuses the argument parser's memory for the command (`pathway::arena`), which
//! it can do only when none of the parser's blocks is still in use once the parsed arguments
//! are copied out. This binary's allocator is the same arena, so the test sees what the
//! binary does.

#[global_allocator]
static ALLOCATOR: pathway::arena::Arena = pathway::arena::Arena::new();

#[test]
fn parsing_a_command_leaves_none_of_its_memory_in_use() {
    assert!(ALLOCATOR.claim(), "only this test claims the arena");
    let lines: &[&[&str]] = &[
        &["roles"],
        &["role", "senior-platform-engineer", "--format", "json"],
        &[
            "skills",
            "--role",
            "senior-platform-engineer",
            "--color",
            "never",
        ],
        &["skill", "kubernetes"],
        &["pathways"],
        &["pathway", "intermediate-to-senior-platform-engineer"],
        &[
            "assess",
            "--to",
            "senior-platform-engineer",
            "--ratings",
            "ratings.yaml",
            "--no-save",
            "--format",
            "json",
        ],
        &[
            "plan",
            "--ratings",
            "ratings.yaml",
            "--months",
            "6",
            "-f",
            "ics",
        ],
        &["history", "--person", "alex"],
        &["compare", "self", "manager", "--person", "alex"],
        &["validate", "--data", "frameworks/acme"],
        &["export-framework", "out", "--force"],
        &["completions", "bash"],
        &["man"],
    ];
    for line in lines {
        let mark = ALLOCATOR.mark().expect("the owning thread, no mark open");
        let args = std::iter::once("pathway").chain(line.iter().copied());
        let cli = match pathway::parse(args.map(Into::into)) {
            Ok(Ok(cli)) => cli,
            other => panic!("{line:?} does not parse: {other:?}"),
        };
        // Made outside the arena too: they are still in use when the mark is released.
        let shown = ALLOCATOR.outside(|| format!("{cli:?}"));
        let kept = ALLOCATOR.outside(|| cli.clone());
        drop(cli);
        assert!(
            ALLOCATOR.release(mark),
            "parsing {line:?} left a block in use (a `default_value_t`, say)"
        );
        assert_eq!(format!("{kept:?}"), shown);
    }
}
