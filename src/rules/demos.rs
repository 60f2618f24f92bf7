//! The worked examples that ship with each embedded rule set (`examples/*.json`): an answer
//! record with its title, description and teaching note, in each language of the set.

use serde::Deserialize;
use serde_json::Value;

use super::RuleSet;

/// The worked examples that ship with the tool.
pub const DEMOS: &str = include_str!("../../examples/demos.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    pub name: String,
    pub title: String,
    pub description: String,
    pub teaching_note: String,
    /// The answer record, exactly as a user would write it (errors included).
    pub record: Value,
    /// The title, description and teaching note in other languages, by language tag.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, DemoTexts>,
}

/// A worked example's texts in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoTexts {
    pub title: String,
    pub description: String,
    pub teaching_note: String,
}

impl Demo {
    /// Puts the texts of `lang` in place, when the example has them.
    fn translate(mut self, lang: &str) -> Demo {
        if let Some(texts) = self.translations.remove(lang) {
            self.title = texts.title;
            self.description = texts.description;
            self.teaching_note = texts.teaching_note;
        }
        self
    }
}

pub fn demos() -> Vec<Demo> {
    serde_json::from_str(DEMOS).expect("the embedded demos are checked by the test suite")
}

/// The worked examples written for `rules`: those of the embedded set with its id, or
/// none for a rule file of another id.
pub fn demos_for(rules: &RuleSet) -> Vec<Demo> {
    super::EMBEDDED
        .iter()
        .find(|e| e.name == rules.id)
        .map(|e| {
            let demos: Vec<Demo> = serde_json::from_str(e.demos)
                .expect("the embedded demos are checked by the test suite");
            demos
                .into_iter()
                .map(|d| d.translate(&rules.language))
                .collect()
        })
        .unwrap_or_default()
}
