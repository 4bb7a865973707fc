//! Nearest slugs for an unknown one: `claude/sonet-4-7` -> `claude/sonnet-4-7`.

/// At most this many suggestions are given.
pub const MAX_SUGGESTIONS: usize = 3;

/// The slugs nearest to `wanted`, best first: those within an edit distance of a third of
/// its length (at least 2; optimal string alignment, so a swap of two letters is one edit),
/// plus those that end with it after a `/` (`opus-4-7` -> `claude/opus-4-7`). ASCII case is
/// ignored. Ties go alphabetically.
pub fn nearest(wanted: &str, slugs: &[String]) -> Vec<String> {
    let wanted = wanted.to_ascii_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let scored: Vec<(usize, &String)> = slugs
        .iter()
        .filter_map(|slug| {
            let lower = slug.to_ascii_lowercase();
            let tail = lower.rsplit('/').next().unwrap_or(&lower);
            if !wanted.contains('/') && tail == wanted {
                return Some((0, slug));
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
    fn nothing_close_suggests_nothing() {
        assert!(nearest("stable-diffusion/xl", &slugs()).is_empty());
    }
}
