//! "Did you mean": the closest known id to a mistyped one.

/// The known id closest to `input`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(input: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let mut score = strsim::jaro_winkler(&input_lower, &candidate.to_lowercase());
        // A prefix or substring match ("senior-platform" for "senior-platform-engineer") is a strong hint.
        if candidate.contains(input_lower.as_str()) && input_lower.len() >= 3 {
            score = score.max(0.9);
        }
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_transposed_id() {
        let known = [
            "senior-platform-engineer",
            "senior-platform-specialist",
            "staff-platform-engineer",
        ];
        assert_eq!(
            did_you_mean("senior-platfrom-engineer", known.iter().copied()),
            Some("senior-platform-engineer")
        );
    }

    #[test]
    fn stays_quiet_for_unrelated_input() {
        assert_eq!(
            did_you_mean("zzz", ["kubernetes", "finops"].iter().copied()),
            None
        );
    }
}
