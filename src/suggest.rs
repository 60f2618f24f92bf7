//! "Did you mean" suggestions for mistyped ids, shared by every place that reports an
//! unknown name (rule-file references, answer fields, factor ids on the command line).

/// The closest candidate to `word`, if one is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The `n` candidates closest to `word`, closest first, however far (for naming the real
/// columns beside a mistyped one).
pub fn nearest<'a, I>(word: &str, candidates: I, n: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_typos_only() {
        let ids = ["family_epilepsy", "family_cerebral_palsy", "birth_asphyxia"];
        assert_eq!(did_you_mean("famly_epilepsy", ids), Some("family_epilepsy"));
        assert_eq!(did_you_mean("BIRTH_ASPHIXIA", ids), Some("birth_asphyxia"));
        assert_eq!(did_you_mean("colour", ids), None);
    }

    #[test]
    fn nearest_names_the_closest_first() {
        let names = ["weeks", "bwt", "asphyxia", "study_no"];
        assert_eq!(nearest("wekks", names, 2), ["weeks", "bwt"]);
        assert_eq!(nearest("x", names, 9).len(), 4);
    }
}
