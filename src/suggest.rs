//! Nearest slugs for an unknown one: `claude/sonet-4-7` -> `claude/sonnet-4-7`.

/// At most this many suggestions are given.
pub const MAX_SUGGESTIONS: usize = 3;

/// The slugs nearest to `wanted`, best first: those within an edit distance of a third of
/// its length (at least 2; optimal string alignment, so a swap of two letters is one edit),
/// plus those that end with it after a `/` (`opus-4-7` -> `claude/opus-4-7`). ASCII case is
/// ignored. Ties go alphabetically.
pub fn nearest(wanted: &str, slugs: &[String]) -> Vec<String> {
    let wanted = wanted.to_ascii_lowercase();
    let chars = wanted.chars().count();
    let limit = (chars / 3).max(2);
    let scored: Vec<(usize, &String)> = slugs
        .iter()
        .filter_map(|slug| {
            let lower = slug.to_ascii_lowercase();
            let tail = lower.rsplit('/').next().unwrap_or(&lower);
            if !wanted.contains('/') && tail == wanted {
                return Some((0, slug));
            }
            // The distance is at least the difference in length: most slugs are ruled out
            // without it (an unknown 200-byte slug against 10,000 took most of a second).
            if lower.chars().count().abs_diff(chars) > limit {
                return None;
            }
            let d = strsim::osa_distance(&wanted, &lower);
            (d <= limit).then_some((d, slug))
        })
        .collect();
    let scored = crate::order::sorted(scored, |(d, slug)| (*d as u64, 0, slug.as_str()));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, s)| s.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs() -> Vec<String> {
        [
            "claude/sonnet-4-7",
            "claude/sonnet-4-6",
            "claude/opus-4-7",
            "gpt/4o",
            "gpt/4o-mini",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn a_typo_suggests_the_intended_slug_first() {
        let s = nearest("claude/sonet-4-7", &slugs());
        assert_eq!(s.first().map(String::as_str), Some("claude/sonnet-4-7"));
        assert!(s.contains(&"claude/sonnet-4-6".to_string()));
    }

    #[test]
    fn a_bare_variant_finds_its_family() {
        assert_eq!(nearest("opus-4-7", &slugs()), vec!["claude/opus-4-7"]);
        assert_eq!(nearest("GPT/4O", &slugs())[0], "gpt/4o");
    }

    #[test]
    fn slugs_ruled_out_by_length_were_too_far_anyway() {
        // Against every slug scored by its distance alone, for wanted slugs shorter, as long
        // as and longer than the slugs (the length filter only skips what the limit drops).
        let slugs: Vec<String> = [
            "a/b",
            "gpt/4o",
            "gpt/4o-mini",
            "claude/sonnet-4-6",
            "x".repeat(30).as_str(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for wanted in [
            "gp",
            "gpt/4",
            "gpt/4o-min",
            "claude/sonnet",
            "claude/sonnet-4-6-long",
            &"x".repeat(26),
        ] {
            let limit = (wanted.len() / 3).max(2);
            let mut all: Vec<(usize, &String)> = slugs
                .iter()
                .map(|s| (strsim::osa_distance(wanted, s), s))
                .filter(|(d, _)| *d <= limit)
                .collect();
            all.sort();
            let expected: Vec<String> = all
                .into_iter()
                .take(MAX_SUGGESTIONS)
                .map(|(_, s)| s.clone())
                .collect();
            assert_eq!(nearest(wanted, &slugs), expected, "{wanted}");
        }
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(nearest("stable-diffusion/xl", &slugs()).is_empty());
    }
}
