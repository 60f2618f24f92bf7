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
}
